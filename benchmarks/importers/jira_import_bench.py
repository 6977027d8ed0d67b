"""Importing a 100,000-issue Jira export into an empty product, end to end.

Uses the synthetic REST search pages of ``benchmarks/jira_read_bench.py`` (the
shape of Jira's ``/rest/api/2/search`` as in the go-jira fixtures: types,
statuses with categories, people, sprints, epic links, LexoRank, story points,
comments, links), written once under ``~/.cache/tandem-bench/jira/``. Times the
import service on a fresh scratch database: reading every page, checking the
whole result, then writing items, labels, comments, links, sprints, external
ids and audit events in one transaction. A second run of the same files is
timed too (everything known, nothing changed).

    python benchmarks/importers/jira_import_bench.py                 # SQLite, 100,000 issues
    python benchmarks/importers/jira_import_bench.py --issues 20000
    python benchmarks/importers/jira_import_bench.py --database-url postgres://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BENCH))

import harness  # noqa: E402
from jira_read_bench import generate  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--issues", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache/tandem-bench/jira")
    parser.add_argument("--database-url", help="PostgreSQL server URL (else SQLite)")
    parser.add_argument("--no-again", action="store_true", help="skip the second, idempotent run")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    paths = generate(args.cache / f"{args.issues}-{args.seed}", args.issues, args.seed)
    scratch = harness.in_process("importer", args.database_url)
    try:
        run(args, paths, scratch.engine)
    finally:
        harness.drop_in_process(scratch)


def run(args: argparse.Namespace, paths: list[Path], engine: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # 120 invitations
    from tandem.backlog.models import Item
    from tandem.integrations.importers.reading import Upload
    from tandem.integrations.importers.services import import_file
    from tandem.workspace import onboarding

    _organization, user = onboarding.first_run(
        organization_name="Bench", email="po@bench.test", password="a long bench password 1"
    )
    files = [Upload(path.name, path.read_bytes()) for path in paths]
    size = sum(len(f.data) for f in files)
    print(f"{engine}: {len(files)} pages, {size / 1e6:.0f} MB, {args.issues:,} issues")
    started, cpu = time.perf_counter(), time.process_time()
    stages: list[str] = []

    def stage(percent: int) -> None:
        stages.append(f"{percent}% at {time.perf_counter() - started:.1f} s")

    outcome = import_file(
        user=user, product_key="BENCH", source="jira", files=files, progress=stage
    )
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    created = Item.objects.filter(product__key="BENCH").count()
    summary = outcome.summary
    print(
        f"first import: {created:,} items, {summary['comments']:,} comments, "
        f"{summary['sprints']} sprints, {summary['links']:,} links in {elapsed:.1f} s wall, "
        f"{cpu:.1f} s CPU ({created / elapsed:,.0f} items/s)"
    )
    print("stages: " + ", ".join(stages))
    if not args.no_again:
        started = time.perf_counter()
        again = import_file(user=user, product_key="BENCH", source="jira", files=files)
        print(
            f"same files again: {again.summary['items_created']} created, "
            f"{again.summary['unchanged']:,} unchanged in {time.perf_counter() - started:.1f} s"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
