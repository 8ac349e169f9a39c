import pytest


@pytest.fixture
def acc_seeded(seeded):
    """The 2023 accountability report (seed 004), loaded with every seed by the root conftest."""
    from accountability.models import Strategy

    return Strategy.objects.get(year=2023, organisation__code="SG")


@pytest.fixture
def live_acc_seeded(live_seeded):
    from accountability.models import Strategy

    return Strategy.objects.get(year=2023, organisation__code="SG")
