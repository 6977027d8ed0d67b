"""Metrics at three years of daily history: pages, chart data, recording and importing.

Seeds 20 metrics with 1,095 daily values each (21,900 measurements) and an
experiment with three variants, then times each operation through Django's
whole stack in-process (routing, middleware, session, validation,
serialization), after a few warm-up runs:

    python benchmarks/metrics_bench.py
    python benchmarks/metrics_bench.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Results are printed and written to benchmarks/results/metrics-<engine>.{md,json}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import harness

PRODUCT = "MBEN"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--metrics", type=int, default=20)
    parser.add_argument("--days", type=int, default=1_095, help="daily values per metric")
    parser.add_argument("--repeat", type=int, default=50, help="timed runs per operation")
    parser.add_argument(
        "--database-url",
        help="PostgreSQL server URL; a scratch database bench_h_metrics is made there and dropped",
    )
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    return parser.parse_args()


_scratches: list[harness.Scratch] = []


def configure(args: argparse.Namespace) -> str:
    """Point Tandem at a fresh scratch database before Django loads its settings."""
    _scratches.append(harness.in_process("metrics", args.database_url))
    return _scratches[-1].engine


def drop_scratch(args: argparse.Namespace) -> None:
    while _scratches:
        harness.drop_in_process(_scratches.pop())


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def timed(repeat: int, operation: Callable[[int], Any]) -> dict[str, float]:
    for i in range(min(5, repeat)):
        operation(-1 - i)
    samples = []
    for i in range(repeat):
        started = time.perf_counter()
        operation(i)
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
    }


def run(args: argparse.Namespace, engine: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from tandem.metrics import services as metric_services
    from tandem.workspace import services, writes
    from tandem.workspace.models import Role
    from tandem.workspace.selectors import product_access

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    organization = services.organization_create(name="Bench")
    pm = services.user_create(email="pm@bench.test", password="bench-password")
    product = services.product_create(
        organization=organization, key=PRODUCT, name="Bench", creator=None
    )
    services.membership_grant(product=product, user=pm, role=Role.PRODUCT_MANAGER)
    access = product_access(user=pm, product_key=PRODUCT)
    today = dt.date.today()
    first = today - dt.timedelta(days=args.days - 1)
    started = time.perf_counter()
    metrics = []
    for n in range(args.metrics):
        metric = writes.record_create(
            access=access,
            kind="metric",
            fields={"name": f"Metric {n}", "unit": "%", "target": 50.0},
        ).record
        rows = [
            {"measured_on": first + dt.timedelta(days=d), "value": 30 + (d * 7 + n) % 17}
            for d in range(args.days)
        ]
        metric_services.measurements_record_batch(access=access, metric_id=metric.pk, rows=rows)
        metrics.append(metric)
    experiment = writes.record_create(
        access=access,
        kind="experiment",
        fields={
            "name": "Three-way",
            "metric": metrics[0].pk,
            "variants": [
                {"name": "A", "exposures": 10_000, "conversions": 1_000},
                {"name": "B", "exposures": 10_000, "conversions": 1_080},
                {"name": "C", "exposures": 10_000, "conversions": 1_010},
            ],
        },
    ).record
    assert experiment is not None
    seed_seconds = time.perf_counter() - started
    if engine == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    client = Client()
    client.force_login(pm)
    one = metrics[0].pk
    base = f"/api/v1/products/{PRODUCT}"
    year = [first - dt.timedelta(days=366 * 50) + dt.timedelta(days=d) for d in range(365)]

    def check(response: Any, status: int = 200) -> None:
        if response.status_code != status:
            raise SystemExit(f"unexpected {response.status_code}: {response.content[:300]!r}")

    def record(i: int) -> None:
        # Alternating values on the series' last day: every run replaces that day's value.
        body = {"measured_on": today.isoformat(), "value": 40 + i % 2}
        check(client.post(f"{base}/metrics/{one}/measurements", body, "application/json"))

    def batch_new_year(i: int) -> None:
        # A year of values long before the series, on a fresh metric each run.
        metric = writes.record_create(access=access, kind="metric", fields={"name": f"Batch {i}"})
        assert metric.record is not None
        body = {
            "measurements": [{"measured_on": d.isoformat(), "value": 1.0} for d in year],
        }
        check(
            client.post(
                f"{base}/metrics/{metric.record.pk}/measurements/batch", body, "application/json"
            )
        )

    csv_text = "date,value\n" + "".join(f"{d.isoformat()},{d.day}\n" for d in year)

    def import_year(i: int) -> None:
        metric = writes.record_create(access=access, kind="metric", fields={"name": f"Import {i}"})
        assert metric.record is not None
        metric_services.measurements_import(
            access=access,
            metric_id=metric.record.pk,
            upload=metric_services.CsvUpload(csv_text, filename="year.csv"),
        )

    operations: dict[str, Callable[[int], None]] = {
        f"metric list API ({args.metrics} metrics, last move each)": lambda _: check(
            client.get(f"{base}/metrics")
        ),
        "metrics HTML page": lambda _: check(client.get(f"/p/{PRODUCT}/metrics/")),
        f"metric HTML page ({args.days:,} values, chart + table)": lambda _: check(
            client.get(f"/p/{PRODUCT}/metrics/{one}/")
        ),
        f"chart data API ({args.days:,} points + markers)": lambda _: check(
            client.get(f"{base}/metrics/{one}/chart")
        ),
        "record one value (API, replaces the day)": record,
        "batch of 365 new days (API)": batch_new_year,
        "CSV import of 365 lines (service)": import_year,
        "experiment with 3 variants (API, verdicts)": lambda _: check(
            client.get(f"{base}/experiments/{experiment.pk}")
        ),
        "PM home page (with the metrics card)": lambda _: check(client.get(f"/p/{PRODUCT}/")),
    }
    results = {name: timed(args.repeat, op) for name, op in operations.items()}
    return {
        "engine": engine,
        "metrics": args.metrics,
        "days": args.days,
        "repeat": args.repeat,
        "seed_seconds": round(seed_seconds, 1),
        "results": results,
        "python": sys.version.split()[0],
    }


def report(summary: dict[str, Any]) -> str:
    lines = [
        f"Tandem metrics benchmark — {summary['engine']}, {summary['metrics']} metrics × "
        f"{summary['days']:,} daily values, {summary['repeat']} runs each "
        f"(seeded in {summary['seed_seconds']} s)",
        "",
        "| operation | p50 ms | p95 ms |",
        "| --- | ---: | ---: |",
    ]
    for name, figures in summary["results"].items():
        lines.append(f"| {name} | {figures['p50_ms']} | {figures['p95_ms']} |")
    return "\n".join(lines)


def main() -> None:
    args = parse_args()
    engine = configure(args)
    try:
        summary = run(args, engine)
    finally:
        drop_scratch(args)
    text = report(summary)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"metrics-{engine}.json").write_text(json.dumps(summary, indent=2))
    (args.out / f"metrics-{engine}.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
