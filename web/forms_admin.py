"""Forms of the admin pages (validation of content is done by workflow.admin)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import EqualTo, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes; unknown values reach workflow.admin."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: FlaskForm) -> None:
        """Leave unknown choices to the domain check (it names them)."""


def _int_or_zero(value: object) -> int:
    """A select's value as an int; anything odd is 0 (none)."""
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


class _UserFields(FlaskForm):
    """Fields shared by creating and editing a user."""

    display_name = StringField(_l("姓名"), validators=[Length(max=100)])
    roles = MultiCheckboxField(_l("角色"), choices=[])
    department = SelectField(_l("部门"), coerce=_int_or_zero, choices=[], validate_choice=False)


class UserCreateForm(_UserFields):
    """Create a user."""

    username = StringField(_l("用户名"), validators=[InputRequired(), Length(max=64)])
    password = PasswordField(_l("初始密码"), validators=[InputRequired(), Length(max=200)])


class UserEditForm(_UserFields):
    """Change a user's name, roles and department."""


class PasswordResetForm(FlaskForm):
    """The admin types a new password for a user."""

    password = PasswordField(_l("新密码"), validators=[InputRequired(), Length(max=200)])
    confirm = PasswordField(_l("再次输入新密码"), validators=[
        InputRequired(), EqualTo("password", _l("两次输入的新密码不一致"))])


class EmptyForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class DepartmentForm(FlaskForm):
    """Create or change a department."""

    name = StringField(_l("部门名称"), validators=[InputRequired(), Length(max=100)])
    active = BooleanField(_l("启用"), default=True)


class CategoryForm(FlaskForm):
    """Create or rename a proposal category."""

    name = StringField(_l("类别名称"), validators=[InputRequired(), Length(max=100)])


class SessionForm(FlaskForm):
    """Create or change a congress session."""

    name = StringField(_l("届次名称"), validators=[InputRequired(), Length(max=100)])
    year = IntegerField(_l("年度"), validators=[InputRequired()])
    opens_on = DateField(_l("征集开始日期"), validators=[Optional()])
    closes_on = DateField(_l("征集截止日期"), validators=[Optional()])
    cosign_threshold = IntegerField(_l("附议人数下限"), default=2, validators=[InputRequired()])
    answer_deadline_days = IntegerField(_l("答复期限（工作日）"), default=20,
                                        validators=[InputRequired()])


class OverrideForm(FlaskForm):
    """A holiday or make-up workday (调休) the holiday package does not know."""

    day = DateField(_l("日期"), validators=[InputRequired()])
    kind = RadioField(_l("类型"), choices=[SelectChoice("holiday", _l("节假日（休息）")),
                                           SelectChoice("workday", _l("调休上班（工作日）"))],
                      default="holiday", validators=[InputRequired()])
    note = StringField(_l("说明"), validators=[Length(max=100)])
