"""JQL: Jira's query language, read by a real grammar into a typed tree.

    query = parse('type = Story AND "Story Points" >= 3 ORDER BY rank')
    query = normalize(query)             # Jira names → Tandem's (kind, estimate, …)
    to_jql(query)                        # 'kind = Story AND estimate >= 3 ORDER BY rank'
    resolve_date(value, now=now)         # -7d, startOfWeek(-1), "2026-03-01" → datetime

A compiler to database filters is one :class:`NodeVisitor`. Every failure is a
:class:`JqlError` with the line and column it points at.
"""

from .ast import (
    COMPARISONS,
    And,
    Clause,
    DateUnit,
    DurationPart,
    EmptyValue,
    Field,
    FunctionCall,
    Node,
    NodeVisitor,
    Not,
    NumberValue,
    Operator,
    Or,
    Query,
    RelativeDate,
    SortDirection,
    SortKey,
    Span,
    StringValue,
    Value,
    ValueList,
    clauses,
)
from .dates import date_from_text, resolve_date, shift
from .errors import JqlError
from .fields import (
    FIELD_NAMES,
    FIELDS,
    FieldSpec,
    FieldType,
    field_spec,
    kind_for,
    normalize,
    status_for,
)
from .functions import FUNCTIONS, FunctionSpec, Returns
from .parser import MAX_DEPTH, MAX_LENGTH, parse
from .printer import node_to_jql, to_jql, value_to_jql

__all__ = [
    "COMPARISONS",
    "FIELDS",
    "FIELD_NAMES",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "And",
    "Clause",
    "DateUnit",
    "DurationPart",
    "EmptyValue",
    "Field",
    "FieldSpec",
    "FieldType",
    "FunctionCall",
    "FunctionSpec",
    "JqlError",
    "Node",
    "NodeVisitor",
    "Not",
    "NumberValue",
    "Operator",
    "Or",
    "Query",
    "RelativeDate",
    "Returns",
    "SortDirection",
    "SortKey",
    "Span",
    "StringValue",
    "Value",
    "ValueList",
    "clauses",
    "date_from_text",
    "field_spec",
    "kind_for",
    "node_to_jql",
    "normalize",
    "parse",
    "resolve_date",
    "shift",
    "status_for",
    "to_jql",
    "value_to_jql",
]
