"""Reading a 100,000-issue Jira export: how long the readers take, with no database.

Generates synthetic issues in the shape of Jira's REST search (``/rest/api/2/search``
with ``expand=names,schema``: pages of 100 issues, each with its type, status and
category, priority, people with avatars, sprints, epic link, rank, story points,
wiki-markup description, comments and links) from a fixed seed, writes them once
under ``~/.cache/tandem-bench/``, then times :class:`JiraJsonReader` over every page
file, end to end (file read, JSON decoding, mapping to neutral records).

    python benchmarks/jira_read_bench.py                 # 100,000 issues, 3 runs
    python benchmarks/jira_read_bench.py --issues 20000 --runs 1
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tandem.integrations.sources import values
from tandem.integrations.sources.jira_json import JiraJsonReader

PAGE_SIZE = 100
BASE = "https://example.atlassian.net"
TYPES = [("Story", False, 0), ("Task", False, 0), ("Bug", False, 0), ("Sub-task", True, -1)]
STATUSES = [
    ("To Do", "new"),
    ("Selected for Development", "new"),
    ("In Progress", "indeterminate"),
    ("In Review", "indeterminate"),
    ("Done", "done"),
]
WORDS = [
    "login",
    "export",
    "report",
    "user",
    "admin",
    "page",
    "filter",
    "search",
    "sprint",
    "backlog",
    "board",
    "chart",
    "email",
    "invoice",
    "payment",
    "customer",
    "order",
    "cart",
    "mobile",
    "api",
    "token",
    "sync",
    "import",
    "error",
    "crash",
    "slow",
    "button",
    "dialog",
    "form",
    "field",
    "label",
    "status",
    "release",
    "deploy",
    "cache",
    "query",
    "index",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--issues", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20260311)
    parser.add_argument(
        "--stdlib-json",
        action="store_true",
        help="decode with the standard json module even when orjson is installed",
    )
    parser.add_argument(
        "--cache", type=Path, default=Path.home() / ".cache" / "tandem-bench" / "jira-read"
    )
    return parser.parse_args()


def _user(rng: random.Random, people: list[str]) -> dict[str, Any]:
    handle = rng.choice(people)
    return {
        "self": f"{BASE}/rest/api/2/user?accountId={handle}",
        "accountId": handle,
        "emailAddress": f"{handle}@example.com",
        "avatarUrls": {
            size: f"{BASE}/secure/useravatar?size={size}&ownerId={handle}"
            for size in ("48x48", "24x24", "16x16", "32x32")
        },
        "displayName": handle.replace(".", " ").title(),
        "active": True,
        "timeZone": "Europe/Berlin",
        "accountType": "atlassian",
    }


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def _description(rng: random.Random) -> str:
    parts = [_sentence(rng, rng.randint(12, 30)) + "." for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.4:
        parts.append("h3. Steps\n# " + _sentence(rng, 5) + "\n# " + _sentence(rng, 6))
    if rng.random() < 0.3:
        parts.append("*Expected:* " + _sentence(rng, 8) + " {{" + rng.choice(WORDS) + "}}")
    return "\n\n".join(parts)


def _sprint(number: int, now: datetime) -> dict[str, Any]:
    start = now - timedelta(days=14 * (80 - number))
    state = "closed" if number < 78 else "active" if number == 78 else "future"
    sprint: dict[str, Any] = {
        "id": 100 + number,
        "name": f"Sprint {number}",
        "state": state,
        "boardId": 7,
        "goal": f"Goal of sprint {number}",
    }
    if state != "future":
        sprint["startDate"] = start.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        sprint["endDate"] = (start + timedelta(days=14)).isoformat(timespec="milliseconds")
    if state == "closed":
        sprint["completeDate"] = (start + timedelta(days=14, hours=2)).isoformat(
            timespec="milliseconds"
        )
    return sprint


def _issue(rng: random.Random, number: int, count: int, people: list[str]) -> dict[str, Any]:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    created = now - timedelta(minutes=rng.randint(0, 60 * 24 * 900))
    type_name, subtask, level = rng.choice(TYPES) if number % 50 else ("Epic", False, 1)
    status, category = rng.choice(STATUSES)
    key = f"DRN-{number}"
    fields: dict[str, Any] = {
        "summary": _sentence(rng, rng.randint(4, 10)),
        "issuetype": {
            "self": f"{BASE}/rest/api/2/issuetype/1",
            "id": "1",
            "name": type_name,
            "subtask": subtask,
            "hierarchyLevel": level,
            "iconUrl": f"{BASE}/images/icons/issuetypes/{type_name.lower()}.svg",
        },
        "status": {
            "self": f"{BASE}/rest/api/2/status/3",
            "name": status,
            "id": "3",
            "statusCategory": {"id": 4, "key": category, "colorName": "yellow", "name": status},
        },
        "priority": {"name": rng.choice(["Highest", "High", "Medium", "Low"]), "id": "3"},
        "project": {"self": f"{BASE}/rest/api/2/project/10000", "id": "10000", "key": "DRN"},
        "labels": rng.sample(WORDS, rng.randint(0, 3)),
        "components": [{"name": rng.choice(["web", "api", "mobile"]), "id": "1"}],
        "fixVersions": [],
        "assignee": _user(rng, people) if rng.random() < 0.8 else None,
        "reporter": _user(rng, people),
        "creator": _user(rng, people),
        "created": created.isoformat(timespec="milliseconds"),
        "updated": (created + timedelta(hours=rng.randint(1, 2000))).isoformat(
            timespec="milliseconds"
        ),
        "resolutiondate": None,
        "duedate": None,
        "description": _description(rng),
        "customfield_10016": rng.choice([None, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0]),
        "customfield_10019": f"0|i{number:06x}:",
        "customfield_10020": [_sprint(rng.randint(1, 80), now)] if rng.random() < 0.7 else None,
        "customfield_10014": f"DRN-{50 * rng.randint(1, max(1, count // 50))}",
        "watches": {"self": f"{BASE}/rest/api/2/issue/{key}/watchers", "watchCount": 1},
        "votes": {"votes": 0, "hasVoted": False},
        "timetracking": {},
        "aggregateprogress": {"progress": 0, "total": 0},
        "comment": {
            "comments": [
                {
                    "id": str(number * 10 + index),
                    "author": _user(rng, people),
                    "body": _sentence(rng, rng.randint(5, 25)),
                    "created": (created + timedelta(hours=index + 1)).isoformat(
                        timespec="milliseconds"
                    ),
                }
                for index in range(rng.choice([0, 0, 1, 2, 3]))
            ],
            "maxResults": 3,
            "total": 3,
            "startAt": 0,
        },
        "issuelinks": [
            {
                "id": str(number),
                "type": {"name": "Blocks", "inward": "is blocked by", "outward": "blocks"},
                "outwardIssue": {"id": "1", "key": f"DRN-{rng.randint(1, count)}"},
            }
        ]
        if rng.random() < 0.2
        else [],
    }
    if subtask:
        fields["parent"] = {"id": str(number - 1), "key": f"DRN-{max(1, number - 1)}"}
    return {
        "expand": "operations,versionedRepresentations,editmeta,changelog,renderedFields",
        "id": str(10000 + number),
        "self": f"{BASE}/rest/api/2/issue/{10000 + number}",
        "key": key,
        "fields": fields,
    }


NAMES = {
    "customfield_10016": "Story point estimate",
    "customfield_10019": "Rank",
    "customfield_10020": "Sprint",
    "customfield_10014": "Epic Link",
    "summary": "Summary",
}
SCHEMA = {
    "customfield_10016": {
        "type": "number",
        "custom": "com.pyxis.greenhopper.jira:jsw-story-points",
    },
    "customfield_10019": {"type": "any", "custom": "com.pyxis.greenhopper.jira:gh-lexo-rank"},
    "customfield_10020": {"type": "array", "custom": "com.pyxis.greenhopper.jira:gh-sprint"},
    "customfield_10014": {"type": "any", "custom": "com.pyxis.greenhopper.jira:gh-epic-link"},
}


def generate(folder: Path, count: int, seed: int) -> list[Path]:
    marker = folder / "complete"
    if marker.exists():
        return sorted(folder.glob("page-*.json"))
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    people = [f"person.{index}" for index in range(120)]
    paths = []
    for start in range(0, count, PAGE_SIZE):
        issues = [
            _issue(rng, number, count, people)
            for number in range(start + 1, min(count, start + PAGE_SIZE) + 1)
        ]
        page = {
            "expand": "names,schema",
            "startAt": start,
            "maxResults": PAGE_SIZE,
            "total": count,
            "issues": issues,
            "names": NAMES,
            "schema": SCHEMA,
        }
        path = folder / f"page-{start // PAGE_SIZE:05d}.json"
        path.write_text(json.dumps(page))
        paths.append(path)
    marker.write_text("ok")
    return paths


def read_all(paths: list[Path]) -> tuple[float, float, int, int]:
    """Wall and CPU seconds to read every page, and the issues and problems found."""
    gc.collect()
    started, cpu_started = time.perf_counter(), time.process_time()
    result = JiraJsonReader().feed_files((path.name, path.read_bytes()) for path in paths)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return elapsed, cpu, len(result.issues), len(result.problems)


def main() -> None:
    args = parse_args()
    if args.stdlib_json:
        values._loads = json.loads
    decoder = "json" if values._loads is json.loads else "orjson"
    folder = args.cache / f"{args.issues}-{args.seed}"
    started = time.perf_counter()
    paths = generate(folder, args.issues, args.seed)
    size = sum(path.stat().st_size for path in paths)
    print(
        f"data: {len(paths)} pages, {size / 1e6:.0f} MB ({time.perf_counter() - started:.1f} s); "
        f"decoder: {decoder}"
    )
    times, cpu_times = [], []
    for run in range(args.runs):
        elapsed, cpu, issues, problems = read_all(paths)
        times.append(elapsed)
        cpu_times.append(cpu)
        print(
            f"run {run + 1}: {issues:,} issues, {problems} problems "
            f"in {elapsed:.2f} s wall, {cpu:.2f} s CPU"
        )
    median, cpu_median = statistics.median(times), statistics.median(cpu_times)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"read {args.issues:,} issues: median {median:.2f} s wall (best {min(times):.2f} s), "
        f"{cpu_median:.2f} s CPU, {args.issues / cpu_median:,.0f} issues per CPU second, "
        f"peak memory {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
