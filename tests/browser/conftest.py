"""Browser tests see the pages with their CSS and scripts.

The live server serves /static/ through Django's finders, which know ``css/tablero.css`` but
not the hashed names (``tablero.fdf29e122b4a.css``) that the manifest storage of production
settings writes into the pages; without this, every stylesheet and script would be a 404 and
the tests would check unstyled pages with no charts."""

import pytest


@pytest.fixture(autouse=True)
def plain_static_names(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
