"""校务公开: published plans with their progress and filed proposals, for all staff."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_login import login_required
from werkzeug.routing import BuildError

from web import db
from web.proposals import answer_class_labels, rating_labels
from workflow.models import Plan
from workflow.queries_proposals import (
    parse_filter,
    public_plans,
    public_proposals,
    sessions_newest_first,
)

bp = Blueprint("public", __name__, url_prefix="/public")


def plan_link(plan: Plan) -> str | None:
    """The plan's tracking board if that page exists, else its page, else nothing."""
    for endpoint in ("plans.board", "plans.view"):
        try:
            return url_for(endpoint, doc_id=plan.id)
        except BuildError:
            continue
    return None


@bp.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    """Everything public: plans in progress and proposals filed, answered and rated."""
    session = db()
    session_id = parse_filter(request.args).session_id
    return render_template(
        "public/index.html", plans=public_plans(session),
        proposals=public_proposals(session, session_id), sessions=sessions_newest_first(session),
        session_id=session_id, plan_link=plan_link, answer_classes=answer_class_labels(),
        ratings=rating_labels())
