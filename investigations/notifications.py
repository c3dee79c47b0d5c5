"""What the investigations app tells people (the inbox collects these kinds;
``investigations.services.notifications.case_notify`` sends them)."""

from core.access import Role
from inbox.kinds import NotificationKind

CASE_ROLES = (Role.INVESTIGATOR, Role.INVESTIGATIONS_SUPERVISOR)

NOTIFICATION_KINDS = [
    NotificationKind("case.assigned", "a complaint case is assigned to me", CASE_ROLES),
    NotificationKind("case.returned", "findings of my case are returned for more work", CASE_ROLES),
    NotificationKind(
        "case.awaiting_approval",
        "findings and a response await a supervisor's approval",
        (Role.INVESTIGATIONS_SUPERVISOR,),
    ),
    NotificationKind("case.approved", "findings of my case are approved", CASE_ROLES),
    NotificationKind(
        "case.deadline_warning",
        "a case of mine (or unassigned) has used 50% or 75% of its working time",
        CASE_ROLES,
    ),
    NotificationKind(
        "case.breach", "a case of mine (or unassigned) breached a deadline", CASE_ROLES
    ),
]
