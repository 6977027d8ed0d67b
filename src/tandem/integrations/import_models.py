"""Import runs and the external ids that make a second run update instead of duplicate."""

from __future__ import annotations

from django.db import models

from tandem.workspace.models import Product
from tandem.workspace.product_records import Authored


class ExternalRef(models.Model):
    """A record of ours that came from another tool: its id and key there (``DRN-42``).

    Re-importing finds the record by ``(product, source, object_type, external_id)``;
    the backlog finds an item by its old ``external_key``. ``data`` keeps what the
    record could not hold, such as an assignee not yet a member (by e-mail).
    """

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=16)
    object_type = models.CharField(max_length=16)  # item, sprint, comment
    object_id = models.BigIntegerField()
    external_id = models.CharField(max_length=200)
    external_key = models.CharField(max_length=100, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["product", "source", "object_type", "external_id"],
                name="external_ref_once",
            )
        ]
        indexes = [
            models.Index(fields=["product", "external_key"], name="external_ref_key"),
            models.Index(fields=["object_type", "object_id"], name="external_ref_object"),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_key or self.external_id}"


class RunKind(models.TextChoices):
    IMPORT = "import", "Import"
    ARCHIVE_IMPORT = "archive_import", "Archive import"
    EXPORT = "export", "Export"


class RunState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ImportRun(Authored):
    """One import or export asked for from the web or the API, worked in the background."""

    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    product_key = models.CharField(max_length=10)
    kind = models.CharField(max_length=16, choices=RunKind.choices, default=RunKind.IMPORT)
    source = models.CharField(max_length=16, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    dry_run = models.BooleanField(default=False)
    state = models.CharField(max_length=8, choices=RunState.choices, default=RunState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    payload = models.BinaryField(blank=True, default=b"")  # the uploaded file, or the archive
    summary = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["product_key", "created_at"], name="import_run_product")]

    def __str__(self) -> str:
        return f"{self.kind} {self.source} {self.product_key} ({self.state})"
