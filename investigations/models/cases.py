from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.access import Role, user_roles
from investigations.models.policies import ServiceLevelPolicy, Source


class Category(models.TextChoices):
    WATER_OUTAGE = "water_outage", "No water / water outage"
    WATER_LEAK = "water_leak", "Burst pipe or leak"
    SEWER = "sewer", "Sewer blockage or overflow"
    ELECTRICITY_OUTAGE = "electricity_outage", "Electricity outage"
    STREETLIGHTS = "streetlights", "Streetlights"
    BILLING = "billing", "Billing or account dispute"
    METER = "meter", "Meter reading"
    REFUSE = "refuse", "Refuse not collected / illegal dumping"
    ROADS = "roads", "Potholes, roads and stormwater"
    HOUSING = "housing", "Housing"
    STAFF_CONDUCT = "staff_conduct", "Conduct of staff or call-centre agent"
    SERVICE_DELAY = "service_delay", "Reported fault not attended"
    OTHER = "other", "Other"


class Priority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


class State(models.TextChoices):
    RECEIVED = "received", "Received"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    ASSIGNED = "assigned", "Assigned"
    INVESTIGATING = "investigating", "Investigating"
    ON_HOLD = "on_hold", "On hold"
    FINDINGS_SUBMITTED = "findings_submitted", "Findings submitted"
    APPROVED = "approved", "Approved"
    RESPONDED = "responded", "Responded"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    MERGED = "merged", "Merged as duplicate"


OPEN_STATES = (
    State.RECEIVED,
    State.ACKNOWLEDGED,
    State.ASSIGNED,
    State.INVESTIGATING,
    State.ON_HOLD,
    State.FINDINGS_SUBMITTED,
    State.APPROVED,
)
# States in which the final response is still owed (the response clock runs).
RESPONSE_PENDING_STATES = OPEN_STATES


class Outcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", "Substantiated"
    PARTLY = "partly_substantiated", "Partly substantiated"
    NOT_SUBSTANTIATED = "not_substantiated", "Not substantiated"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REFERRED = "referred", "Referred"


class RootCause(models.TextChoices):
    AGENT_CONDUCT = "agent_conduct", "Agent conduct or skill"
    PROCESS = "process", "Process or procedure failure"
    SYSTEM = "system", "System (IMS, billing) failure"
    DEPARTMENT_DELAY = "department_delay", "Service department did not attend"
    COMMUNICATION = "communication", "Poor communication with the resident"
    THIRD_PARTY = "third_party", "Contractor or third party"
    NO_FAULT = "no_fault", "No fault found"


class BathoPele(models.TextChoices):
    """The eight Batho Pele ("People First") principles of public service."""

    CONSULTATION = "consultation", "Consultation"
    SERVICE_STANDARDS = "service_standards", "Service standards"
    ACCESS = "access", "Access"
    COURTESY = "courtesy", "Courtesy"
    INFORMATION = "information", "Information"
    OPENNESS = "openness", "Openness and transparency"
    REDRESS = "redress", "Redress"
    VALUE_FOR_MONEY = "value_for_money", "Value for money"


