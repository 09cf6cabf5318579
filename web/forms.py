"""Forms shared by several blueprints."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    """Log in."""

    username = StringField(_l("用户名"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("密码"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class PasswordForm(FlaskForm):
    """Change one's own password."""

    current = PasswordField(_l("当前密码"), validators=[DataRequired()])
    new = PasswordField(_l("新密码"), validators=[DataRequired(), Length(min=4, max=200)])
    confirm = PasswordField(_l("确认新密码"), validators=[
        DataRequired(), EqualTo("new", _l("两次输入的新密码不一致"))])


class ActionForm(FlaskForm):
    """An engine action: a comment and the version the page was rendered with."""

    comment = TextAreaField(_l("意见"), validators=[Length(max=20000)])
    version = HiddenField()
