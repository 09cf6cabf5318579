"""Administration operations without Flask (workflow/admin.py), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import new_proposal
from sqlalchemy.orm import Session

from workflow import admin as ops
from workflow.audit import verify
from workflow.errors import FieldError
from workflow.messages import MESSAGES
from workflow.models import CalendarOverride, Department
from workflow.roles import ROLE_LABELS, ROLE_ORDER, role_label, sorted_roles
from workflow.users import authenticate
from workflow.workdays import WorkCalendar

pytestmark = pytest.mark.usefixtures("fast_passwords")

ADMIN_CODES = ("username_invalid", "username_taken", "role_unknown", "roles_required",
               "cannot_disable_self", "cannot_drop_own_admin", "department_unknown",
               "name_required", "name_taken", "department_in_use", "category_in_use",
               "year_range", "window_order", "threshold_negative", "deadline_min",
               "value_too_large")


def refused(code: str, func, *args, **kwargs) -> FieldError:  # type: ignore[no-untyped-def]
    """Call `func`, expecting a FieldError with `code`."""
    with pytest.raises(FieldError) as info:
        func(*args, **kwargs)
    assert info.value.code == code, info.value.code
    return info.value


def new_user(session: Session, username: str = "newbie", **kw):  # type: ignore[no-untyped-def]
    """Create a user with sensible defaults."""
    args = {"display_name": "新同事", "password": "pass1234", "roles": ["staff"],
            "department_id": None, **kw}
    return ops.create_user(session, username=username, **args)


# --- roles and messages ------------------------------------------------------------------


def test_role_labels_cover_every_role_in_three_languages():
    for role in ROLE_ORDER:
        assert set(ROLE_LABELS[role]) == {"zh_Hans", "zh_Hant", "en"}
    assert role_label("chair") == "工会主席" and role_label("chair", "en") == "Union chair"
    assert role_label("nope") == "nope"
    assert sorted_roles(frozenset({"staff", "admin", "zzz"})) == ["admin", "staff", "zzz"]


@pytest.mark.parametrize("code", ADMIN_CODES)
def test_admin_messages_in_three_languages(code):
    assert set(MESSAGES[code]) == {"zh_Hans", "zh_Hant", "en"}


# --- users -------------------------------------------------------------------------------


def test_create_user_and_log_in(session, people):
    user = new_user(session, roles=["representative", "staff"],
                    department_id=people.depts["教务处"].id)
    assert user.active and user.roles == {"representative", "staff"}
    assert user.department.name == "教务处" and user.name == "新同事"
    assert authenticate(session, "newbie", "pass1234") is user


def test_create_user_refusals(session, people):
    err = refused("username_taken", new_user, session, "chair")
    assert "chair" in err.message() and err.params["input"] == "username"
    refused("username_taken", new_user, session, "CHAIR")
    refused("username_invalid", new_user, session, "two words")
    refused("username_invalid", new_user, session, "   ")
    refused("username_invalid", new_user, session, "x" * 65)
    err = refused("role_unknown", new_user, session, roles=["staff", "king"])
    assert "king" in err.message() and err.params["input"] == "roles"
    refused("roles_required", new_user, session, roles=[])
    refused("password_short", new_user, session, password="abc")
    refused("department_unknown", new_user, session, department_id=99999)
    refused("too_long", new_user, session, display_name="名" * 101)
    dept = people.depts["办公室"]
    dept.active = False
    refused("department_unknown", new_user, session, department_id=dept.id)


def test_update_user(session, people):
    user = ops.update_user(session, people.rep1, people.admin, display_name=" 李老师 ",
                           roles=["representative", "handler"],
                           department_id=people.depts["后勤处"].id)
    assert user.display_name == "李老师" and user.roles == {"representative", "handler"}
    assert user.department.name == "后勤处"
    ops.update_user(session, user, people.admin, display_name="", roles=["staff"],
                    department_id=None)
    assert user.department is None and user.name == "rep1"
    refused("role_unknown", ops.update_user, session, user, people.admin, display_name="",
            roles=["boss"], department_id=None)


def test_inactive_department_kept_when_user_already_has_it(session, people):
    dept = people.depts["后勤处"]
    dept.active = False
    ops.update_user(session, people.handler, people.admin, display_name="",
                    roles=["handler"], department_id=dept.id)
    assert people.handler.department is dept
    refused("department_unknown", ops.update_user, session, people.rep1, people.admin,
            display_name="", roles=["staff"], department_id=dept.id)


def test_admin_cannot_drop_own_admin_role_or_disable_self(session, people):
    refused("cannot_drop_own_admin", ops.update_user, session, people.admin, people.admin,
            display_name="", roles=["staff"], department_id=None)
    refused("cannot_disable_self", ops.set_active, session, people.admin, people.admin, False)
    assert people.admin.active


def test_disable_enable_and_reset_password(session, people):
    old_id = people.rep2.get_id()
    ops.set_active(session, people.rep2, people.admin, False)
    assert authenticate(session, "rep2", "secret") is None
    ops.set_active(session, people.rep2, people.admin, True)
    assert authenticate(session, "rep2", "secret") is people.rep2
    ops.reset_password(session, people.rep2, "fresh-pass")
    assert people.rep2.get_id() != old_id  # older login sessions end
    assert authenticate(session, "rep2", "secret") is None
    assert authenticate(session, "rep2", "fresh-pass") is people.rep2
    refused("password_short", ops.reset_password, session, people.rep2, "ab")


# --- departments and categories ----------------------------------------------------------


def test_departments_crud(session, people):
    dept = ops.create_department(session, "  工会办公室 ")
    assert dept.name == "工会办公室" and dept.active
    refused("name_taken", ops.create_department, session, "后勤处")
    refused("name_required", ops.create_department, session, "  ")
    refused("too_long", ops.create_department, session, "部" * 101)
    ops.update_department(session, dept, name="工会办", active=False)
    assert dept.name == "工会办" and not dept.active
    ops.update_department(session, dept, name="工会办", active=True)  # own name is fine
    refused("name_taken", ops.update_department, session, dept, name="教务处", active=True)
    assert dept in ops.departments(session)
    assert next(d.name for d, _n in ops.list_departments(session)) in {"办公室", "工会办"}
    ops.delete_department(session, dept)
    assert session.get(Department, dept.id) is None


def test_department_in_use_cannot_be_deleted(session, people):
    dept = people.depts["后勤处"]  # the handler belongs to it
    err = refused("department_in_use", ops.delete_department, session, dept)
    assert err.params["count"] == 1 and "后勤处" in err.message()
    doc = new_proposal(session, people)
    doc.assist.append(people.depts["办公室"])
    session.flush()
    assert ops.department_references(session, people.depts["办公室"]) == 1
    refused("department_in_use", ops.delete_department, session, people.depts["办公室"])


def test_categories_crud(session, people):
    cat = ops.create_category(session, "文体活动")
    refused("name_taken", ops.create_category, session, "后勤保障")
    refused("name_required", ops.create_category, session, "")
    ops.update_category(session, cat, name="文体与福利")
    assert cat.name == "文体与福利"
    refused("name_taken", ops.update_category, session, cat, name="教育教学")
    doc = new_proposal(session, people)
    doc.category = cat
    session.flush()
    assert dict((c.name, n) for c, n in ops.list_categories(session))["文体与福利"] == 1
    refused("category_in_use", ops.delete_category, session, cat)
    doc.category = None
    session.flush()
    ops.delete_category(session, cat)
    assert "文体与福利" not in [c.name for c, _n in ops.list_categories(session)]


# --- congress sessions -------------------------------------------------------------------


def data(**kw) -> ops.SessionInput:  # type: ignore[no-untyped-def]
    """A valid congress session input with overrides."""
    base = {"name": "第六届第一次", "year": 2027, "opens_on": date(2027, 3, 1),
            "closes_on": date(2027, 3, 31), "cosign_threshold": 2, "answer_deadline_days": 20}
    return ops.SessionInput(**{**base, **kw})


def test_congress_session_create_and_update(session, people):
    sess = ops.save_session(session, data())
    assert (sess.year, sess.cosign_threshold, sess.answer_deadline_days) == (2027, 2, 20)
    assert sess.filed_count == 0
    ops.save_session(session, data(cosign_threshold=0, answer_deadline_days=1,
                                   opens_on=None, closes_on=None), sess)
    assert sess.cosign_threshold == 0 and sess.opens_on is None
    ops.save_session(session, data(opens_on=date(2027, 3, 1), closes_on=date(2027, 3, 1)), sess)
    rows = dict((s.name, n) for s, n in ops.list_sessions(session))
    assert rows == {"第六届第一次": 0, "第一届第一次": 0}
    new_proposal(session, people)
    assert ops.session_references(session, people.congress) == 1


@pytest.mark.parametrize(("kw", "code", "field"), [
    ({"cosign_threshold": -1}, "threshold_negative", "cosign_threshold"),
    ({"cosign_threshold": None}, "threshold_negative", "cosign_threshold"),
    ({"cosign_threshold": 5000}, "value_too_large", "cosign_threshold"),
    ({"answer_deadline_days": 0}, "deadline_min", "answer_deadline_days"),
    ({"answer_deadline_days": 100000}, "value_too_large", "answer_deadline_days"),
    ({"closes_on": date(2027, 2, 28)}, "window_order", "closes_on"),
    ({"year": 1900}, "year_range", "year"),
    ({"year": None}, "year_range", "year"),
    ({"name": ""}, "name_required", "name"),
    ({"name": "第一届第一次"}, "name_taken", "name"),
])
def test_congress_session_validation(session, people, kw, code, field):
    err = refused(code, ops.save_session, session, data(**kw))
    assert err.params["input"] == field


def test_congress_session_update_refusal_changes_nothing(session, people):
    sess = people.congress
    refused("deadline_min", ops.save_session, session, data(name="新名字",
                                                            answer_deadline_days=0), sess)
    assert sess.name == "第一届第一次"


# --- calendar overrides ------------------------------------------------------------------


def test_calendar_overrides_change_the_work_calendar(session, people):
    weekday, saturday = date(2031, 5, 6), date(2031, 5, 10)  # a Tuesday and a Saturday
    assert WorkCalendar.load(session).is_workday(weekday)
    ops.set_override(session, weekday, False, "校庆放假")
    ops.set_override(session, saturday, True, "调休上班")
    cal = WorkCalendar.load(session)
    assert not cal.is_workday(weekday) and cal.is_workday(saturday)
    assert [o.day for o in ops.list_overrides(session)] == [saturday, weekday]
    row = ops.set_override(session, weekday, True, "改为上班")  # replaces the earlier entry
    assert session.get(CalendarOverride, weekday).note == "改为上班"
    ops.delete_override(session, row)
    assert weekday not in WorkCalendar.load(session).overrides


def test_calendar_override_validation(session, people):
    refused("field_required", ops.set_override, session, None, True)
    refused("too_long", ops.set_override, session, date(2031, 1, 1), False, "注" * 101)


# --- dashboard and audit -----------------------------------------------------------------


def test_counts_and_audit_overview(session, people):
    new_proposal(session, people)
    counts = ops.counts(session)
    assert counts["users"] == counts["active_users"] == 14
    assert counts["departments"] == 3 and counts["categories"] == 2 and counts["audit"] == 1
    verdict, entries = ops.audit_overview(session)
    assert verdict.ok and verdict.count == 1 and entries[0].action == "create"
    assert verify(session).ok
