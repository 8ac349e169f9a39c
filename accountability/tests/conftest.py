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


@pytest.fixture
def served_static(settings):
    """The live server serves static files through the finders, which do not know the hashed
    names of the manifest storage used when DEBUG is off: without this, the browser gets no CSS
    and no plotly.js. Plain names make the page under test the page a citizen gets."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
