"""Production settings, security headers, the admin for the planning office only, sign-in
throttling and session expiry."""

import os
import re
import secrets
import subprocess  # noqa: S404
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from plan.roles import DIRECTOR, PLANNING, REPORTER

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "DEBUG": "false",
    "HTTPS": "true",
    "ALLOWED_HOSTS": "tablero.example.gov.co",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
    "CSRF_TRUSTED_ORIGINS": "https://tablero.example.gov.co",
}


def check_deploy(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests' fixture, never in production
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "HTTPS", "ALLOWED_HOSTS"}
        and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_production_environment():
    result = check_deploy(**PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_when_https_is_not_configured():
    result = check_deploy(**{**PRODUCTION, "HTTPS": "false"})
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_the_proxy_header_comes_from_the_environment():
    code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "('HTTP_X_FORWARDED_PROTO', 'https')", (
        result.stderr
    )
    bad = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION, "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode != 0 and "SECURE_PROXY_SSL_HEADER must be HEADER,value" in bad.stderr


# --- Headers ---------------------------------------------------------------------------------


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/", "/planes/pes-2024-2027/", "/cuenta/login/", "/admin/login/", "/riesgos/corrupcion/"],
)
def test_every_page_sends_the_security_headers(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 200
    csp = directives(response["Content-Security-Policy"])
    assert csp["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert not [s for s in csp["script-src"] if s.startswith(("http", "*"))]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_pages_with_charts_load_only_files_of_our_own_origin_and_name_no_nonce(client, seeded):
    """script-src is 'self' alone: no page has an inline script, so no response needs a nonce
    (and none can leak into a page kept whole for every visitor, plan.public_cache)."""
    client.force_login(User.objects.create_superuser("csp", "csp@example.gov.co", None))
    for url in ("/tablero/pes-2024-2027/objetivos/4/", "/riesgos/corrupcion/"):
        response = client.get(url)
        assert directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]
        page = response.content.decode()
        scripts = re.findall(r"<script\b[^>]*>", page)
        executable = [s for s in scripts if 'type="application/json"' not in s]
        assert executable, f"{url} loads its chart scripts"
        for tag in executable:
            assert re.search(r'src="/static/[^"]+"', tag) and "nonce" not in tag, tag


def test_no_template_holds_an_inline_script_or_a_nonce():
    """The rule behind script-src 'self': every executable script is a static file. A JSON
    data block (type="application/json") is not executed and stays allowed."""
    root = Path(__file__).resolve().parent.parent
    templates = [
        t
        for t in root.glob("**/templates/**/*.html")
        if ".venv" not in t.parts and "staticfiles" not in t.parts
    ]
    assert len(templates) > 50
    offending = []
    for template in templates:
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "application/json" not in tag and ("src=" not in tag or "nonce" in tag):
                offending.append(f"{template.relative_to(root)}: {tag}")
        if "csp_nonce" in text:
            offending.append(f"{template.relative_to(root)}: csp_nonce")
    assert offending == []


@pytest.mark.django_db
def test_cached_public_pages_load_only_same_origin_scripts_that_self_allows(client, seeded):
    """Citizens' plan pages, the second one from the fragment cache: every script they load is
    a file of our own origin, which script-src 'self' allows even in the copy a browser keeps
    after a 304 (whose policy names no nonce; plan/tests/test_public_cache.py)."""
    for _ in range(2):
        response = client.get("/planes/pes-2024-2027/")
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]+)", policy).group(1)
        assert "'self'" in script_src and "unsafe-inline" not in script_src
        page = response.content.decode()
        tags = [t for t in re.findall(r"<script\b[^>]*>", page) if "application/json" not in t]
        # The plan page draws its scorecard on the server and loads no script today; any
        # script it loads must be a file of our own origin.
        assert all(re.search(r'src="/static/[^"]+"', t) for t in tags)
        assert "<script>" not in page


# --- Templates and static files: no inline scripts, no CDN ------------------------------------

TEMPLATE_FILES = sorted(
    p
    for p in ROOT.rglob("*.html")
    if ".venv" not in p.parts and "staticfiles" not in p.parts and "node_modules" not in p.parts
)
STATIC_FILES = sorted(
    p
    for p in ROOT.rglob("*")
    if p.suffix in {".js", ".css"}
    and "static" in p.parts
    and not {".venv", "staticfiles", "node_modules"} & set(p.parts)
)
EXTERNAL = re.compile(r"(?:https?:)?//(?!127\.0\.0\.1|localhost)[a-z0-9.-]+\.[a-z]{2,}", re.I)


def test_templates_and_static_files_were_found():
    assert len(TEMPLATE_FILES) > 50
    assert {p.name for p in STATIC_FILES} >= {"charts.js", "tablero.css", "heatmap.js"}


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_inline_scripts_handlers_or_external_assets(path):
    text = path.read_text()
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag or 'type="application/json"' in tag, tag
        if "src=" in tag:
            assert "{% static " in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", text), "inline event handler"
    assert "javascript:" not in text
    for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", text):
        assert not EXTERNAL.search(tag), tag


