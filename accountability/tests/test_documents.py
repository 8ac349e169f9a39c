"""Uploaded documents of an event: checked by content when uploaded in the admin, stored in
MEDIA_ROOT (outside the static files) and served only through a view that applies the
event's visibility."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from accountability.admin import DocumentForm
from accountability.models import Document, Event
from reporting.tests.test_active_content import plain_workbook, with_vba
from risks.tests.factories import planning_user

PDF = b"%PDF-1.4 acta de la audiencia"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def documents(acc_seeded, media):
    public = Event.objects.filter(is_public=True).first()
    hidden = Event.objects.exclude(pk=public.pk).first()
    hidden.is_public = False
    hidden.save(update_fields=["is_public"])
    made = {}
    for name, event in [("publico", public), ("interno", hidden)]:
        document = Document(event=event, kind="other", title=f"Acta {name}")
        document.file.save(f"acta-{name}.pdf", ContentFile(PDF), save=True)
        made[name] = document
    return made


def test_media_is_not_inside_the_static_files():
    media = settings.MEDIA_ROOT.resolve()
    for static in [
        settings.STATIC_ROOT,
        *[d if not isinstance(d, tuple) else d[1] for d in settings.STATICFILES_DIRS],
    ]:
        assert not media.is_relative_to(static.resolve())


def test_a_citizen_downloads_a_document_of_a_public_event(client, documents):
    document = documents["publico"]
    response = client.get(f"/rendicion-de-cuentas/documentos/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    event_page = client.get(f"/rendicion-de-cuentas/espacios/{document.event.slug}/")
    assert f'href="/rendicion-de-cuentas/documentos/{document.pk}/"' in event_page.content.decode()
    assert "/media/" not in event_page.content.decode()


def test_a_document_of_an_internal_event_is_only_for_staff(client, documents):
    url = f"/rendicion-de-cuentas/documentos/{documents['interno'].pk}/"
    assert client.get(url).status_code == 404
    client.force_login(planning_user())
    assert client.get(url).status_code == 200
    client.force_login(User.objects.create_user("ciudadano"))
    assert client.get(url).status_code == 404


def test_unknown_documents_are_404(client, documents):
    assert client.get("/rendicion-de-cuentas/documentos/999999999/").status_code == 404


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("acta.pdf", b"MZ\x90\x00 un ejecutable", "el contenido no corresponde a un archivo .pdf"),
        ("acta.exe", b"MZ", "tipo de archivo no admitido"),
        ("cifras.xlsx", with_vba(plain_workbook()), "contiene macros"),
    ],
)
def test_the_admin_refuses_bad_uploads(acc_seeded, name, content, message):
    event = Event.objects.first()
    form = DocumentForm(
        data={"event": event.pk, "kind": "other", "title": "Acta"},
        files={"file": upload(name, content)},
    )
    assert not form.is_valid()
    assert message in str(form.errors["file"])
    good = DocumentForm(
        data={"event": event.pk, "kind": "other", "title": "Acta"},
        files={"file": upload("acta.pdf", PDF)},
    )
    assert good.is_valid(), good.errors
