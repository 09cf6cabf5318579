"""Typed refusals of the engine; each carries a message code and parameters."""

from __future__ import annotations

from workflow.messages import render


class Refused(Exception):
    """An action was refused; nothing was changed."""

    code = "refused"

    def __init__(self, code: str | None = None, **params: object) -> None:
        self.code = code or self.code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh_Hans") -> str:
        """The reason in `lang`."""
        return render(self.code, lang, **self.params)


class NotAllowed(Refused):
    """The user's roles or the document's rules do not allow the action."""

    code = "role_not_allowed"


class AuthorMayNotApprove(NotAllowed):
    """Separation of duties: the author may not decide on their own document."""

    code = "author_forbidden"


class InvalidAction(Refused):
    """The action does not exist or cannot start from the current state."""

    code = "invalid_action"


class CommentRequired(Refused):
    """The action needs a comment."""

    code = "comment_required"


class FieldError(Refused):
    """A required field is missing or a field's value is not acceptable."""

    code = "field_required"


class StaleVersion(Refused):
    """Someone else acted on the document first."""

    code = "stale_version"


class NotFound(Refused):
    """A referenced document, user or record does not exist."""

    code = "not_found"