@pytest.mark.parametrize("path", STATIC_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_static_files_load_nothing_from_other_hosts(path):
    text = path.read_text()
    for pattern in (
        r"url\(\s*['\"]?([^)'\"]+)",
        r"@import\s+['\"]([^'\"]+)",
        r"src\s*=\s*['\"]([^'\"]+)",
    ):
        for target in re.findall(pattern, text):
            assert not EXTERNAL.match(target), target


@pytest.mark.django_db
def test_rendered_pages_load_scripts_and_styles_from_this_site_only(client, seeded):
    for url in ["/", "/planes/pes-2024-2027/", "/riesgos/corrupcion/", "/rendicion-de-cuentas/"]:
        page = client.get(url).content.decode()
        for tag in re.findall(r"<(?:script|link)\b[^>]*>", page):
            assert not EXTERNAL.search(tag.replace('content="', "")), (url, tag)


# --- The admin belongs to the planning office -------------------------------------------------

PASSWORD = "una-clave-larga-de-prueba-2026"


def staff_user(username, group=None, superuser=False):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    if superuser:
        user.is_superuser = True
        user.save()
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("group", [DIRECTOR, REPORTER, None])
def test_staff_outside_the_planning_office_cannot_use_the_admin(client, group):
    user = staff_user("persona", group)
    response = client.post("/admin/login/", {"username": "persona", "password": PASSWORD})
    assert response.status_code == 200
    assert "La administración es solo para la Oficina Asesora de Planeación." in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    client.force_login(user)
    response = client.get("/admin/plan/plan/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("superuser", [False, True], ids=["planning-group", "superuser"])
def test_the_planning_office_signs_in_to_the_admin(client, superuser):
    staff_user("oap", None if superuser else PLANNING, superuser=superuser)
    response = client.post("/admin/login/?next=/admin/", {"username": "oap", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


# --- Sign-in throttling and session expiry ----------------------------------------------------


@pytest.mark.django_db
def test_five_wrong_passwords_lock_that_user_from_that_address(client, settings):
    assert settings.AXES_ENABLED and settings.AXES_FAILURE_LIMIT == 5
    User.objects.create_user("directora", password=PASSWORD)
    for _ in range(4):
        wrong = client.post("/cuenta/login/", {"username": "directora", "password": "x"})
        assert "Usuario o contraseña incorrectos." in wrong.content.decode()
    fifth = client.post("/cuenta/login/", {"username": "directora", "password": "x"})
    assert fifth.status_code == 429
    locked = client.post("/cuenta/login/", {"username": "directora", "password": PASSWORD})
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Demasiados intentos" in page and "15 minutos" in page
    assert "_auth_user_id" not in client.session
    # Another address is not locked, and the right password works there.
    other = client.post(
        "/cuenta/login/",
        {"username": "directora", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.9",
    )
    assert other.status_code == 302


@pytest.mark.django_db
def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(rf, settings):
    from config.security import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", REMOTE_ADDR="10.0.0.2")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # what our proxy saw; 1.2.3.4 may be forged
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.2"


@pytest.mark.django_db
def test_a_session_lasts_a_working_day_and_ends_with_the_browser(client, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    User.objects.create_user("directora", password=PASSWORD)
    response = client.post("/cuenta/login/", {"username": "directora", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # gone when the browser closes
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert client.session.get_expiry_age() == 8 * 3600


# --- Shared cache and sessions ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url, backend",
    [
        ("", "django.core.cache.backends.locmem.LocMemCache"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
        ("redis://127.0.0.1:6379/0", "django.core.cache.backends.redis.RedisCache"),
        ("db://tablero_cache", "django.core.cache.backends.db.DatabaseCache"),
    ],
)
def test_cache_url_selects_the_backend(url, backend):
    from config.env import cache_from_url

    assert cache_from_url(url)["BACKEND"] == backend


@pytest.mark.parametrize("url", ["memcached://x", "db://", "db://mal nombre"])
def test_a_bad_cache_url_fails_loudly(url):
    from django.core.exceptions import ImproperlyConfigured

    from config.env import cache_from_url

    with pytest.raises(ImproperlyConfigured):
        cache_from_url(url)


def shell(code, **env):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_sessions_are_cached_only_in_a_shared_cache():
    code = "from django.conf import settings; print(settings.SESSION_ENGINE.rsplit('.', 1)[1])"
    assert shell(code, CACHE_URL="redis://127.0.0.1:6379/0") == "cached_db"
    assert shell(code, CACHE_URL="") == "db"


def test_the_redis_cache_really_is_shared_between_processes():
    url = "redis://127.0.0.1:6379/0"
    key = f"prueba-{secrets.token_hex(4)}"
    write = (
        f"from django.core.cache import cache; cache.set('{key}', 'compartido', 30); print('ok')"
    )
    read = f"from django.core.cache import cache; print(cache.get('{key}'))"
    assert shell(write, CACHE_URL=url) == "ok"
    assert shell(read, CACHE_URL=url) == "compartido"
    assert shell(read, CACHE_URL="locmem://") == "None"


def test_check_deploy_warns_about_sessions_in_a_per_process_cache():
    result = check_deploy(
        **PRODUCTION,
        CACHE_URL="locmem://",
        SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
    )
    assert result.returncode != 0 and "tablero.W001" in result.stderr
    assert check_deploy(**PRODUCTION, CACHE_URL="redis://127.0.0.1:6379/0").returncode == 0
