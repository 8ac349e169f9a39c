"""Gunicorn instances on 127.0.0.1 and a tiny HTTP client with cookies and CSRF tokens."""

from __future__ import annotations

import http.client
import os
import re
import subprocess  # noqa: S404 - fixed argument lists, no shell  # nosec B404
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from ops.load.generator import check_loopback

ROOT = Path(__file__).resolve().parents[2]


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    """The production-like environment of the scripts (DEBUG off, loopback hosts)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        SECRET_KEY="load-test-only-" + "k" * 50,
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="60",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def manage(env: dict, *args: str, timeout: float = 600) -> str:
    result = subprocess.run(  # noqa: S603 - fixed arguments  # nosec B603
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


class Gunicorn:
    def __init__(self, port: int, env: dict, workers: int = 3, threads: int = 4):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        check_loopback(self.url)
        self.log = ROOT / f".gunicorn-{port}.log"
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
            "--worker-class", "gthread", "--threads", str(threads),
            "--timeout", "30", "--graceful-timeout", "5", "--error-logfile", str(self.log),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603  # nosec B603

    def wait_ready(self, timeout: float = 60) -> Gunicorn:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            try:
                if Client(self.url).get("/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"gunicorn on {self.port} did not answer /healthz")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.unlink(missing_ok=True)

    def __enter__(self):
        return self.wait_ready()

    def __exit__(self, *exc):
        self.stop()


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(html: str) -> str | None:
    match = CSRF_INPUT.search(html)
    return match.group(1) if match else None


class Client:
    """Cookies kept between requests, like a browser; one server (loopback only)."""

    def __init__(self, base_url: str, cookies: dict[str, str] | None = None):
        self.host, self.port = check_loopback(base_url)
        self.cookies = dict(cookies or {})

    def cookie_header(self) -> dict[str, str]:
        if not self.cookies:
            return {}
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def request(self, method: str, path: str, data: dict | None = None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = self.cookie_header()
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if "expires=Thu, 01 Jan 1970" in value or cookie_value in ('""', ""):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = cookie_value
        connection.close()
        return response.status, content, dict(response.getheaders())

    def get(self, path: str):
        return self.request("GET", path)

    def post_form(self, form_path: str, data: dict, action: str | None = None):
        """GETs the page with the form (for the CSRF token), then POSTs to ``action``."""
        _status, html, _headers = self.get(form_path)
        token = csrf_token(html) or self.cookies.get("csrftoken", "")
        return self.request("POST", action or form_path, {"csrfmiddlewaretoken": token, **data})

    def login(self, username: str, password: str):
        return self.post_form("/cuenta/login/", {"username": username, "password": password})
