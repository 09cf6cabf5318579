"""Tracking a published plan: progress per month and year, overdue items, the board."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from workflow.models import Plan, ScheduleEntry, ScheduleItem
from workflow.policy import Context, item_owner_or_chair

OPEN_STATUSES = ("planned", "in_progress")


@dataclass
class Progress:
    """Done out of the items that still count (cancelled ones do not)."""

    done: int = 0
    total: int = 0
    cancelled: int = 0

    @property
    def counted(self) -> int:
        """Items that count: all but the cancelled."""
        return self.total - self.cancelled

    @property
    def percent(self) -> int:
        """Whole percent done (0 when nothing counts)."""
        return round(100 * self.done / self.counted) if self.counted else 0

    def add(self, status: str) -> None:
        """Count one item."""
        self.total += 1
        self.done += status == "done"
        self.cancelled += status == "cancelled"


@dataclass
class BoardCard:
    """One schedule item on the board."""

    item: ScheduleItem
    overdue: bool
    can_move: bool


@dataclass
class BoardColumn:
    """One schedule entry (a month heading) as a column."""

    entry: ScheduleEntry
    cards: list[BoardCard]
    progress: Progress
    ends: date | None


@dataclass
class Board:
    """The tracking board of a plan."""

    columns: list[BoardColumn]
    progress: Progress
    overdue: int


def entry_end_dates(plan: Plan) -> dict[int, date | None]:
    """Last day of each entry's last month; a schedule that wraps (八月 … 一月) runs on a year."""
    year, previous = plan.year, 0
    ends: dict[int, date | None] = {}
    for entry in plan.schedule:
        last: date | None = None
        for month in entry.months or []:
            if previous >= 9 and month <= 4:
                year += 1
            previous = month
            last = date(year, month, calendar.monthrange(year, month)[1])
        ends[entry.id] = last
    return ends


def is_overdue(item: ScheduleItem, ends: date | None, today: date) -> bool:
    """Every month of the item's entry has passed and it is neither done nor cancelled."""
    return ends is not None and ends < today and item.status in OPEN_STATUSES


def may_move(plan: Plan, user: Any, item: ScheduleItem, today: date | None = None) -> bool:
    """True when the engine lets `user` track `item` now (role, state and owner-or-chair)."""
    from workflow.engine import action_options

    options = [o for o in action_options(plan, user, today) if o.action.name == "track"]
    if not options or not options[0].allowed:
        return False
    return item_owner_or_chair(Context(plan, user, {"item": item},
                                       today or date.today())) is None


def board(plan: Plan, user: Any, today: date | None = None) -> Board:
    """Columns in written order, cards with overdue marks and who may move them, progress."""
    from workflow.engine import action_options

    today = today or date.today()
    ends = entry_end_dates(plan)
    track = [o for o in action_options(plan, user, today) if o.action.name == "track"]
    tracking = bool(track) and track[0].allowed
    year = Progress()
    columns: list[BoardColumn] = []
    overdue = 0
    for entry in plan.schedule:
        prog = Progress()
        cards = []
        for item in entry.items:
            late = is_overdue(item, ends[entry.id], today)
            overdue += late
            move = tracking and item_owner_or_chair(
                Context(plan, user, {"item": item}, today)) is None
            cards.append(BoardCard(item, late, move))
            prog.add(item.status)
            year.add(item.status)
        columns.append(BoardColumn(entry, cards, prog, ends[entry.id]))
    return Board(columns, year, overdue)


def find_item(plan: Plan, item_id: int) -> ScheduleItem | None:
    """The plan's schedule item with this id, or None."""
    return next((i for i in plan.all_items() if i.id == item_id), None)


