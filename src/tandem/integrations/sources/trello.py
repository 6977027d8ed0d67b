"""A Trello board's JSON export (Board menu → Print, export and share → Export as JSON).

Lists become statuses (in board order, with a category guessed from the name:
"Doing" is in progress, "Done" is done), cards become records ordered by their
``pos``, labels that name a kind ("Bug", "Epic") set it, members become people,
``commentCard`` actions become comments and ``createCard`` actions give the
reporter. Checklists become acceptance criteria, or sub-tasks when asked. Story
points come from a number custom field named like "Story Points" or from the
"(3) Card title" prefix of the Scrum for Trello convention. Archived cards and
lists are left out unless asked for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any, Literal

from tandem.core.jql.fields import kind_for

from .base import (
    DONE,
    NEW,
    Collector,
    FileReader,
    ImportedComment,
    ImportedIssue,
    ImportedLink,
    ImportedPerson,
    IssueRef,
    ReadResult,
    bulk_reading,
    record_label,
)
from .values import JsonProblem, as_dict, category_for, iso_date, iso_datetime, load_json, number

SOURCE = "trello"
_POINTS_PREFIX = re.compile(r"^\s*\((\d+(?:\.\d+)?)\)\s*")
_POINT_FIELD_NAMES = {"story points", "points", "story point estimate", "estimate", "sp"}


def read_trello_board(
    data: bytes | str,
    *,
    filename: str = "board.json",
    checklists: Literal["criteria", "subtasks"] = "criteria",
    include_archived: bool = False,
) -> ReadResult:
    collector = Collector(SOURCE)
    try:
        board = load_json(data)
    except JsonProblem as problem:
        collector.problem(filename, "file", "", str(problem))
        return collector.result()
    if not isinstance(board, dict) or not isinstance(board.get("cards"), list):
        collector.problem(filename, "file", "", "is not a Trello board export (no cards)")
        return collector.result()
    with bulk_reading():
        _BoardReader(collector, board, filename, checklists, include_archived).read()
    return collector.result()


class _BoardReader(FileReader):
    def __init__(
        self,
        collector: Collector,
        board: dict[str, Any],
        filename: str,
        checklists: Literal["criteria", "subtasks"],
        include_archived: bool,
    ) -> None:
        super().__init__(collector, filename)
        self.board = board
        self.checklist_mode = checklists
        self.include_archived = include_archived
        self.lists = {
            item["id"]: item
            for item in _dicts(board.get("lists"))
            if isinstance(item.get("id"), str)
        }
        self.labels = {
            item["id"]: str(item.get("name") or item.get("color") or "")
            for item in _dicts(board.get("labels"))
            if isinstance(item.get("id"), str)
        }
        self.members = {
            item["id"]: collector.person(
                ImportedPerson(
                    external_id=item["id"],
                    name=str(item.get("fullName") or ""),
                    username=str(item.get("username") or ""),
                )
            )
            for item in _dicts(board.get("members"))
            if isinstance(item.get("id"), str)
        }
        self.point_fields = {
            item["id"]
            for item in _dicts(board.get("customFields"))
            if str(item.get("name", "")).strip().lower() in _POINT_FIELD_NAMES
        }
        self.checklists: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for checklist in _dicts(board.get("checklists")):
            self.checklists[str(checklist.get("idCard"))].append(checklist)
        self.comments: dict[str, list[ImportedComment]] = defaultdict(list)
        self.creations: dict[str, tuple[ImportedPerson | None, datetime | None]] = {}
        self._read_actions()

    def read(self) -> None:
        for list_id, item in sorted(self.lists.items(), key=lambda pair: _pos(pair[1])):
            if self.include_archived or not item.get("closed"):
                name = str(item.get("name") or list_id)
                self.collector.status(name, category_for(name))
        cards = sorted(
            enumerate(self.board["cards"], 1),
            key=lambda pair: _pos(pair[1]) if isinstance(pair[1], dict) else 0.0,
        )
        for index, card in cards:
            self._card(index, card)

    def _read_actions(self) -> None:
        for number_in_file, action in enumerate(_dicts(self.board.get("actions")), 1):
            data = as_dict(action.get("data"))
            card = as_dict(data.get("card"))
            card_id = card.get("id")
            if not isinstance(card_id, str):
                continue
            author = self._member(action)
            record = record_label("action", number_in_file)
            when = self._moment(action.get("date"), record, "date")
            if action.get("type") == "commentCard":
                self.comments[card_id].append(
                    ImportedComment(
                        body=str(data.get("text") or ""),
                        author=author,
                        created=when,
                        external_id=str(action.get("id") or ""),
                    )
                )
            elif action.get("type") in ("createCard", "copyCard", "convertToCardFromCheckItem"):
                self.creations[card_id] = (author, when)

    def _member(self, action: dict[str, Any]) -> ImportedPerson | None:
        member_id = action.get("idMemberCreator")
        if isinstance(member_id, str) and member_id in self.members:
            return self.members[member_id]
        creator = action.get("memberCreator")
        if isinstance(creator, dict) and isinstance(creator.get("id"), str):
            person = ImportedPerson(
                external_id=creator["id"],
                name=str(creator.get("fullName") or ""),
                username=str(creator.get("username") or ""),
            )
            self.members[creator["id"]] = self.collector.person(person)
            return self.members[creator["id"]]
        return None

    def _card(self, index: int, card: Any) -> None:
        if not isinstance(card, dict):
            self.problem(record_label("card", index), "", "is not a card")
            return
        key = str(card.get("shortLink") or card.get("id") or "")
        record = record_label("card", index, key)
        name = card.get("name")
        if not key:
            self.problem(record, "shortLink", "is missing; every card needs an id")
            return
        if not isinstance(name, str) or not name.strip():
            self.problem(record, "name", "is empty")
            return
        list_id = card.get("idList")
        column = self.lists.get(list_id) if isinstance(list_id, str) else None
        if column is None:
            self.problem(record, "idList", f"names a list {card.get('idList')!r} not on the board")
            return
        if not self.include_archived and (card.get("closed") or column.get("closed")):
            return
        points, title = self._points(card, name, record)
        labels = tuple(
            self.labels[label_id]
            for label_id in _ids(card.get("idLabels"))
            if label_id in self.labels
        )
        kind_label = next((label for label in labels if kind_for(label)), "")
        list_name = str(column.get("name") or column["id"])
        reporter, created = self.creations.get(str(card.get("id")), (None, None))
        criteria, subtasks = self._checklists(card, key)
        self.collector.issues.append(
            ImportedIssue(
                source=SOURCE,
                external_id=str(card.get("id") or key),
                external_key=key,
                title=title,
                kind=kind_for(kind_label) or "story",
                source_kind=kind_label,
                description=str(card.get("desc") or ""),
                status=self.collector.status(list_name, category_for(list_name)),
                story_points=points,
                position=_pos(card),
                sequence=index,
                assignees=tuple(
                    self.members[member]
                    for member in _ids(card.get("idMembers"))
                    if member in self.members
                ),
                reporter=reporter,
                labels=labels,
                created=created or _created_from_id(card.get("id")),
                updated=self._moment(card.get("dateLastActivity"), record, "dateLastActivity"),
                due=self._due(card.get("due"), record),
                comments=tuple(self.comments.get(str(card.get("id")), ())),
                links=_attachments(card.get("attachments")),
                acceptance_criteria=criteria,
                url=str(card.get("shortUrl") or card.get("url") or ""),
            )
        )
        self.collector.issues.extend(subtasks)

    def _points(self, card: dict[str, Any], name: str, record: str) -> tuple[float | None, str]:
        title = name.strip()
        prefix = _POINTS_PREFIX.match(title)
        if prefix:
            title = title[prefix.end() :].strip() or title
        for item in _dicts(card.get("customFieldItems")):
            if str(item.get("idCustomField")) in self.point_fields:
                value = as_dict(item.get("value")).get("number")
                return self.parsed(number, value, record, "Story Points"), title
        return (float(prefix.group(1)) if prefix else None), title

    def _checklists(
        self, card: dict[str, Any], key: str
    ) -> tuple[tuple[str, ...], list[ImportedIssue]]:
        items = [
            item
            for checklist in sorted(self.checklists.get(str(card.get("id")), []), key=_pos)
            for item in sorted(_dicts(checklist.get("checkItems")), key=_pos)
            if str(item.get("name") or "").strip()
        ]
        if self.checklist_mode == "criteria":
            return tuple(str(item["name"]).strip() for item in items), []
        parent = IssueRef(key=key, id=str(card.get("id") or ""))
        subtasks = [
            ImportedIssue(
                source=SOURCE,
                external_id=str(item.get("id") or f"{key}-{number_in_card}"),
                external_key=f"{key}-{number_in_card}",
                title=str(item["name"]).strip(),
                kind="subtask",
                source_kind="checklist item",
                status=self.collector.status("Done", DONE)
                if item.get("state") == "complete"
                else self.collector.status("To Do", NEW),
                position=_pos(item),
                parent=parent,
            )
            for number_in_card, item in enumerate(items, 1)
        ]
        return (), subtasks

    def _moment(self, value: Any, record: str, field: str) -> datetime | None:
        return self.parsed(iso_datetime, value, record, field) if value else None

    def _due(self, value: Any, record: str) -> date | None:
        return self.parsed(iso_date, value, record, "due") if value else None


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _ids(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _pos(item: dict[str, Any]) -> float:
    value = item.get("pos")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return 0.0
    return 0.0


def _created_from_id(card_id: Any) -> datetime | None:
    # A Trello id is a MongoDB ObjectId: its first 8 hex digits are the creation second.
    if not isinstance(card_id, str) or len(card_id) != 24:
        return None
    try:
        return datetime.fromtimestamp(int(card_id[:8], 16), tz=UTC)
    except ValueError:
        return None


def _attachments(value: Any) -> tuple[ImportedLink, ...]:
    return tuple(
        ImportedLink(relation="attachment", url=str(item["url"]), title=str(item.get("name") or ""))
        for item in _dicts(value)
        if isinstance(item.get("url"), str) and item["url"]
    )
