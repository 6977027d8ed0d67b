"""Checks every app applies to the same kind of value: here, addresses people click.

A stored ``javascript:`` (or ``data:``, ``vbscript:``) address runs script in whoever
clicks it. Browsers ignore case, surrounding spaces and control characters, and
tabs or newlines inside the scheme (``java\\tscript:``), so the scheme is read the
way a browser reads it before it is judged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.deconstruct import deconstructible
from pydantic import AfterValidator

UNSAFE_SCHEMES = frozenset({"javascript", "data", "vbscript"})
WEB_SCHEMES = ("http", "https")
_IGNORED_BY_BROWSERS = re.compile(r"[\t\n\r]")
_EDGES = "".join(chr(c) for c in range(0x21))  # C0 controls and space


def scheme_of(address: str) -> str:
    """The scheme a browser would follow (``""`` for a relative address)."""
    text = _IGNORED_BY_BROWSERS.sub("", address).strip(_EDGES)
    scheme, colon, _ = text.partition(":")
    if not colon or not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*", scheme):
        return ""
    return scheme.lower()


def check_web_url(address: str, *, schemes: Sequence[str] = WEB_SCHEMES) -> str:
    """The address, trimmed, if it is a web address; ``ValueError`` saying why if not."""
    text = address.strip()
    if scheme_of(text) in UNSAFE_SCHEMES:
        raise ValueError(f"must not be a {scheme_of(text)}: address; give an http(s) address")
    try:
        URLValidator(schemes=list(schemes))(text)
    except ValidationError:
        raise ValueError(
            f"must be an {'/'.join(schemes)} address, like https://example.org/page"
        ) from None
    return text


@deconstructible
class WebUrlValidator:
    """``check_web_url`` for model and form fields: ``validators=[WebUrlValidator()]``."""

    def __init__(self, schemes: Sequence[str] = WEB_SCHEMES) -> None:
        self.schemes = tuple(schemes)

    def __call__(self, value: str) -> None:
        try:
            check_web_url(value, schemes=self.schemes)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid_url") from exc

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WebUrlValidator) and other.schemes == self.schemes

    def __hash__(self) -> int:
        return hash(self.schemes)


# For API schemas: ``url: WebUrl`` answers 422 naming the field.
WebUrl = Annotated[str, AfterValidator(check_web_url)]
