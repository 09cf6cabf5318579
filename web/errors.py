"""Error pages in the reader's language; nothing a client sends ends in a bare 500."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(CSRFError)
    def _csrf(_exc: CSRFError):  # type: ignore[no-untyped-def]
        return render_template(
            "errors/error.html", code=400, title=_("表单已失效"),
            message=_("表单安全校验未通过（可能页面停留过久或已退出登录）。请刷新页面后重新提交。"),
        ), 400

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):  # type: ignore[no-untyped-def]
        titles = {
            403: _("没有权限"), 404: _("页面不存在"), 405: _("不支持的请求"),
            413: _("文件太大"), 400: _("请求有误"),
        }
        messages = {
            403: _("您没有查看或操作此页面的权限。如有疑问，请联系工会办公室。"),
            404: _("找不到您要访问的页面或文件，它可能已被删除或地址有误。"),
            413: _("上传的文件太大。"),
        }
        code = exc.code or 500
        return render_template(
            "errors/error.html", code=code, title=titles.get(code, exc.name),
            message=messages.get(code, _("请求无法完成。")),
        ), code

    @app.errorhandler(500)
    def _server(_exc: Exception):  # type: ignore[no-untyped-def]
        return render_template(
            "errors/error.html", code=500, title=_("系统出错"),
            message=_("系统出现了意外错误，您的操作没有保存。请稍后重试或联系管理员。"),
        ), 500
