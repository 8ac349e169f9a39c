"""Every organisation's stored place in the district's lists (plan.list_order): always the
order that sorting by the names gives (sector, its head first, entity by name), whichever way
organisations are created, renamed, moved, deleted or written in bulk."""

import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plan import list_order, listing
from plan.models import Organisation, Plan


def by_names() -> list[str]:
    ranked = listing.with_sector(Organisation.objects.all(), "").order_by(*listing.sector_keys(""))
    return list(ranked.values_list("code", flat=True))


def by_position() -> list[str]:
    return list(Organisation.objects.order_by("list_position").values_list("code", flat=True))


def ours(codes: list[str]) -> list[str]:
    """The fixture's organisations among ``codes`` (the test database may hold the seed's)."""
    return [c for c in codes if c in OURS]


OURS = {"lone", "s-mov", "zeta", "s-gob", "alfa", "beta"}


def assert_in_order():
    assert Organisation.objects.filter(list_position__isnull=True).count() == 0
    positions = list(Organisation.objects.values_list("list_position", flat=True))
    assert len(set(positions)) == len(positions)  # no two organisations share a place
    assert by_position() == by_names()


def org(code, name, kind="entity", sector=None):
    return Organisation.objects.create(code=code, name=name, kind=kind, sector=sector)


@pytest.fixture
def district(db):
    """Created in an order unlike the list's: an entity before its sector, names that sort
    differently from their codes, a lone entity (last: «Sin sector»)."""
    lone = org("lone", "Aaa sin sector")
    movilidad = org("s-mov", "Sector Movilidad", "sector")
    zeta = org("zeta", "Instituto Zeta", sector=movilidad)
    gobierno = org("s-gob", "Sector Gobierno", "sector")
    alfa = org("alfa", "Unidad Alfa", sector=gobierno)
    beta = org("beta", "Agencia Beta", sector=gobierno)
    return {o.code: o for o in (lone, movilidad, zeta, gobierno, alfa, beta)}


def test_created_one_by_one_they_take_the_lists_order(district):
    assert_in_order()
    # the sector's head first, its entities by name, sectors by name, no sector last
    assert ours(by_position()) == ["s-gob", "beta", "alfa", "s-mov", "zeta", "lone"]


def test_renaming_a_sector_moves_its_entities_with_it(district):
    gobierno = district["s-gob"]
    gobierno.name = "Sector Zonas"
    gobierno.save()
    assert_in_order()
    assert ours(by_position()) == ["s-mov", "zeta", "s-gob", "beta", "alfa", "lone"]


def test_moving_an_entity_to_another_sector_and_deleting_one(district):
    alfa = district["alfa"]
    alfa.sector = district["s-mov"]
    alfa.save()
    assert_in_order()
    assert ours(by_position()) == ["s-gob", "beta", "s-mov", "zeta", "alfa", "lone"]
    district["beta"].delete()
    assert_in_order()
    assert "beta" not in by_position()


def test_a_bulk_write_then_renumber_puts_every_new_one_in_its_place(district):
    # bulk_create sends no signal (the synthetic data's path): renumber places them
    Organisation.objects.bulk_create(
        [
            Organisation(code="new-a", name="Agencia Nueva", kind="entity"),
            Organisation(code="new-b", name="Banco Nuevo", kind="entity"),
        ]
    )
    assert list_order.renumber() == 2
    assert_in_order()


def test_renumber_writes_only_what_changed(district):
    assert list_order.renumber() == 0
    with CaptureQueriesContext(connection) as queries:
        list_order.renumber()
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert writes == []


def test_the_migration_numbers_organisations_that_existed_before(district):
    Organisation.objects.update(list_position=None)
    migration = importlib.import_module("plan.migrations.0012_organisation_list_position")

    class Apps:
        @staticmethod
        def get_model(app, name):
            return Organisation

    migration.number_organisations(Apps, None)
    assert_in_order()


def test_the_synthetic_writer_leaves_every_organisation_in_order(district):
    # bulk writes (no signals): entities, their sectors (new and existing) and lone entities
    from synthetic.design import design_plan
    from synthetic.writer import write_plans

    write_plans([design_plan(n, per_objective=1) for n in (1, 2, 46, 47, 61, 62, 71)], False)
    assert Organisation.objects.count() > 12
    assert_in_order()


def test_a_plan_list_follows_the_stored_order(district):
    """The home lists plans in the stored order: after renaming a sector, its entities'
    plans move with it."""
    plans = {
        code: Plan.objects.create(
            organisation=o,
            slug=f"plan-{code}",
            kind="pei",
            name=f"Plan {code}",
            start_year=2024,
            end_year=2027,
        )
        for code, o in district.items()
    }
    order = Plan.objects.filter(organisation__code__in=OURS).order_by(
        *listing.sector_order(), "-start_year", "name"
    )
    assert [p.organisation.code for p in order] == ours(by_names())
    district["s-gob"].name = "Sector Zonas"
    district["s-gob"].save()
    assert [p.organisation.code for p in order.all()] == ours(by_names())
    assert len(plans) == 6


@pytest.mark.django_db
def test_the_sector_read_from_plain_columns_is_the_one_with_sector_computes():
    """plan.listing.sector_in on rows read with entity_columns, with the sectors' names read
    apart, gives each organisation's group (id, name, code) as with_sector's SQL does: an
    entity under its sector, a sector heading its own group, an organisation of no sector
    under none."""
    sector = org("s-gob", "Gobierno", "sector")
    org("alfa", "Alfa", sector=sector)
    org("lone", "Sola")
    in_sql = {
        row["code"]: (row["group_sector_id"], row["group_sector_name"], row["group_sector_code"])
        for row in listing.with_sector(Organisation.objects.all(), "").values(
            "code", "group_sector_id", "group_sector_name", "group_sector_code"
        )
    }
    read = Organisation.objects.values("code", "id", "kind", "name", "sector_id")
    sectors = {o.id: (o.name, o.code) for o in Organisation.objects.filter(kind="sector")}
    sector_of = listing.sector_in(sectors)
    for row in read:
        as_row = {f"organisation__{k}": v for k, v in row.items()}
        as_row["organisation_id"] = row["id"]
        assert sector_of(as_row) == in_sql[row["code"]], row["code"]
    assert in_sql["alfa"] == (sector.id, "Gobierno", "s-gob") == in_sql["s-gob"]
    assert in_sql["lone"] == (None, None, None)
