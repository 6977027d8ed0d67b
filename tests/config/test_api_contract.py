"""The OpenAPI document keeps its promises: unique names, unique operations, every path routed."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.urls import Resolver404, resolve
from pydantic import BaseModel

from tandem.config.api import api, unknown_path

REF_TEMPLATE = "#/components/schemas/{model}"


def _operations() -> Iterator[tuple[str, Any]]:
    def walk(prefix: str, router: Any) -> Iterator[tuple[str, Any]]:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                yield prefix + path, operation
        for child_prefix, child, *_ in router._routers:
            yield from walk(prefix + child_prefix, child)

    seen: set[int] = set()
    for prefix, router in api._routers:
        for path, operation in walk(prefix, router):
            if id(operation) not in seen:  # a child router is also listed on its own
                seen.add(id(operation))
                yield path, operation


def _models(operation: Any) -> Iterator[type[BaseModel]]:
    for model in operation.models:
        yield model
    for model in operation.response_models.values():
        if isinstance(model, type) and issubclass(model, BaseModel):
            yield model


def _definitions(model: type[BaseModel]) -> dict[str, Any]:
    """Every named schema one model brings into the components, as that model defines it."""
    schema = model.model_json_schema(ref_template=REF_TEMPLATE)
    return schema.get("$defs", {})


def test_no_two_different_schemas_share_a_component_name() -> None:
    seen: dict[str, dict[str, Any]] = {}
    users: dict[str, set[str]] = defaultdict(set)
    clashes: dict[str, set[str]] = defaultdict(set)
    for path, operation in _operations():
        for model in _models(operation):
            for name, definition in _definitions(model).items():
                users[name].add(path)
                earlier = seen.setdefault(name, definition)
                if json.dumps(earlier, sort_keys=True) != json.dumps(definition, sort_keys=True):
                    clashes[name].add(path)
    assert not {name: sorted(paths)[:2] for name, paths in clashes.items()}


def test_every_operation_is_checked() -> None:
    document = api.get_openapi_schema()
    documented = sum(len(methods) for methods in document["paths"].values())
    assert len(list(_operations())) == documented


def test_every_operation_id_is_unique() -> None:
    document = api.get_openapi_schema()
    ids = [
        operation["operationId"]
        for methods in document["paths"].values()
        for operation in methods.values()
    ]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


# A value of the right shape for each kind of path parameter: routing must take it.
_SAMPLE = {"product_key": "DRN", "item_key": "DRN-1", "token": "abc", "status": "done"}


def _filled(path: str) -> str:
    def value(match: re.Match[str]) -> str:
        converter, _, name = match.group(1).rpartition(":")
        if name in _SAMPLE:
            return _SAMPLE[name]
        return "7" if converter in ("int", "") else "x"

    return re.sub(r"\{([^}]+)\}", value, path)


def test_every_documented_operation_is_routed() -> None:
    document = api.get_openapi_schema()
    unrouted = []
    for path in document["paths"]:
        address = _filled(path)
        try:
            match = resolve(address)
        except Resolver404:
            unrouted.append(address)
            continue
        if match.func is unknown_path or getattr(match.func, "__wrapped__", None) is unknown_path:
            unrouted.append(address)
    assert not unrouted
