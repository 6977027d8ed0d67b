"""The go-to-market kinds, declared once: pricing plans, segments, positioning, messages.

They sit in the strategy row of the rights table (DESIGN.md §2: "pricing, positioning,
go-to-market"): the Product Manager decides, a Product Owner's write becomes a
proposal, everyone else reads.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field

from tandem.workspace import fields as f
from tandem.workspace.access import ProductAccess
from tandem.workspace.errors import ValidationFailed
from tandem.workspace.registry import Hooks, Values
from tandem.workspace.rights import Action

from . import extensions
from .gtm_models import BillingPeriod, Message, Positioning, PricingPlan, Segment

RELEASES_HELP = "Versions of this product's releases it goes out with, e.g. 2.0 2.1."
Phrase = Annotated[str, f.chars(200), f.REQUIRED]


Releases = Annotated[str, f.chars(300)]


def _releases() -> Any:
    return Field("", title="Releases", description=RELEASES_HELP)


def _launch() -> Any:
    return Field(None, title="Launch date")


class SegmentIn(f.Input):
    name: Annotated[str, f.chars(120), f.REQUIRED]
    description: f.LongText = ""
    size: f.Count | None = Field(None, title="Size", description="Buyers in the segment.")


class PricingPlanIn(f.Input):
    name: Annotated[str, f.chars(120), f.REQUIRED] = Field(title="Plan")
    price: f.Money = Field(Decimal(0), description="In the organization's currency.")
    billing_period: Annotated[str, f.one_of(BillingPeriod)] = BillingPeriod.MONTHLY
    included: f.LongText = Field("", title="What is included", description="One per line.")
    segment: f.Ref | None = None
    releases: Releases = _releases()
    launch_on: f.Date | None = _launch()


class PositioningIn(f.Input):
    for_customer: Phrase = Field(title="For (target customer)")
    who_need: Phrase = Field(title="Who (statement of need)")
    product_name: Annotated[str, f.chars(120), f.REQUIRED] = Field(title="The (product name)")
    category: Annotated[str, f.chars(120), f.REQUIRED] = Field(title="Is a (product category)")
    key_benefit: Phrase = Field(title="That (key benefit)")
    unlike: Phrase = Field(title="Unlike (primary competitive alternative)")
    differentiator: Phrase = Field(title="Our product (primary differentiation)")
    segment: f.Ref | None = None
    releases: Releases = _releases()
    launch_on: f.Date | None = _launch()


class MessageIn(f.Input):
    segment: f.Ref
    text: Annotated[str, f.chars(f.LONG_TEXT), f.REQUIRED] = Field(title="Message")
    releases: Releases = _releases()
    launch_on: f.Date | None = _launch()


def release_versions(access: ProductAccess, text: str) -> str:
    """The named releases, each a live release of the product, in the order given."""
    known = extensions.release_names(access)
    versions: list[str] = []
    for raw in text.replace(",", " ").split():
        if known is not None and raw not in known:
            shown = ", ".join(sorted(known)[:10]) or "none yet"
            raise ValidationFailed(
                {"releases": f"{raw} is not a release of {access.product.key} (releases: {shown})"}
            )
        if raw not in versions:
            versions.append(raw)
    return " ".join(versions)


def _check_releases(access: ProductAccess, record: Any, values: Values, creating: bool) -> None:
    if creating or "releases" in values:
        record.releases = release_versions(access, record.releases)


def register_all() -> None:
    from .records import _declare

    launched = Hooks(prepare=_check_releases)
    _declare(
        "segment",
        Segment,
        "Segment",
        "segments",
        Action.STRATEGY,
        SegmentIn,
        search=("name", "description"),
        title_field="name",
        ordering=("name", "id"),
    )
    _declare(
        "pricing_plan",
        PricingPlan,
        "Pricing plan",
        "pricing-plans",
        Action.STRATEGY,
        PricingPlanIn,
        search=("name", "included"),
        title_field="name",
        hooks=launched,
        ordering=("price", "id"),
    )
    _declare(
        "positioning",
        Positioning,
        "Positioning statement",
        "positionings",
        Action.STRATEGY,
        PositioningIn,
        search=("for_customer", "who_need", "key_benefit", "unlike", "differentiator"),
        title_field="for_customer",
        hooks=launched,
        ordering=("id",),
    )
    _declare(
        "message",
        Message,
        "Message",
        "messages",
        Action.STRATEGY,
        MessageIn,
        search=("text",),
        title_field="text",
        hooks=launched,
        ordering=("segment__name", "id"),
    )
