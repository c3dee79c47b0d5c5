from investigations.models.cases import (
    OPEN_STATES,
    BathoPele,
    Case,
    CaseEvent,
    Category,
    DeadlineAlert,
    ImsReference,
    Outcome,
    Priority,
    ReferenceCounter,
    RootCause,
    State,
)
from investigations.models.evidence import Document, Evidence
from investigations.models.findings import CorrectiveAction
from investigations.models.policies import ServiceLevelPolicy, Source

__all__ = [
    "OPEN_STATES",
    "BathoPele",
    "Case",
    "CaseEvent",
    "Category",
    "CorrectiveAction",
    "DeadlineAlert",
    "Document",
    "Evidence",
    "ImsReference",
    "Outcome",
    "Priority",
    "ReferenceCounter",
    "RootCause",
    "ServiceLevelPolicy",
    "Source",
    "State",
]
