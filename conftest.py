"""Fixtures shared by every test module."""

import pytest


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Passwords are hashed with MD5 in tests, in every worker and its live servers.

    Production keeps Django's PBKDF2 (a million rounds, about half a second of CPU per
    password, on purpose). Tests create hundreds of people with passwords (the district of
    tests/district.py alone has a dozen, rebuilt per test) and no test is about the cost of the
    hash: under PBKDF2 hashing was most of the suite's CPU time. Signing in through the form
    still checks the password against its stored hash."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load every seed once per test database, and keep its rows (tests/snapshot.py)."""
    from publication.seed import load_everything
    from tests import snapshot

    with django_db_blocker.unblock():
        load_everything()
        return snapshot.take()


@pytest.fixture
def transactional_db(request, django_db_setup, django_db_blocker):
    """Real transactions, as pytest-django's, for the tests served by the live server. On
    PostgreSQL the test starts from the seeded rows and puts them back when it ends, instead of
    an emptied database to seed again (tests/snapshot.py); elsewhere, pytest-django's."""
    from django.db import connections

    from tests import snapshot

    if django_db_setup is None or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")
        yield
        return
    with django_db_blocker.unblock():
        snapshot.restore(django_db_setup)
        try:
            yield
        finally:
            snapshot.restore(django_db_setup)
            for connection in connections.all(initialized_only=True):
                connection.close()  # as after a TransactionTestCase


@pytest.fixture
def seeded(db):
    """The seed plans by slug (every seed is reloaded if a transactional test flushed them)."""
    from plan.models import Plan
    from publication.seed import load_everything

    plans = {plan.slug: plan for plan in Plan.objects.filter(slug__in=SEED_SLUGS)}
    if len(plans) < len(SEED_SLUGS):
        plans = {plan.slug: plan for plan in load_everything()["plans"]}
    return plans


SEED_SLUGS = ("pei-2020-2024", "pes-2024-2027", "pai-2024")


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language (es-CO). A request through the test client
    runs in this thread and leaves its language active (Django never deactivates it), so a
    test that switched to English would otherwise turn the messages of whichever test runs
    next in the same worker into English."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


# --- Browser tests: Playwright for Python driving Debian's Chromium (installed by make test) ---

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    import os
    import shutil

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test
    # itself (fixtures, assertions) are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def live_seeded(transactional_db):
    """Seed data for tests served by the live server (their transactions are real): the
    seeded rows put back (PostgreSQL), or every seed loaded again after a flush."""
    from plan.models import Plan
    from publication.seed import load_everything

    if Plan.objects.filter(slug__in=SEED_SLUGS).count() == len(SEED_SLUGS):
        return {plan.slug: plan for plan in Plan.objects.all()}
    return {plan.slug: plan for plan in load_everything()["plans"]}


@pytest.fixture
def served_static(settings):
    """The live server serves static files through the finders, which do not know the hashed
    names of the manifest storage used when DEBUG is off: without this the browser gets no CSS
    and no plotly.js. Plain names make the page under test the page a citizen gets."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def page(browser, live_server, live_seeded, served_static):
    """A fresh Spanish browser page; ``page.base_url`` is the live server's address."""
    context = browser.new_context(locale="es-CO", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server, live_seeded, served_static):
    """A 375 px wide page, as on a phone."""
    context = browser.new_context(
        locale="es-CO", base_url=live_server.url, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page, impacts=("serious", "critical")):
    """axe-core's violations of the given impacts on the page as it is now. axe-core (half a
    megabyte of script) is put into each loaded document once, not before every run: a page
    checked at two widths runs it twice on one copy (axe_playwright_python's Axe().run)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    if not page.evaluate("() => typeof window.axe === 'object' && !!window.axe.run"):
        page.evaluate(axe.axe_script)
    response = page.evaluate("options => axe.run(options)", {"resultTypes": ["violations"]})
    return [v for v in response["violations"] if v.get("impact") in impacts]


@pytest.fixture(autouse=True)
def _forget_kept_plans():
    """Each test reads the plans' rows afresh: plan.public_cache keeps them for PLAN_TTL seconds
    in the process's memory, which outlives the test's rolled-back transaction. Renewing the
    generation (in the cache) forgets them without emptying a cache that may be shared (Redis)."""
    from plan.public_cache import forget_plans_now

    forget_plans_now()


# --- Selecting the tests that reach a database (CI's second pass, on SQLite) ---

# Fixtures through which a test reaches the database. pytest-django refuses any query from a
# test that requests none of them (nor the django_db marker), so such a test runs the same
# code on every engine.
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that reach the database: the db fixtures, the django_db "
        "marker or the `database` marker (.ci/run's pass on SQLite)",
    )


def reaches_the_database(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & DATABASE_FIXTURES) or any(
        item.get_closest_marker(marker) for marker in ("django_db", "database")
    )


def pytest_collection_modifyitems(config, items):
    if not config.getoption("database_tests_only"):
        return
    kept, deselected = [], []
    for item in items:
        (kept if reaches_the_database(item) else deselected).append(item)
    config.hook.pytest_deselected(items=deselected)
    items[:] = kept
