"""Forms of the proposal pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from workflow.content import MAX_TEXT, MAX_TITLE


class ProposalForm(FlaskForm):
    """Write or change a proposal: session (new only), title, reason, measures."""

    session_id = SelectField(_l("届次"), coerce=int, validate_choice=True)
    title = StringField(_l("案由（标题）"), validators=[DataRequired(), Length(max=MAX_TITLE)])
    reason = TextAreaField(_l("理由"), validators=[Length(max=MAX_TEXT)])
    measures = TextAreaField(_l("建议与措施"), validators=[Length(max=MAX_TEXT)])
    version = HiddenField()

    def content(self) -> dict[str, str]:
        """Title, reason and measures as the engine takes them."""
        return {"title": self.title.data or "", "reason": self.reason.data or "",
                "measures": self.measures.data or ""}
