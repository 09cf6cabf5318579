"""Working days in China: holidays off, make-up workdays (调休) on, admin corrections win."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from workflow.models import CalendarOverride
from workflow.workdays import WorkCalendar

UNKNOWN_YEAR = 2031  # beyond what the chinesecalendar package knows


def test_national_day_holiday_and_make_up_sunday() -> None:
    """2025-10-01 is a holiday; Sunday 2025-09-28 and Saturday 2025-10-11 are worked."""
    cal = WorkCalendar()
    assert not cal.is_workday(date(2025, 10, 1))
    assert not cal.is_workday(date(2025, 10, 8))
    assert cal.is_workday(date(2025, 9, 28))  # Sunday, 调休
    assert cal.is_workday(date(2025, 10, 11))  # Saturday, 调休
    assert cal.is_workday(date(2025, 10, 9))
    assert not cal.is_workday(date(2025, 9, 27))  # an ordinary Saturday


@pytest.mark.parametrize(("start", "days", "expected"), [
    (date(2025, 9, 30), 1, date(2025, 10, 9)),  # 1–8 October off
    (date(2025, 9, 26), 1, date(2025, 9, 28)),  # Saturday off, make-up Sunday counts
    (date(2025, 9, 26), 4, date(2025, 10, 9)),  # 28th, 29th, 30th, then the 9th
    (date(2025, 9, 30), 3, date(2025, 10, 11)),  # 9th, 10th, make-up Saturday 11th
    (date(2025, 10, 9), 0, date(2025, 10, 9)),
])
def test_add_workdays_across_national_day(start: date, days: int, expected: date) -> None:
    """Counting working days skips the holiday week and counts make-up days."""
    assert WorkCalendar().add_workdays(start, days) == expected


def test_workdays_between() -> None:
    """The inverse count: working days after start up to and including end."""
    cal = WorkCalendar()
    assert cal.workdays_between(date(2025, 9, 30), date(2025, 10, 9)) == 1
    assert cal.workdays_between(date(2025, 9, 26), date(2025, 10, 11)) == 6
    assert cal.workdays_between(date(2025, 10, 9), date(2025, 10, 1)) == 0


def test_unknown_year_falls_back_to_weekdays() -> None:
    """A year the package does not know: Monday–Friday are working days."""
    cal = WorkCalendar()
    monday = date(UNKNOWN_YEAR, 10, 6)
    assert monday.weekday() == 0
    assert cal.is_workday(monday)  # would be National Day week in a real calendar
    assert not cal.is_workday(date(UNKNOWN_YEAR, 10, 4))  # Saturday
    assert cal.add_workdays(date(UNKNOWN_YEAR, 10, 3), 1) == monday


def test_admin_overrides_win(session: Session) -> None:
    """CalendarOverride rows loaded with WorkCalendar.load beat the package and the fallback."""
    session.add_all([
        CalendarOverride(day=date(2025, 10, 1), is_workday=True, note="test: worked"),
        CalendarOverride(day=date(2025, 9, 29), is_workday=False, note="校运会补休"),
        CalendarOverride(day=date(UNKNOWN_YEAR, 10, 6), is_workday=False, note="国庆"),
        CalendarOverride(day=date(UNKNOWN_YEAR, 9, 27), is_workday=True, note="调休"),
    ])
    session.commit()
    cal = WorkCalendar.load(session)
    assert len(cal.overrides) == 4
    assert cal.is_workday(date(2025, 10, 1))
    assert not cal.is_workday(date(2025, 9, 29))
    assert not cal.is_workday(date(UNKNOWN_YEAR, 10, 6))
    assert cal.is_workday(date(UNKNOWN_YEAR, 9, 27))  # a Saturday
    assert cal.add_workdays(date(2025, 9, 26), 2) == date(2025, 9, 30)
    assert cal.add_workdays(date(2025, 9, 30), 1) == date(2025, 10, 1)
    assert not WorkCalendar().is_workday(date(2025, 10, 1))  # without the rows: holiday
