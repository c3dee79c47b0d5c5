from __future__ import annotations

from django.db import models

from investigations.models.cases import Case


class CorrectiveAction(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="corrective_actions")
    description = models.TextField()
    owner = models.CharField("owner (person or office)", max_length=200)
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)  # None: still open

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return f"{self.owner}: {self.description[:60]} (by {self.due_date:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.done_at is None
