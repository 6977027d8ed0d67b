"""Production settings fail fast on a missing secret and pass Django's deploy checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
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
        timeout=120,
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


def test_a_configured_production_passes_the_deploy_check(tmp_path: Path) -> None:
    result = _run(
        tmp_path,
        "-m",
        "tandem.cli",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        TANDEM_ENV="production",
        TANDEM_SECRET_KEY=GOOD_KEY,
        TANDEM_ALLOWED_HOSTS="tandem.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr
