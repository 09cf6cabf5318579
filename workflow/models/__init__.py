"""SQLAlchemy models of unionflow."""

from workflow.models.audit import AuditEntry, AuditHead, Revision
from workflow.models.base import Base, utcnow
from workflow.models.directory import (
    CalendarOverride,
    Category,
    CongressSession,
    Department,
    Notification,
    User,
)
from workflow.models.plans import (
    ITEM_STATUSES,
    Plan,
    PlanSection,
    PlanSectionItem,
    ScheduleEntry,
    ScheduleItem,
)
from workflow.models.proposals import (
    ANSWER_CLASSES,
    RATINGS,
    Answer,
    Cosignature,
    ProgressNote,
    Proposal,
    Rating,
)

__all__ = [
    "ANSWER_CLASSES", "ITEM_STATUSES", "RATINGS", "Answer", "AuditEntry", "AuditHead", "Base",
    "CalendarOverride", "Category",
    "CongressSession", "Cosignature", "Department", "Notification", "Plan", "PlanSection",
    "PlanSectionItem", "ProgressNote", "Proposal", "Rating", "Revision", "ScheduleEntry",
    "ScheduleItem", "User", "utcnow",
]
