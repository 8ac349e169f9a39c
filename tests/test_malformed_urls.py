"""A crawl of every URL of the site with malformed parameters (unknown ids, wrong types, huge
numbers, unknown or impossible cutoff dates, nonsense query strings), as an anonymous citizen
and as the planning office: 200 (a parameter the page does not use is ignored), 400, 404, 405
or a redirect (to sign in, for anonymous users on internal pages), never a server error."""

import pytest
from django.urls import NoReverseMatch, reverse

from dashboards.tests.helpers import ROLES, user_with_role
from reporting.tests.conftest import media, open_cutoff, people, returned_4200  # noqa: F401
from reporting.tests.test_permissions import state, url_patterns  # noqa: F401

HUGE = "99999999999999999999"
BAD_INTS = [0, 999999999, int(HUGE), 2**63]
BAD_SLUGS = ["no-existe", "a" * 250]
BAD_STRINGS = ["x", "csv%00", "..", "n" * 300]
BAD_QUERIES = [
    "corte=2026-13-45&comparar=x&page=-1",
    "corte=1999-01-01&comparar=1999-02-01",
    f"corte={HUGE}&comparar={HUGE}&pagina={HUGE}",
    f"vigencia={HUGE}&entidad=%00&proceso=project-{HUGE}&dependencia={HUGE}&tipo=x&pagina=-1",
    "vigencia=abc&proceso=process-abc&dependencia=-1&celda=9-9&pagina=x",
    f"celda={HUGE}-{HUGE}&corte={HUGE}",
    "exportar=pdf&objetivo=abc&estado=x&unidad=-1&tipo=zzz&dependencia=abc&orden=zzz",
    "exportar=csv&objetivo=%00&estado=%00&corte=%00",
    "next=http://example.com/&q=%00&sort=-x",
]
ALLOWED = {200, 301, 302, 400, 404, 405}
LOGIN = "/cuenta/login/"


def good_params(cast):
    from accountability.models import Event
    from risks.models import Risk, RiskCutoff
    from risks.tests.factories import make_register

    organisation, _units, _created = make_register(3, year=2025)
    risk = Risk.objects.filter(organisation=organisation).first()
    return {
        "slug": "pes-2024-2027",
        "number": 4,
        "indicator_id": cast.i4075.id,
        "cutoff_id": cast.cutoff.id,
        "pk": risk.pk,
        "cutoff_pk": RiskCutoff.objects.filter(organisation=organisation).first().pk,
        "year": 2023,
        "date": "2026-03-31",
        "dataset": "objetivos",
        "fmt": "csv",
        "event_slug": Event.objects.first().slug,
    }


def variants(name, pattern, params):
    """The URL with good values, then with each parameter replaced by bad ones."""
    converters = getattr(pattern.pattern, "converters", {})
    keys = list(converters) or list(pattern.pattern.regex.groupindex)
    good = {key: params.get(key, 1) for key in keys}
    if name.startswith("accountability:") and "slug" in good:
        good["slug"] = params["event_slug"]
    if name == "opendata:download":
        good.update(slug="pes-2024-2027", date="2026-03-31", dataset="objetivos", fmt="csv")
    if name in ("accountability:download",):
        good.update(dataset="preguntas", fmt="csv")
    urls = []
    try:
        urls.append(reverse(name, kwargs=good))
    except NoReverseMatch:
        pass
    for key in keys:
        kind = type(converters[key]).__name__ if key in converters else "regex"
        bad = {
            "IntConverter": BAD_INTS,
            "SlugConverter": BAD_SLUGS,
            "StringConverter": BAD_STRINGS,
        }.get(kind, ["2026-13-45", "1999-01-01", "indicadores", "9999-99-99", "no-existe", "xlsx"])
        for value in bad:
            try:
                urls.append(reverse(name, kwargs={**good, key: value}))
            except NoReverseMatch:
                continue
    return urls


def crawl(client, params, signed_in):
    problems, checked = [], 0
    client.raise_request_exception = False
    for name, pattern in url_patterns():
        if name in ("logout",):
            continue
        for url in variants(name, pattern, params):
            for query in ["", *BAD_QUERIES]:
                full = f"{url}?{query}" if query else url
                for method in ("get", "post"):
                    if method == "post" and query:
                        continue
                    data = {"executed": HUGE, "reason": "\x00", "corte": "2026-13-45"}
                    response = getattr(client, method)(full, data if method == "post" else None)
                    checked += 1
                    status = response.status_code
                    if status not in ALLOWED and not (status == 403 and signed_in):
                        problems.append((method, full, status))
                    if status == 302 and not signed_in and name not in PUBLIC_REDIRECTS:
                        location = response["Location"]
                        if not location.startswith(LOGIN) and not location.startswith("/admin/"):
                            problems.append((method, full, f"302 to {location}"))
    return problems, checked


PUBLIC_REDIRECTS = {"set_language", "login"}


@pytest.fixture
def params(state):  # noqa: F811 - the fixture imported above
    cast, _p = state
    return cast, good_params(cast)


def test_anonymous_crawl_never_gets_a_server_error(client, params):
    _cast, values = params
    problems, checked = crawl(client, values, signed_in=False)
    assert checked > 1000
    assert problems == []


def test_planning_office_crawl_never_gets_a_server_error(client, params):
    cast, values = params
    client.force_login(cast.planner)
    problems, checked = crawl(client, values, signed_in=True)
    assert checked > 1000
    assert problems == []


