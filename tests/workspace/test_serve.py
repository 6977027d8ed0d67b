"""`tandem serve`: migrate, then hand the process to gunicorn over WSGI."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection


class ExecCalled(Exception):
    """Raised by the fake exec so the command stops where it would replace the process."""


@pytest.fixture
def exec_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []

    def fake_execv(path: str, argv: list[str]) -> None:
        calls.append(argv)
        raise ExecCalled

    monkeypatch.setattr("os.execv", fake_execv)
    return calls


@pytest.mark.django_db(transaction=True)
def test_serve_migrates_then_runs_gunicorn_on_the_asked_address(exec_calls) -> None:  # type: ignore[no-untyped-def]
    out = StringIO()
    with pytest.raises(ExecCalled):
        call_command("serve", host="0.0.0.0", port=9123, workers=3, stdout=out)
    argv = exec_calls[0]
    assert argv[1:4] == ["-m", "gunicorn", "tandem.config.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "0.0.0.0:9123"
    assert argv[argv.index("--workers") + 1] == "3"
    assert "tandem_cache" in connection.introspection.table_names()
    assert "http://0.0.0.0:9123/" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_serve_on_the_database_queue_starts_a_worker_beside_gunicorn(  # type: ignore[no-untyped-def]
    exec_calls, monkeypatch: pytest.MonkeyPatch, settings
) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr("subprocess.Popen", lambda argv: started.append(argv))
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with pytest.raises(ExecCalled):
        call_command("serve", port=9124, stdout=StringIO())
    assert started[0][1:4] == ["-m", "tandem.cli", "worker"]
    assert exec_calls[0][1:3] == ["-m", "gunicorn"]


@pytest.mark.django_db(transaction=True)
def test_serve_without_a_worker_when_asked(exec_calls, monkeypatch, settings) -> None:  # type: ignore[no-untyped-def]
    started: list[list[str]] = []
    monkeypatch.setattr("subprocess.Popen", lambda argv: started.append(argv))
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with pytest.raises(ExecCalled):
        call_command("serve", port=9125, no_worker=True, stdout=StringIO())
    assert started == []
