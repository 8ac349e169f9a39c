"""The text the lists search, stored folded by the database itself (plan.search_text): the
same as Python's fold of the row's fields after every kind of write, ``QuerySet.update()``
included, and found by every word, through the row, its entity or its sector."""

import pytest

from accountability import loading_events
from accountability.models import Event
from accountability.tests.factories import make_strategy, make_unit
from plan import search_text
from plan.models import InvestmentProject, Organisation, Plan
from tests.factories import make_plan

# Every accented letter the database folds, in both cases, and a capital.
ACCENTED = "Gestión ÁÉÍÓÚÜÑ áéíóúüñ Pública"


def stored(model, pk) -> str:
    return model.objects.values_list("search_text", flat=True).get(pk=pk)


def fields(model, pk, *names) -> str:
    return " ".join(model.objects.values_list(*names).get(pk=pk))


@pytest.mark.django_db
def test_each_row_stores_its_fields_folded_after_a_save_and_after_an_update():
    plan = make_plan(1, 1)
    sector = Organisation.objects.create(code="sec-x", name="Sector X", kind="sector")
    project = InvestmentProject.objects.create(
        organisation=plan.organisation, code="7871", name="Proyecto"
    )
    event = make_strategy(1, year=2024, unit=make_unit(plan.organisation)).events.first()
    rows = [
        (Organisation, sector.pk, ("name", "code")),
        (Organisation, plan.organisation_id, ("name", "code")),
        (Plan, plan.pk, ("name", "slug")),
        (InvestmentProject, project.pk, ("name", "code")),
        (Event, event.pk, ("title", "slug")),
    ]
    for model, pk, names in rows:
        assert stored(model, pk) == search_text.fold(fields(model, pk, *names))
        # An update that sends no signal and calls no save(): the database refolds the row.
        model.objects.filter(pk=pk).update(**{names[0]: ACCENTED})
        expected = search_text.fold(fields(model, pk, *names))
        assert stored(model, pk) == expected
        assert expected.startswith("gestion aeiouun aeiouun publica ")


@pytest.mark.django_db
def test_every_word_is_found_in_the_row_its_entity_or_its_sector():
    sector = Organisation.objects.create(code="sgp", name="Sector Gestión Pública", kind="sector")
    entity = Organisation.objects.create(
        code="sg", name="Secretaría General", kind="entity", sector=sector
    )
    plan = make_plan(1, 1, organisation=entity)
    other = make_plan(1, 1)
    plans = Plan.objects.filter(pk__in=[plan.pk, other.pk])

    def found(text):
        return set(search_text.matching(plans, text).values_list("pk", flat=True))

    assert found("SECRETARIA publica") == {plan.pk}  # a word of the entity, one of the sector
    assert found("sgp") == {plan.pk}
    assert found(plan.slug) == {plan.pk}
    assert found("") == {plan.pk, other.pk}
    assert found("secretaria inexistente") == set()  # every word must be found
    # Renamed in one statement, without a signal: found by the new name at once.
    Organisation.objects.filter(pk=sector.pk).update(name="Sector Hacienda")
    assert found("hacienda secretaria") == {plan.pk}
    assert found("publica") == set()


@pytest.mark.django_db
@pytest.mark.parametrize("few", [0, 2, search_text.FEW])
def test_a_search_gives_the_same_rows_and_count_whether_it_reads_ids_or_counts(monkeypatch, few):
    """``found`` reads the ids of at most FEW rows found; past that it counts them. Both give
    the rows in the list's order and the count the COUNT of the search gives."""
    entity = Organisation.objects.create(code="ent-z", name="Entidad Zeta", kind="entity")
    for _ in range(4):
        make_plan(1, 1, organisation=entity)
    make_plan(1, 1)  # another entity's
    ordered = Plan.objects.order_by("-name")
    monkeypatch.setattr(search_text, "FEW", few)
    rows, count = search_text.found(ordered, "zeta")
    expected = search_text.matching(ordered, "zeta")
    assert list(rows) == list(expected) and len(expected) == 4
    assert count == (4 if few >= 4 else None)
    assert rows.count() == 4
    assert search_text.found(ordered, "  ") == (ordered, None)


@pytest.mark.django_db
def test_an_event_is_found_through_its_strategys_organisation_and_by_its_title(client):
    sector = Organisation.objects.create(code="sec-m", name="Sector Movilidad", kind="sector")
    entity = Organisation.objects.create(
        code="idu", name="Instituto de Desarrollo Urbano", kind="entity", sector=sector
    )
    event = make_strategy(1, year=2024, unit=make_unit(entity)).events.get()
    Event.objects.filter(pk=event.pk).update(
        title="Diálogo sobre la Avenida Boyacá", is_public=True
    )
    other = make_strategy(1, year=2024).events.get()
    Event.objects.filter(pk=other.pk).update(is_public=True)
    on = loading_events.EVENT_SEARCH

    def found(text):
        return set(search_text.matching(Event.objects.all(), text, on).values_list("pk", flat=True))

    assert found("movilidad") == {event.pk}  # its sector
    assert found("IDU desarrollo") == {event.pk}  # its entity's code and name
    assert found("boyaca dialogo") == {event.pk}  # its own title, without accents
    assert found("movilidad boyaca") == {event.pk}  # a word of each
    assert found("movilidad inexistente") == set()
