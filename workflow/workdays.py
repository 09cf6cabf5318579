"""Working days in China: weekends and official holidays off, make-up workdays (调休) on."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.models import CalendarOverride


class WorkCalendar:
    """Decides whether a day is a working day; admin corrections win over the package."""

    def __init__(self, overrides: dict[date, bool] | None = None) -> None:
        self.overrides = overrides or {}

    @classmethod
    def load(cls, session: Session) -> WorkCalendar:
        """A calendar with the admin-entered corrections from the database."""
        rows = session.execute(select(CalendarOverride.day, CalendarOverride.is_workday))
        return cls({day: bool(work) for day, work in rows})

    def is_workday(self, day: date) -> bool:
        """True when people work on `day`."""
        if day in self.overrides:
            return self.overrides[day]
        try:
            import chinese_calendar

            return bool(chinese_calendar.is_workday(day))
        except (NotImplementedError, ImportError):
            return day.weekday() < 5  # a year the package does not know yet

    def add_workdays(self, start: date, days: int) -> date:
        """The date `days` working days after `start`."""
        day, left = start, days
        while left > 0:
            day += timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count
