import pytest


@pytest.fixture
def acc_seeded(seeded):
    """The 2023 accountability report (seed 004) loaded on top of the seed plans."""
    from accountability.seed import load_all

    (strategy,) = load_all()
    return strategy


@pytest.fixture
def live_acc_seeded(live_seeded):
    from accountability.seed import load_all

    (strategy,) = load_all()
    return strategy
