"""统计报告: proposal report per congress session, time in each stage, annual summary draft."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import Blueprint, abort, render_template, send_file
from flask_babel import gettext as _
from flask_login import login_required

from web import db
from web.i18n import current_lang
from web.util import load_or_abort, me
from workflow import policy, reports
from workflow.convert import converter_for, to_script
from workflow.definitions import get
from workflow.exports import DOCX, safe_filename
from workflow.exports.labels import ANSWER_CLASS, RATING, label
from workflow.models import CongressSession

bp = Blueprint("reports", __name__, url_prefix="/reports")

PALETTE = ("#b0262c", "#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d")


def _require_reports() -> None:
    """403 unless the user's roles grant the `reports` capability."""
    if not policy.may(me(), "reports"):
        abort(403)


def _bars(pairs: list[tuple[str, Any]], colors: list[str] | None = None) -> list[dict]:
    """Rows of a bar chart: label, value, colour."""
    return [{"label": name, "value": value or 0,
             "color": (colors[i] if colors else PALETTE[i % len(PALETTE)])}
            for i, (name, value) in enumerate(pairs)]


@bp.get("/")
@login_required
def index() -> Any:
    """The reports on offer."""
    _require_reports()
    session = db()
    return render_template("reports/index.html", sessions=reports.congress_sessions(session),
                           plans=reports.summarisable_plans(session))


def _congress(session_id: int) -> CongressSession:
    """The congress session or 404."""
    congress = db().get(CongressSession, session_id)
    if congress is None:
        abort(404)
    return congress


@bp.get("/proposals/<int:session_id>")
@login_required
def proposals(session_id: int) -> Any:
    """提案办理情况报告 of one congress session, with bar charts."""
    _require_reports()
    rep = reports.proposal_report(db(), _congress(session_id))
    lang = current_lang()
    states = get("proposal").states
    charts = {
        "state": _bars([(states[s].label(lang), n) for s, n in rep.by_state.items()],
                       [states[s].color for s in rep.by_state]),
        "category": _bars([(to_script(k, lang), n) for k, n in rep.by_category.items()]),
        "department": _bars([(to_script(k, lang), n) for k, n in rep.by_department.items()]),
        "classes": _bars([(label(ANSWER_CLASS, k, lang), n)
                          for k, n in rep.answer_classes.items()]),
        "ratings": _bars([(label(RATING, k, lang), rep.ratings.get(k, 0)) for k in RATING],
                         ["#198754", "#20c997", "#dc3545"]),
        "timeliness": _bars([(_("按期答复"), rep.on_time), (_("逾期答复"), rep.late),
                             (_("逾期未答复"), rep.overdue_unanswered)],
                            ["#198754", "#fd7e14", "#dc3545"]),
    }
    return render_template("reports/proposals.html", rep=rep, charts=charts,
                           percent=reports.percent, rating_label=lambda k: label(RATING, k, lang))


@bp.get("/proposals/<int:session_id>.docx")
@login_required
def proposals_docx(session_id: int) -> Any:
    """The same report as a Word document."""
    from workflow.exports.docx_report import proposal_report_docx

    _require_reports()
    congress = _congress(session_id)
    tr = converter_for(current_lang())
    data = proposal_report_docx(reports.proposal_report(db(), congress), tr)
    name = safe_filename(tr(f"{congress.name}提案办理情况报告")) + ".docx"
    return send_file(BytesIO(data), mimetype=DOCX, as_attachment=True, download_name=name,
                     max_age=0)


@bp.get("/stages")
@login_required
def stages() -> Any:
    """How long documents waited in each state (working days), from the audit log."""
    _require_reports()
    stats = reports.time_in_stage(db())
    lang = current_lang()
    charts = {}
    for kind in ("plan", "proposal"):
        definition = get(kind)
        rows = [s for s in stats if s.kind == kind]
        charts[kind] = _bars([(definition.states[s.state].label(lang), s.slowest or 0)
                              for s in rows], [definition.states[s.state].color for s in rows])
    return render_template("reports/stages.html", stats=stats, charts=charts)


@bp.get("/plans/<int:doc_id>/summary")
@login_required
def plan_summary(doc_id: int) -> Any:
    """年度工作总结 draft of a plan from its tracking board, as text to copy and edit."""
    plan = load_or_abort("plan", doc_id)
    return render_template("reports/summary.html", plan=plan,
                           progress=reports.plan_progress(plan),
                           draft=reports.summary_draft(plan, db()),
                           ready=plan.state in ("published", "closed"))