class ReferenceCounter(models.Model):
    """The last case number issued per year; numbers are never reused, even if a case goes."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user, *, assigned_to_them: bool = True):
        """Supervisors see every case; investigators the cases assigned to them and the ones
        they worked on (any recorded step); every other role none. ``assigned_to_them=False``
        leaves out the cases assigned to ``user`` (a simpler query than excluding them)."""
        roles = user_roles(user)
        if Role.INVESTIGATIONS_SUPERVISOR in roles:
            return self if assigned_to_them else self.exclude(assignee=user)
        if Role.INVESTIGATOR in roles:
            worked_on = models.Q(pk__in=CaseEvent.objects.filter(actor=user).values("case_id"))
            if not assigned_to_them:
                return self.filter(worked_on).exclude(assignee=user)
            return self.filter(models.Q(assignee=user) | worked_on)
        return self.none()

    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def with_related(self):
        return self.select_related("department", "assignee", "policy", "merged_into")

    def unassigned(self):
        return self.filter(state__in=(State.RECEIVED, State.ACKNOWLEDGED), assignee__isnull=True)

    def awaiting_approval(self):
        return self.filter(state=State.FINDINGS_SUBMITTED)

    def breached(self):
        """Cases with at least one recorded breach (never cleared)."""
        return self.filter(breach_recorded=True)

    def by_time_left(self):
        """Open cases by the next deadline still owed (the stored, indexed ``next_due``)."""
        return self.filter(next_due__isnull=False).order_by("next_due", "pk")


def next_due_of(state: str, acknowledge_due, response_due):
    """The deadline a case in ``state`` owes next: the acknowledgement while received, the final
    response while open, none once finished (withdrawn, merged, responded or closed)."""
    if state == State.RECEIVED:
        return acknowledge_due
    return response_due if state in OPEN_STATES else None


class Case(models.Model):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    source = models.CharField(max_length=30, choices=Source.choices)
    source_reference = models.CharField("the source's own reference", max_length=80, blank=True)
    # Complainant: personal data, shown only to the investigations roles.
    complainant_name = models.CharField(max_length=200)
    complainant_phone = models.CharField(max_length=32, blank=True)
    # Digits in national form (0821234567), for matching the same complainant across cases.
    complainant_phone_key = models.CharField(
        max_length=20, blank=True, db_index=True, editable=False
    )
    complainant_email = models.EmailField(blank=True)
    complainant_account = models.CharField("municipal account number", max_length=40, blank=True)
    ward = models.PositiveSmallIntegerField(null=True, blank=True)
    councillor = models.CharField(max_length=200, blank=True)
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    category = models.CharField(max_length=30, choices=Category.choices, blank=True)
    description = models.TextField()
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    received_at = models.DateTimeField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.RECEIVED)
    policy = models.ForeignKey(ServiceLevelPolicy, on_delete=models.PROTECT, related_name="cases")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_cases",
        help_text="The supervisor who assigned the case; warnings go to them.",
    )
    # Deadlines are a cache of investigations.services.clocks.case_deadlines (derived from the
    # case's events); only that service writes them.
    acknowledge_due = models.DateTimeField()
    response_due = models.DateTimeField()
    response_clock_start = models.DateTimeField()
    # next_due_of(state, acknowledge_due, response_due), stored with the deadlines by the same
    # service so the queue and the board sort an index instead of every case.
    next_due = models.DateTimeField(null=True, blank=True, editable=False)
    # Working days the final response took (core.workdays.days_to_respond: from the clock start,
    # holds skipped), stored with the deadlines when the response is recorded and cleared on
    # reopening, so the Reports for the Offices add up medians in SQL instead of counting every
    # case's working days in Python.
    response_working_days = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # A breach has been recorded (a DeadlineAlert at 100 %), set by the monitor, never cleared.
    breach_recorded = models.BooleanField(default=False, editable=False)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    # Findings and response
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    root_cause = models.CharField(max_length=30, choices=RootCause.choices, blank=True)
    batho_pele_breached = models.CharField(
        "Batho Pele principle breached", max_length=30, choices=BathoPele.choices, blank=True
    )
    findings = models.TextField(blank=True)
    response_text = models.TextField("response to the originating office", blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates"
    )
    follow_up_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="merged") | models.Q(merged_into__isnull=False),
                name="inv_case_merged_has_target",
            ),
            models.CheckConstraint(
                condition=models.Q(ward__isnull=True) | models.Q(ward__gte=1, ward__lte=150),
                name="inv_case_ward_range",
            ),
        ]
        indexes = [
            # serve CaseQuerySet.by_time_left: the board's lists and their counts, read from the
            # index alone (open cases are those with a next_due), an investigator's queue (by
            # assignee), one state's list and the deadline monitor (open states)
            models.Index(
                fields=["next_due", "id", "state", "assignee", "breach_recorded"],
                name="inv_case_next_due_idx",
            ),
            models.Index(fields=["assignee", "next_due", "id"], name="inv_case_assignee_next_idx"),
            models.Index(fields=["state", "next_due", "id"], name="inv_case_state_next_idx"),
            # serves the duplicate search (same ward, last 30 days)
            models.Index(fields=["ward", "received_at"], name="inv_case_ward_received_idx"),
        ]
        permissions = [
            ("view_complainant", "Can see complainants' personal data"),
            ("approve_findings", "Can approve findings and responses"),
            ("assign_case", "Can assign cases"),
            ("import_cases", "Can import cases from a spreadsheet"),
            ("view_case_reports", "Can read investigation reports"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class ImsReference(models.Model):
    """An Incident Management System reference the complaint is about (one case may have many)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ims_references")
    reference = models.CharField(max_length=40, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "reference"], name="inv_ims_once_per_case")
        ]

    def __str__(self) -> str:
        return self.reference


class CaseEvent(models.Model):
    """The case's own history: what the clock and the workflow are derived from.

    Every row is written by a service next to its audit event; rows are never updated.
    """

    class Kind(models.TextChoices):
        RECEIVED = "received", "Received"
        TRANSITION = "transition", "State changed"
        ASSIGNED = "assigned", "Assigned"
        HOLD_STARTED = "hold_started", "Put on hold"
        HOLD_ENDED = "hold_ended", "Taken off hold"
        REOPENED = "reopened", "Reopened"
        MERGED = "merged", "Merged as duplicate"
        UNMERGED = "unmerged", "Merge undone"
        FINDINGS_SUBMITTED = "findings_submitted", "Findings submitted"
        APPROVED = "approved", "Findings approved"
        RETURNED = "returned", "Returned for more work"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=200)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            # serves the clock: a case's holds and reopenings in time order
            models.Index(fields=["case", "kind", "at"], name="inv_event_case_kind_idx"),
            # serves visible_to: cases an investigator worked on
            models.Index(fields=["actor", "case"], name="inv_event_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.kind} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


class DeadlineAlert(models.Model):
    """A warning (50 %, 75 % of the time used) or a breach (100 %), recorded once per deadline
    and cycle (a reopening starts a new response cycle), never deleted or cleared."""

    class Deadline(models.TextChoices):
        ACKNOWLEDGE = "acknowledge", "Acknowledgement"
        RESPONSE = "response", "Final response"

    class Level(models.IntegerChoices):
        HALF = 50, "50% of the time used"
        THREE_QUARTERS = 75, "75% of the time used"
        BREACH = 100, "Breached"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="alerts")
    deadline = models.CharField(max_length=12, choices=Deadline.choices)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    cycle = models.PositiveSmallIntegerField(default=0)
    due_at = models.DateTimeField()
    recorded_at = models.DateTimeField()
    notified = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "deadline", "level", "cycle"], name="inv_alert_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_deadline_display()} {self.get_level_display()}"
