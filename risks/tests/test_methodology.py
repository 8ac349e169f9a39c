"""The methodology is data: installed by a migration, read back as the pure module's input."""

import copy

import pytest

from risks import assessment as calc
from risks.methodology import (
    MethodologyError,
    install,
    plain,
    plain_from_data,
    read_methodology,
    uninstall,
)
from risks.models import HeatMapCell, Methodology


@pytest.fixture
def shipped(db):
    from risks.methodology import ensure_installed

    return ensure_installed()


def test_the_migration_installs_dafp_v6_as_the_current_methodology(shipped):
    assert shipped.code == "dafp-v6" and shipped.is_current
    assert HeatMapCell.objects.filter(methodology=shipped).count() == 25
    assert shipped.review_dates == ["04-30", "08-31", "12-31"]


def test_what_is_stored_is_what_the_data_file_says(shipped):
    stored = plain(shipped)
    from_file = plain_from_data(read_methodology())
    assert stored == from_file
    assert calc.check_methodology(stored) == []


def test_installing_again_changes_nothing(shipped):
    again = install(read_methodology())
    assert again.pk == shipped.pk
    assert Methodology.objects.count() == 1


def test_a_later_version_becomes_current_and_the_old_one_stays(shipped):
    data = copy.deepcopy(read_methodology())
    data["code"], data["name"] = "dafp-v7", "Versión futura"
    data["heat_map"]["Muy alta"][0] = "extreme"
    later = install(data)
    shipped.refresh_from_db()
    assert later.is_current and not shipped.is_current
    assert plain(later).heat_map[(5, 1)] == calc.EXTREME
    assert plain(shipped).heat_map[(5, 1)] == calc.HIGH
    uninstall("dafp-v7")
    assert not Methodology.objects.filter(code="dafp-v7").exists()


def test_a_heat_map_with_a_missing_cell_is_refused(shipped):
    data = copy.deepcopy(read_methodology())
    data["code"] = "rota"
    data["heat_map"]["Media"] = data["heat_map"]["Media"][:4]
    with pytest.raises(MethodologyError, match="Media"):
        install(data)
    assert not Methodology.objects.filter(code="rota").exists()
