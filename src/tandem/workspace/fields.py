"""The one input policy: what every text, number, date and link field of the product accepts.

A record type's input schema is written with these types, so the API validates
with them, the pages validate the same form with the same schema, and the
services validate again before a write. Nothing else cleans a value.

Numbers are finite and inside a documented range per kind of value (money,
percentages, story points, metric values, counts); text has no NUL, no lone
surrogate and no control characters but tab and newline; a link is http(s) or
mailto only. Pages compute on stored numbers, so an extreme but legal value
must stay printable: the ranges below keep every sum of a product's values
far from overflow.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from django.db import models
from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    create_model,
    field_validator,
)
from pydantic_core import core_schema

from .validators import check_web_url

# --- ranges, one per kind of value (README "Input limits") --------------------------------
MONEY_MAX = Decimal("1000000000000")  # a trillion in the organization's currency
METRIC_MAX = 1e12  # a metric value, a baseline, a target
PERCENT_MAX = 100
POINTS_MAX = 1000  # story points
COUNT_MAX = 1_000_000_000  # reach, votes, sample sizes: people, not bytes
SCORE_MAX = 1000  # value, effort, impact, job size …
DATE_MIN = dt.date(1970, 1, 1)
DATE_MAX = dt.date(2199, 12, 31)

SHORT_TEXT = 200
LONG_TEXT = 20_000

_FORBIDDEN_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean_text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("contains a character that is not valid Unicode") from None
    if _FORBIDDEN_CHARACTERS.search(value):
        raise ValueError("contains a control character (NUL, escape …)")
    return value.strip()


def _finite(value: Any) -> Any:
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


def _safe_url(value: str) -> str:
    """A web address people may click (or nothing): never javascript:, data: or vbscript:."""
    return check_web_url(value) if value else value


def _in_date_range(value: dt.date | None) -> dt.date | None:
    if value is not None and not DATE_MIN <= value <= DATE_MAX:
        raise ValueError(f"must be between {DATE_MIN} and {DATE_MAX}")
    return value


def _present(value: str) -> str:
    if not value:
        raise ValueError("is required")
    return value


def chars(limit: int) -> Any:
    """At most ``limit`` characters: ``Annotated[str, chars(120)]``."""
    return Field(max_length=limit)


REQUIRED = AfterValidator(_present)  # a text that must not be blank


@dataclass(frozen=True)
class OneOf:
    """One of a fixed set of values (a model's choices): ``Annotated[str, one_of(Horizon)]``."""

    values: tuple[str, ...]

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return core_schema.literal_schema(list(self.values))


def one_of(options: type[models.TextChoices]) -> OneOf:
    return OneOf(tuple(options.values))


Text = Annotated[str, chars(SHORT_TEXT)]
RequiredText = Annotated[str, chars(SHORT_TEXT), REQUIRED]
LongText = Annotated[str, chars(LONG_TEXT)]
Url = Annotated[str, BeforeValidator(_clean_text), Field(max_length=500), AfterValidator(_safe_url)]
Email = Annotated[
    str,
    BeforeValidator(_clean_text),
    Field(max_length=254, pattern=r"^$|^[^@\s]+@[^@\s]+$"),
    AfterValidator(str.lower),
]


def _cents(value: Decimal) -> Decimal:
    return Decimal(_finite(value)).quantize(Decimal("0.01"))


Money = Annotated[
    Decimal,
    Field(ge=0, le=MONEY_MAX, max_digits=16, decimal_places=2),
    AfterValidator(_cents),
]
MetricValue = Annotated[float, Field(ge=-METRIC_MAX, le=METRIC_MAX, allow_inf_nan=False)]
Percent = Annotated[int, Field(ge=0, le=PERCENT_MAX)]
Points = Annotated[int, Field(ge=0, le=POINTS_MAX)]
Count = Annotated[int, Field(ge=0, le=COUNT_MAX)]
Score = Annotated[float, Field(ge=0, le=SCORE_MAX, allow_inf_nan=False)]
Date = Annotated[dt.date, AfterValidator(_in_date_range)]
Ref = Annotated[int, Field(ge=1, le=2**63 - 1)]
Version = Annotated[int, Field(ge=1, le=2**31 - 1)]


def _first_of_month(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value.strip()):
        return f"{value.strip()}-01"
    if isinstance(value, dt.date):
        return value.replace(day=1)
    return value


Month = Annotated[
    dt.date,
    BeforeValidator(_first_of_month),
    AfterValidator(lambda day: _in_date_range(day.replace(day=1))),
    Field(json_schema_extra={"widget": "month"}),
]


def rating(low: int, high: int) -> Any:
    """A whole number on a fixed scale, such as influence 1–5."""
    return Annotated[int, Field(ge=low, le=high)]


def _clean_texts(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_clean_texts(v) for v in value]
    return _clean_text(value)


class Query(Schema):
    """Query parameters: every text in them is checked by the policy."""

    @field_validator("*", mode="before")
    @classmethod
    def _text_policy(cls, value: Any) -> Any:
        return _clean_texts(value)


class Input(Query):
    """A request body: every text checked by the policy, unknown fields refused."""

    model_config = ConfigDict(extra="forbid")


def _with_metadata(annotation: Any, metadata: list[Any]) -> Any:
    return Annotated[(annotation, *metadata)] if metadata else annotation


def partial(schema: type[Input], name: str) -> type[Input]:
    """The same fields, each optional, plus the ``version`` the change was made from.

    A patch names only what it changes; the record type's schema still validates
    every value it does name, so create and patch can never disagree.
    """
    fields: dict[str, Any] = {
        name: (_with_metadata(info.annotation, info.metadata) | None, None)
        for name, info in schema.model_fields.items()
    }
    fields["version"] = (Version | None, None)
    return create_model(name, __base__=Input, **fields)
