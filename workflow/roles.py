"""Role names as people read them, in every supported language (Flask-free)."""

from __future__ import annotations

from workflow.definitions import ROLES

ROLE_LABELS: dict[str, dict[str, str]] = {
    "drafter": {"zh_Hans": "计划起草人", "zh_Hant": "計劃起草人", "en": "Plan drafter"},
    "chair": {"zh_Hans": "工会主席", "zh_Hant": "工會主席", "en": "Union chair"},
    "committee": {"zh_Hans": "工会委员", "zh_Hant": "工會委員", "en": "Committee member"},
    "secretary": {"zh_Hans": "党支部书记", "zh_Hant": "黨支部書記",
                  "en": "Party-branch secretary"},
    "representative": {"zh_Hans": "教代会代表", "zh_Hant": "教代會代表",
                       "en": "Congress representative"},
    "handler": {"zh_Hans": "部门办理人", "zh_Hant": "部門辦理人", "en": "Department handler"},
    "admin": {"zh_Hans": "系统管理员", "zh_Hant": "系統管理員", "en": "Administrator"},
    "staff": {"zh_Hans": "教职工", "zh_Hant": "教職工", "en": "Staff member"},
}

# The order roles are listed in forms and tables.
ROLE_ORDER: tuple[str, ...] = ("admin", "chair", "committee", "secretary", "drafter",
                               "representative", "handler", "staff")
assert set(ROLE_ORDER) == set(ROLES) == set(ROLE_LABELS), "role lists out of step"


def role_label(role: str, lang: str = "zh_Hans") -> str:
    """The label of `role` in `lang` (the bare name for an unknown role)."""
    labels = ROLE_LABELS.get(role)
    return labels.get(lang, labels["zh_Hans"]) if labels else role


def sorted_roles(roles: frozenset[str] | set[str]) -> list[str]:
    """`roles` in the display order (unknown ones last, by name)."""
    known = [r for r in ROLE_ORDER if r in roles]
    return known + sorted(set(roles) - set(ROLE_ORDER))
