"""Go-to-market records of the Product Manager: plans and prices, segments, positioning,
messages. Each may name the releases it goes out with and the day it launches."""

from __future__ import annotations

from django.db import models

from tandem.workspace.live_constraints import unique_while_live
from tandem.workspace.product_records import ProductRecord


class _Launched(ProductRecord):
    # Release versions of this product ("2.0 2.1"): delivery sits above strategy, so a
    # release is named, as a decision names its backlog items.
    releases = models.CharField(max_length=300, blank=True)
    launch_on = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True


class Segment(ProductRecord):
    """A group of buyers the product is sold to."""

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)  # buyers in the segment

    class Meta:
        constraints = [unique_while_live("product", "name", name="segment_unique_live_name")]

    def __str__(self) -> str:
        return self.name


class BillingPeriod(models.TextChoices):
    MONTHLY = "monthly", "per month"
    YEARLY = "yearly", "per year"
    ONE_OFF = "one_off", "one-off"


class PricingPlan(_Launched):
    """A plan and its price, in the organization's currency."""

    name = models.CharField(max_length=120)
    price = models.DecimalField(max_digits=14, decimal_places=2)
    billing_period = models.CharField(
        max_length=8, choices=BillingPeriod.choices, default=BillingPeriod.MONTHLY
    )
    included = models.TextField(blank=True)  # what the plan includes, one per line
    segment = models.ForeignKey(
        Segment, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans"
    )

    def __str__(self) -> str:
        return self.name


class Positioning(_Launched):
    """A positioning statement on Geoffrey Moore's template."""

    for_customer = models.CharField(max_length=200)  # For (target customer)
    who_need = models.CharField(max_length=200)  # who (statement of need)
    product_name = models.CharField(max_length=120)  # the (product name)
    category = models.CharField(max_length=120)  # is a (product category)
    key_benefit = models.CharField(max_length=200)  # that (key benefit)
    unlike = models.CharField(max_length=200)  # Unlike (primary competitive alternative)
    differentiator = models.CharField(max_length=200)  # our product (primary differentiation)
    segment = models.ForeignKey(
        Segment, null=True, blank=True, on_delete=models.SET_NULL, related_name="positionings"
    )

    @property
    def statement(self) -> str:
        return (
            f"For {self.for_customer} who {self.who_need}, {self.product_name} is "
            f"{self.category} that {self.key_benefit}. Unlike {self.unlike}, our product "
            f"{self.differentiator}."
        )

    def __str__(self) -> str:
        return f"Positioning for {self.for_customer}"


class Message(_Launched):
    """What we say to one segment."""

    segment = models.ForeignKey(Segment, on_delete=models.PROTECT, related_name="messages")
    text = models.TextField()

    def __str__(self) -> str:
        return self.text[:60]