@pytest.mark.parametrize(
    "url",
    [
        "/planes/pes-2024-2027/?corte=2026-13-45",
        "/planes/pes-2024-2027/?corte=1999-01-01",
        "/planes/pes-2024-2027/objetivos/4/?corte=1999-01-01",
        "/planes/pes-2024-2027/metodologia/?corte=" + HUGE,
        "/tablero/pes-2024-2027/?corte=2026-13-45",
        "/tablero/pes-2024-2027/?corte=1999-01-01",
        "/tablero/pes-2024-2027/?comparar=x",
        "/tablero/pes-2024-2027/?corte=2026-03-31&comparar=1999-01-01",
        "/tablero/pes-2024-2027/objetivos/4/?corte=1999-01-01",
        "/tablero/pes-2024-2027/alertas/?corte=1999-01-01",
        "/tablero/pes-2024-2027/indicadores/?corte=" + HUGE,
    ],
)
def test_a_malformed_or_unknown_cutoff_date_is_a_bad_request_that_says_why(client, seeded, url):
    """400, and the page still explains the error and shows the newest cutoff."""
    client.force_login(user_with_role("directora", ROLES["director"]))
    response = client.get(url)
    assert response.status_code == 400
    if "metodologia" not in url:  # the methodology page has no cutoff selector
        assert "no es una fecha de corte de este plan" in response.content.decode()
        assert "31/03/2026" in response.content.decode()


def test_an_export_with_an_unknown_cutoff_is_refused_not_the_newest_one(client, seeded):
    client.force_login(user_with_role("directora", ROLES["director"]))
    response = client.get("/tablero/pes-2024-2027/indicadores/?corte=1999-01-01&exportar=csv")
    assert response.status_code == 400
    assert "Content-Disposition" not in response


def test_a_suspicious_request_gets_the_spanish_400_page(client, db, settings):
    settings.ALLOWED_HOSTS = ["tablero.example.gov.co"]
    client.raise_request_exception = False
    response = client.get("/", HTTP_HOST="otro.example.com")
    assert response.status_code == 400
    assert "Solicitud no válida" in response.content.decode()


# --- Control characters ------------------------------------------------------------------------

# Parameters the pages read (besides those of QUERY_VARIANTS), each given a NUL, and control
# characters as a new parameter or key: a 400 before any view, on every page.
READ_PARAMETERS = ("q", "pagina", "corte", "comparar", "entidad", "vigencia", "exportar", "next")
NEW_PARAMETERS = ("nuevo=%00", "%00=1", "q=a%01b", "corte=2026-03-31%1F", "q=a%09b", "q=a%0Ab")


def _with_nul(query: str) -> list[str]:
    """The query string once per parameter, that parameter's value ending in a NUL."""
    pairs = [pair.split("=", 1) for pair in query.lstrip("?").split("&")]
    return [
        "&".join(f"{k}={v}%00" if i == j else f"{k}={v}" for j, (k, v) in enumerate(pairs))
        for i in range(len(pairs))
    ]


def _page_seeds():
    from tests.browser.pages import Seeds, plan_seeds

    plans = plan_seeds()
    return Seeds(plans, "audiencia", 2023, *[1] * 7)


def test_a_control_character_in_any_query_of_any_page_is_a_bad_request(client, seeded):
    """Signed in as the planning office, so that without the rule each view would read the
    parameter (on PostgreSQL, a NUL in a query is a server error)."""
    from tests.browser.pages import QUERY_VARIANTS, every_page

    client.force_login(user_with_role("planeacion", ROLES["planning"]))
    client.raise_request_exception = False
    variants = {query for queries in QUERY_VARIANTS.values() for query in queries}
    queries = [f"{name}=x%00" for name in READ_PARAMETERS] + list(NEW_PARAMETERS)
    queries += [nul for variant in sorted(variants) for nul in _with_nul(variant)]
    wrong, checked = [], 0
    for path in every_page(_page_seeds()):
        base = path.split("?")[0]
        own = _with_nul(path.split("?", 1)[1]) if "?" in path else []
        for query in [*own, *queries]:
            response = client.get(f"{base}?{query}")
            checked += 1
            if response.status_code != 400:
                wrong.append((f"{base}?{query}", response.status_code))
    assert checked > 1000
    assert wrong == []


def test_the_refusal_says_why_in_spanish(client, db):
    response = client.get("/rendicion-de-cuentas/2023/informe/?entidad=%00")
    assert response.status_code == 400
    page = response.content.decode()
    assert "La dirección tiene caracteres no válidos." in page
    assert "Solicitud no válida" in page


def test_a_control_character_in_the_path_is_a_bad_request(client, db):
    assert client.get("/planes/pes%00/").status_code == 400


def test_a_form_with_a_nul_is_a_bad_request_not_a_server_error(client, db):
    client.raise_request_exception = False
    response = client.post(
        "/cuenta/login/",
        "username=ana%00&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "Los datos enviados tienen caracteres no válidos." in response.content.decode()


def test_a_multipart_form_with_a_nul_gets_the_field_error_not_a_server_error(client, db):
    client.raise_request_exception = False
    response = client.post("/cuenta/login/", {"username": "ana\x00", "password": "x"})
    assert response.status_code == 200
    assert "login" in response.templates[0].name


@pytest.mark.parametrize(
    ("query", "body", "refused"),
    [
        ("q=a%09b", "", True),  # no address carries a tab ...
        ("", "texto=l%C3%ADnea%0D%0Aotra%09sangr%C3%ADa", False),  # ... a text area does
        ("", "texto=a%0Bb", True),  # a vertical tab is no text
        ("", "texto%00=a", True),
        ("q=a%7Fb&q=%C3%B1", "texto=%C3%B1", False),  # DEL and letters are not C0 controls
    ],
)
def test_which_characters_are_refused(rf, query, body, refused):
    from config.control_characters import refusal

    request = rf.post(f"/?{query}", body, content_type="application/x-www-form-urlencoded")
    assert (refusal(request) is not None) is refused
