"""From an uploaded file to neutral records: pick the reader for the source."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tandem.integrations.sources import (
    JiraJsonReader,
    Problem,
    ReadResult,
    read_github_issues,
    read_jira_csv,
    read_mapped_csv,
    read_trello_board,
    suggest_mapping,
)
from tandem.integrations.sources.base import Collector
from tandem.integrations.sources.csvfile import read_table

SOURCES = ("jira", "github", "trello", "csv")


@dataclass(frozen=True)
class Upload:
    """One file as a person gave it."""

    filename: str
    data: bytes


def _looks_like_json(data: bytes) -> bool:
    return data.lstrip()[:1] in (b"{", b"[")


def read_upload(
    source: str, files: list[Upload], mapping: Mapping[str, str] | None = None
) -> ReadResult:
    """Every record of ``files`` read as ``source``; an unknown source is a problem."""
    if source == "jira":
        return _read_jira(files)
    if not files:
        return ReadResult(source=source, problems=(Problem("", "", "file", "is required"),))
    first = files[0]
    if source == "github":
        comments = files[1] if len(files) > 1 else None
        return read_github_issues(
            first.data,
            filename=first.filename,
            comments=comments.data if comments else None,
            comments_filename=comments.filename if comments else "comments.json",
        )
    if source == "trello":
        return read_trello_board(first.data, filename=first.filename)
    if source == "csv":
        chosen = dict(mapping) if mapping else csv_mapping_guess(first)
        return read_mapped_csv(first.data, chosen, filename=first.filename)
    return ReadResult(
        source=source,
        problems=(Problem("", "", "source", f"must be one of {', '.join(SOURCES)}"),),
    )


def _read_jira(files: list[Upload]) -> ReadResult:
    csv_files = [f for f in files if not _looks_like_json(f.data)]
    if csv_files and len(files) == 1:
        return read_jira_csv(files[0].data, filename=files[0].filename)
    reader = JiraJsonReader()
    # A field list names the story points field, so it is read before the pages.
    ordered = sorted(files, key=lambda f: 0 if "field" in f.filename.lower() else 1)
    return reader.feed_files((f.filename, f.data) for f in ordered)


def csv_header(upload: Upload) -> list[str]:
    """The header row of a CSV file, for the column-mapping step."""
    table = read_table(upload.data, filename=upload.filename, collector=Collector("csv"))
    return list(table.header) if table is not None else []


def csv_mapping_guess(upload: Upload) -> dict[str, str]:
    return suggest_mapping(csv_header(upload))
