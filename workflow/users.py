"""Users, departments and passwords (scrypt hashes via Werkzeug's security helpers)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from workflow.definitions import ROLES
from workflow.errors import FieldError
from workflow.models import Department, User

MIN_PASSWORD = 4
# Compared against when the user does not exist, so both failures take the same time.
_DUMMY_HASH = generate_password_hash("unionflow-dummy", method="scrypt")


def hash_password(password: str) -> str:
    """A scrypt hash of `password`."""
    return generate_password_hash(password, method="scrypt")


def check_roles(roles: Iterable[str]) -> frozenset[str]:
    """The roles, all known, or a FieldError naming the unknown one."""
    roles = frozenset(r.strip() for r in roles if r.strip())
    unknown = sorted(roles - ROLES)
    if unknown:
        raise FieldError("field_invalid", field="role", value=unknown[0])
    return roles


def department_named(session: Session, name: str, create: bool = False) -> Department:
    """The department called `name` (created when `create`)."""
    dept = session.scalar(select(Department).where(Department.name == name))
    if dept is None:
        if not create:
            raise FieldError("field_invalid", field="department", value=name)
        dept = Department(name=name)
        session.add(dept)
        session.flush()
    return dept


def create_user(session: Session, username: str, password: str, roles: Iterable[str],
                department: str | None = None, display_name: str = "") -> User:
    """Create a user; the caller commits."""
    username = username.strip()
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise FieldError("field_invalid", field="username", value=username)
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise FieldError("field_invalid", field="username", value=username)
    if len(password) < MIN_PASSWORD:
        raise FieldError("password_short", min=MIN_PASSWORD)
    user = User(username=username, display_name=display_name.strip(),
                password_hash=hash_password(password))
    user.roles = check_roles(roles)
    if department:
        user.department = department_named(session, department, create=True)
    session.add(user)
    session.flush()
    return user


def by_username(session: Session, username: str) -> User | None:
    """The user called `username`, or None."""
    return session.scalar(select(User).where(User.username == username.strip()))


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with these credentials, or None (same cost either way)."""
    user = by_username(session, username)
    if user is None or not user.active:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None
