"""Template helpers: labels from `states/` in the reader's language, dates, counts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, g
from flask_login import current_user
from markupsafe import Markup

from web.i18n import HTML_LANG, LANG_NAMES, LANGS, current_lang
from workflow.convert import to_script
from workflow.definitions import get
from workflow.messages import render
from workflow.policy import Reason

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def localise(labels: Any) -> str:
    """A dict of labels by language as the current language's label."""
    if isinstance(labels, dict):
        return labels.get(current_lang()) or labels.get("zh_Hans") or ""
    return str(labels)


def state_label(kind: str, state: str | None) -> str:
    """Label of a state in the current language."""
    if not state:
        return "—"
    st = get(kind).states.get(state)
    return st.label(current_lang()) if st else state


def state_color(kind: str, state: str) -> str:
    """Colour of a state from its definition."""
    st = get(kind).states.get(state)
    return st.color if st else "#6c757d"


def action_label(kind: str, action: str) -> str:
    """Label of an action (or create/edit bookkeeping) in the current language."""
    act = get(kind).actions.get(action)
    if act is not None:
        return act.label(current_lang())
    return {"create": {"zh_Hans": "新建", "zh_Hant": "新建", "en": "Created"}}.get(
        action, {}).get(current_lang(), action)


# Message parameters that carry stored user content (shown in the reader's script).
CONTENT_PARAMS = ("title", "department")


def _in_script(params: dict, lang: str) -> dict:
    """`params` with the stored-content values converted to `lang`'s script."""
    return {k: to_script(v, lang) if k in CONTENT_PARAMS and isinstance(v, str) else v
            for k, v in params.items()}


def reason_text(reason: Reason | None) -> str:
    """Why an action is blocked, in the current language."""
    if not reason:
        return ""
    lang = current_lang()
    return render(reason.code, lang, **_in_script(dict(reason.params), lang))


def message_text(code: str, params: dict | None) -> str:
    """An engine message (e.g. a notification) in the current language."""
    lang = current_lang()
    return render(code, lang, **_in_script(params or {}, lang))


def local_time(value: datetime | str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A UTC timestamp (datetime or ISO text) shown in the school's time zone."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(LOCAL_TZ).strftime(fmt)


def script(value: Any) -> Any:
    """Stored text in the reader's script; English readers and empty values pass unchanged."""
    if value is None:
        return ""
    converted = to_script(str(value), current_lang())
    return Markup(converted) if isinstance(value, Markup) else converted


def inbox_count() -> int:
    """How many documents wait for the logged-in user (computed once per request)."""
    if not current_user.is_authenticated:
        return 0
    if "inbox_count" not in g:
        from web import db
        from workflow.inbox import inbox

        g.inbox_count = len(inbox(db(), current_user))
    return g.inbox_count


def has_endpoint(name: str) -> bool:
    """True when the app has a view called `name` (for optional navigation entries)."""
    from flask import current_app

    return name in current_app.view_functions


def may_current(capability: str) -> bool:
    """Whether the logged-in user has `capability` (decided by workflow.policy)."""
    from workflow.policy import may

    return may(current_user, capability)


def init_app(app: Flask) -> None:
    """Register the helpers as Jinja globals and filters."""
    app.jinja_env.globals.update(
        L=localise, state_label=state_label, state_color=state_color,
        action_label=action_label, reason_text=reason_text, message_text=message_text,
        inbox_count=inbox_count,
        current_lang=current_lang, LANGS=LANGS, LANG_NAMES=LANG_NAMES, HTML_LANG=HTML_LANG,
        today=date.today, has_endpoint=has_endpoint, may=may_current,
    )
    app.jinja_env.filters["localtime"] = local_time
    app.jinja_env.filters["L"] = localise
    app.jinja_env.filters["script"] = script
