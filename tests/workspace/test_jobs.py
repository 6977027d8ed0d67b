"""Background jobs: queued at commit, never on rollback, worked by `tandem worker`."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from tandem.workspace import jobs

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ran: list[dict[str, Any]] = []


def remember(**kwargs: Any) -> None:
    ran.append(kwargs)


def explode(**kwargs: Any) -> None:
    raise RuntimeError("the job failed")


@pytest.fixture(autouse=True)
def _forget() -> None:
    ran.clear()


@pytest.mark.django_db(transaction=True)
def test_a_job_runs_only_once_its_transaction_commits() -> None:
    with transaction.atomic():
        jobs.enqueue(remember, item=7)
        assert ran == []
    assert ran == [{"item": 7}]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_runs_no_job() -> None:
    def write_then_fail() -> None:
        with transaction.atomic():
            jobs.enqueue(remember, item=7)
            raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        write_then_fail()
    assert ran == []


def test_only_a_module_level_function_can_be_a_job() -> None:
    with pytest.raises(jobs.NotAJob):
        jobs.enqueue(lambda: None)


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_what_the_database_queue_holds(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = DATABASE_TASKS
    with transaction.atomic():
        jobs.enqueue(remember, item=1)
        jobs.enqueue(remember, item=2)
    queued = DBTaskResult.objects.all()
    assert [row.task_result.kwargs["kwargs"] for row in queued.order_by("enqueued_at")] == [
        {"item": 1},
        {"item": 2},
    ]
    assert ran == []

    call_command("worker", once=True, stdout=StringIO())

    assert sorted(r["item"] for r in ran) == [1, 2]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_is_recorded_and_the_worker_goes_on(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = DATABASE_TASKS
    jobs.enqueue(explode)
    jobs.enqueue(remember, item=3)

    call_command("worker", once=True, stdout=StringIO())

    assert ran == [{"item": 3}]
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path == "builtins.RuntimeError"


@pytest.mark.django_db(transaction=True)
def test_a_job_put_off_waits_for_its_time(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = DATABASE_TASKS
    jobs.enqueue_in(600, remember, item=4)

    call_command("worker", once=True, stdout=StringIO())

    assert ran == []
    assert DBTaskResult.objects.get().status == "READY"


@pytest.mark.django_db(transaction=True)
def test_the_worker_refuses_to_start_when_jobs_run_inline() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="inline"):
        call_command("worker", once=True)


@pytest.mark.django_db
def test_a_long_job_reports_how_far_it_has_got() -> None:
    assert jobs.progress_of("import:1") is None
    jobs.report_progress("import:1", done=30, total=120, note="rows")
    progress = jobs.progress_of("import:1")
    assert progress is not None
    assert (progress.done, progress.total, progress.percent, progress.finished) == (
        30,
        120,
        25,
        False,
    )
    jobs.report_progress("import:1", done=120, total=120, finished=True)
    assert jobs.progress_of("import:1").finished  # type: ignore[union-attr]
