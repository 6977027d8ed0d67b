"""Production settings fail fast on a missing secret and pass Django's deploy checks."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _run(
    tmp_path: Path, *args: str, timeout: int = 120, **env: str
) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter with only the environment a test names (no developer's DATABASE_URL).

    The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is dropped too: a deployment never has it.
    """
    ours = ("TANDEM_", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    clean |= {"PYTHONPATH": SRC, "TANDEM_DATA_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, *args],
        env=clean,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _import_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return _run(tmp_path, "-c", "import tandem.config.settings", **env)


GOOD_KEY = secrets.token_urlsafe(50)


@pytest.mark.parametrize("key", [None, "", "too-short"], ids=["unset", "empty", "short"])
def test_production_refuses_to_start_without_a_real_secret_key(
    tmp_path: Path, key: str | None
) -> None:
    env = {"TANDEM_ENV": "production", "TANDEM_ALLOWED_HOSTS": "tandem.example.org"}
    env |= {} if key is None else {"TANDEM_SECRET_KEY": key}
    result = _import_settings(tmp_path, **env)
    assert result.returncode != 0
    assert "TANDEM_SECRET_KEY must be set to a random string of 50+ characters" in result.stderr


def test_production_refuses_to_start_without_a_host_list(tmp_path: Path) -> None:
    result = _import_settings(tmp_path, TANDEM_ENV="production", TANDEM_SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "TANDEM_ALLOWED_HOSTS" in result.stderr


def test_development_starts_with_safe_defaults(tmp_path: Path) -> None:
    result = _run(
        tmp_path,
        "-c",
        "from tandem.config import settings as s; print(s.DEBUG, s.ALLOWED_HOSTS)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['127.0.0.1', 'localhost', '[::1]', 'testserver']"


PRODUCTION = {
    "TANDEM_ENV": "production",
    "TANDEM_SECRET_KEY": GOOD_KEY,
    "TANDEM_ALLOWED_HOSTS": "tandem.example.org",
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose static files were collected as production does (once: it is slow)."""
    data = tmp_path_factory.mktemp("collected")
    result = _run(data, "-m", "tandem.cli", "collectstatic", "--noinput", timeout=900, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "post-processed" in result.stdout
    return data


def test_a_configured_production_passes_the_deploy_check(collected: Path) -> None:
    result = _run(
        collected, "-m", "tandem.cli", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_the_deploy_check_refuses_production_without_a_static_files_manifest(
    tmp_path: Path,
) -> None:
    result = _run(tmp_path, "-m", "tandem.cli", "check", "--deploy", **PRODUCTION)
    assert result.returncode != 0
    assert "tandem.E001" in result.stderr
    assert "every page would answer 500" in result.stderr


def test_the_deploy_check_refuses_a_manifest_that_lacks_a_shipped_file(
    collected: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(collected, data)
    manifest = data / "static" / "staticfiles.json"
    stored = json.loads(manifest.read_text())
    del stored["paths"]["tandem/tandem.js"]
    manifest.write_text(json.dumps(stored))
    result = _run(data, "-m", "tandem.cli", "check", "--deploy", **PRODUCTION)
    assert result.returncode != 0
    assert "tandem.E002" in result.stderr
    assert "tandem/tandem.js" in result.stderr


def _email_settings(tmp_path: Path, **env: str) -> str:
    script = (
        "from tandem.config import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS)"
    )
    result = _run(tmp_path, "-c", script, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_e_mail_goes_to_the_console_unless_configured(tmp_path: Path) -> None:
    assert _email_settings(tmp_path).startswith("django.core.mail.backends.console.EmailBackend")


def test_one_url_configures_the_smtp_server(tmp_path: Path) -> None:
    url = "smtp://tandem%40example.org:secret@mail.example.org:587/?tls=True"
    assert _email_settings(tmp_path, TANDEM_EMAIL_URL=url) == (
        "django.core.mail.backends.smtp.EmailBackend mail.example.org 587 tandem@example.org True"
    )


def test_trusted_proxies_must_be_addresses_or_networks(tmp_path: Path) -> None:
    result = _import_settings(tmp_path, TANDEM_TRUSTED_PROXIES="10.0.0.0/8, proxy.local")
    assert result.returncode != 0
    assert "TANDEM_TRUSTED_PROXIES" in result.stderr
