"""Views of the follow-up and plan-structure workbooks: export, import preview, confirm."""

from __future__ import annotations

import hashlib
import uuid

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plan import access, permissions, roles, scoping
from plan.models import Plan
from reporting import (
    importing,
    structure_workbook,
    structure_write,
    workflow,
)
from reporting.forms import (
    WorkbookUploadForm,
)
from reporting.views import XLSX, _cutoff, editor_view, internal_view, planning_view
from reporting.workbook_import import parse_followup, parsed_from_json, parsed_to_json
from reporting.xlsx import MAX_BYTES

# --- Follow-up workbook ---------------------------------------------------------------------


@internal_view
def followup_export(request, cutoff_id):
    cutoff = _cutoff(cutoff_id, request.user)
    content = importing.export_followup(cutoff, request.user)
    response = HttpResponse(content, content_type=XLSX)
    name = f"seguimiento-{cutoff.plan.slug}-{cutoff.date:%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _stash(request, key, content: bytes, rows: str | None = None) -> None:
    """Keep the upload (and, for the follow-up workbook, its rows as checked) until it is
    confirmed; the session holds only their names and the file's digest."""
    _drop(request, key)
    base = f"importaciones/{uuid.uuid4().hex}"
    name = default_storage.save(f"{base}.xlsx", ContentFile(content))
    stash = {"name": name, "sha": hashlib.sha256(content).hexdigest()}
    if rows is not None:
        stash["rows"] = default_storage.save(f"{base}.json", ContentFile(rows.encode()))
        stash["rows_sha"] = hashlib.sha256(rows.encode()).hexdigest()
    request.session[key] = stash


def _unstash(request, key) -> bytes | None:
    stash = request.session.get(key)
    if not stash or not default_storage.exists(stash["name"]):
        return None
    with default_storage.open(stash["name"], "rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != stash["sha"]:
        return None
    return content


def _unstash_rows(request, key):
    """The rows kept with the upload, or None (then the file is read again)."""
    stash = request.session.get(key) or {}
    name = stash.get("rows")
    if not name or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        text = handle.read()
    if hashlib.sha256(text).hexdigest() != stash.get("rows_sha"):
        return None
    return parsed_from_json(text.decode())


def _drop(request, key) -> None:
    stash = request.session.pop(key, None)
    if stash:
        for name in (stash["name"], stash.get("rows")):
            if name:
                default_storage.delete(name)


def _read_upload(form) -> bytes | None:
    upload = form.cleaned_data["file"]
    if upload.size > MAX_BYTES:
        form.add_error("file", _("El archivo pesa más de %(mb)s MB.") % {"mb": MAX_BYTES // 2**20})
        return None
    return upload.read()


@editor_view
def followup_import(request, cutoff_id):
    cutoff = _cutoff(cutoff_id, request.user)
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    key = f"followup-import-{cutoff.id}"
    if request.method == "POST" and form.is_valid():
        content = _read_upload(form)
        if content is not None:
            parsed = parse_followup(content)
            plan = importing.run_followup_import(
                content, cutoff, request.user, dry_run=True, parsed=parsed
            )
            if not plan.errors:
                _stash(request, key, content, parsed_to_json(parsed))
            return render(
                request,
                "reporting/import_preview.html",
                {
                    "cutoff": cutoff,
                    "plan": plan,
                    "name": form.cleaned_data["file"].name,
                    "is_planning": scoping.manages(request.user, cutoff.plan.organisation_id),
                    "approval_problem": importing.approval_problem(request.user, cutoff),
                },
                status=400 if plan.errors else 200,
            )
    return render(
        request,
        "reporting/import_upload.html",
        {"cutoff": cutoff, "form": form},
        status=400 if form.errors else 200,
    )


@editor_view
@require_POST
def followup_import_confirm(request, cutoff_id):
    cutoff = _cutoff(cutoff_id, request.user)
    key = f"followup-import-{cutoff.id}"
    content = _unstash(request, key)
    if content is None:
        messages.error(request, _("La carga expiró; vuelva a subir el archivo."))
        return redirect("reporting:followup_import", cutoff_id=cutoff.id)
    try:
        plan = importing.run_followup_import(
            content,
            cutoff,
            request.user,
            parsed=_unstash_rows(request, key),
            approve=request.POST.get("approve") == "1",
        )
    except workflow.TransitionError as error:
        messages.error(request, error.message)
        return redirect("reporting:followup_import", cutoff_id=cutoff.id)
    if plan.errors:
        return render(
            request,
            "reporting/import_preview.html",
            {"cutoff": cutoff, "plan": plan, "name": ""},
            status=400,
        )
    _drop(request, key)
    messages.success(
        request,
        _("Libro cargado: %(new)s nuevos, %(updated)s actualizados, %(same)s sin cambios.")
        % {
            "new": plan.count("new"),
            "updated": plan.count("updated"),
            "same": plan.count("unchanged"),
        },
    )
    return redirect("reporting:cutoff_detail", cutoff_id=cutoff.id)


# --- Plan-structure workbook ----------------------------------------------------------------


@access.requires(lambda u: roles.is_planning(u) or roles.is_director(u))
def structure_export(request, slug):
    plans = Plan.objects.select_related("organisation")
    plans = scoping.plans(request.user, permissions.READ, plans)
    plan = get_object_or_404(plans, slug=slug)
    response = HttpResponse(structure_workbook.export_structure(plan), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="estructura-{plan.slug}.xlsx"'
    return response


@planning_view
def structure_import(request):
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    key = "structure-import"
    if request.method == "POST" and form.is_valid():
        content = _read_upload(form)
        if content is not None:
            result = structure_write.run_structure_import(content, request.user, dry_run=True)
            if not result.errors:
                _stash(request, key, content)
            return render(
                request,
                "reporting/structure_preview.html",
                {"result": result, "name": form.cleaned_data["file"].name},
                status=400 if result.errors else 200,
            )
    return render(
        request,
        "reporting/structure_upload.html",
        {"form": form, "plans": scoping.plans(request.user, permissions.MANAGE).order_by("name")},
        status=400 if form.errors else 200,
    )


@planning_view
@require_POST
def structure_import_confirm(request):
    key = "structure-import"
    content = _unstash(request, key)
    if content is None:
        messages.error(request, _("La carga expiró; vuelva a subir el archivo."))
        return redirect("reporting:structure_import")
    result = structure_write.run_structure_import(
        content, request.user, update_existing=request.POST.get("update_existing") == "1"
    )
    if result.errors:
        return render(
            request, "reporting/structure_preview.html", {"result": result, "name": ""}, status=400
        )
    _drop(request, key)
    messages.success(request, _("Estructura del plan cargada."))
    return redirect("reporting:index")
