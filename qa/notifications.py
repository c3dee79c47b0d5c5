"""What the QA app tells people (the inbox collects these kinds; ``inbox.services.notify``
sends them)."""

from core.access import Role
from inbox.kinds import NotificationKind

NOTIFICATION_KINDS = [
    NotificationKind(
        "evaluation.submitted",
        "one of my calls has been scored (acknowledge it or dispute it in time)",
        (Role.AGENT,),
    ),
    NotificationKind("dispute.raised", "an agent disputes an evaluation", (Role.QA_MANAGER,)),
    NotificationKind(
        "dispute.resolved",
        "a dispute of an evaluation (mine, or one I scored) is resolved",
        (Role.AGENT, Role.QA_OFFICER, Role.QA_MANAGER),
    ),
    NotificationKind("coaching.recorded", "my team leader records coaching for me", (Role.AGENT,)),
    NotificationKind(
        "calls.assigned", "calls are assigned to me to score", (Role.QA_OFFICER, Role.QA_MANAGER)
    ),
]
