"""Load and validate the workflow definitions in `states/`."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

import yaml

from states import DEFINITIONS_DIR

ROLES = frozenset(
    {"drafter", "chair", "committee", "secretary", "representative", "handler", "admin", "staff"}
)
LANGS = ("zh_Hans", "zh_Hant", "en")
FIELD_TYPES = frozenset(
    {"text", "choice", "date", "category", "department", "departments", "proposal", "plan_item"}
)
EDITORS = ("author", "nobody")
EDIT = "edit"


class DefinitionError(ValueError):
    """A definition file breaks a rule; the message names file, place and rule."""


@dataclass(frozen=True)
class FieldDef:
    """One input an action takes."""

    name: str
    type: str
    required: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class StateDef:
    """One state of a document kind."""

    name: str
    labels: dict[str, str]
    editable_by: str = "nobody"
    public: bool = False
    color: str = "#6c757d"
    final: bool = False

    def label(self, lang: str = "zh_Hans") -> str:
        """Label in `lang`, falling back to Simplified Chinese."""
        return self.labels.get(lang) or self.labels["zh_Hans"]


@dataclass(frozen=True)
class ActionDef:
    """One action: where it may start, where it leads, who may take it."""

    name: str
    labels: dict[str, str]
    sources: tuple[str, ...]
    dest: str | None
    roles: frozenset[str]
    forbid_author: bool = False
    comment: str = "optional"
    require: tuple[str, ...] = ()
    fields: tuple[FieldDef, ...] = ()
    confirm: bool = False
    inbox: bool = True

    @property
    def moves(self) -> bool:
        """True when the action changes the state."""
        return self.dest is not None

    def label(self, lang: str = "zh_Hans") -> str:
        """Label in `lang`, falling back to Simplified Chinese."""
        return self.labels.get(lang) or self.labels["zh_Hans"]


@dataclass(frozen=True)
class Definition:
    """A whole document kind as loaded from its file."""

    kind: str
    labels: dict[str, str]
    initial: str
    states: dict[str, StateDef]
    actions: dict[str, ActionDef]
    create_roles: frozenset[str] = frozenset()
    path: str = ""
    by_state: dict[str, tuple[ActionDef, ...]] = field(default_factory=dict)

    def label(self, lang: str = "zh_Hans") -> str:
        """Label in `lang`, falling back to Simplified Chinese."""
        return self.labels.get(lang) or self.labels["zh_Hans"]

    def state(self, name: str) -> StateDef:
        """The state called `name`."""
        return self.states[name]

    @property
    def final_states(self) -> tuple[str, ...]:
        """Names of the final states."""
        return tuple(s.name for s in self.states.values() if s.final)


class _Check:
    """Collects the context of a rule so every message names its place."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, where: str, rule: str) -> NoReturn:
        """Raise a DefinitionError naming file, place and rule."""
        raise DefinitionError(f"{self.path}: {where}: {rule}")

    def labels(self, where: str, raw: Any) -> dict[str, str]:
        """Labels must be given in every supported language."""
        if not isinstance(raw, dict):
            self.fail(where, "labels must be a mapping of zh_Hans/zh_Hant/en")
        missing = [lang for lang in LANGS if not str(raw.get(lang) or "").strip()]
        if missing:
            self.fail(where, f"missing label for {', '.join(missing)}")
        return {lang: str(raw[lang]) for lang in LANGS}

    def roles(self, where: str, raw: Any) -> frozenset[str]:
        """Roles must be a non-empty list of known roles."""
        if not isinstance(raw, list) or not raw:
            self.fail(where, "roles must be a non-empty list")
        unknown = sorted(set(map(str, raw)) - ROLES)
        if unknown:
            self.fail(where, f"unknown role {unknown[0]!r}")
        return frozenset(map(str, raw))


def _load_fields(chk: _Check, where: str, raw: Any) -> tuple[FieldDef, ...]:
    """Parse an action's field specs."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        chk.fail(where, "fields must be a mapping")
    out = []
    for name, spec in raw.items():
        spec = spec or {}
        ftype = str(spec.get("type", "text"))
        if ftype not in FIELD_TYPES:
            chk.fail(f"{where}: field {name}", f"unknown field type {ftype!r}")
        choices = tuple(str(c) for c in spec.get("choices") or ())
        if ftype == "choice" and not choices:
            chk.fail(f"{where}: field {name}", "a choice field needs choices")
        out.append(FieldDef(str(name), ftype, bool(spec.get("required", False)), choices))
    return tuple(out)


def _load_states(chk: _Check, raw: Any, finals: set[str]) -> dict[str, StateDef]:
    """Parse the states mapping."""
    if not isinstance(raw, dict) or not raw:
        chk.fail("states", "states must be a non-empty mapping")
    states = {}
    for name, spec in raw.items():
        spec = spec or {}
        where = f"state {name}"
        editable = str(spec.get("editable_by", "nobody"))
        if editable not in EDITORS:
            chk.fail(where, f"editable_by must be one of {', '.join(EDITORS)}")
        states[str(name)] = StateDef(
            name=str(name),
            labels=chk.labels(where, spec.get("labels")),
            editable_by=editable,
            public=bool(spec.get("public", False)),
            color=str(spec.get("color", "#6c757d")),
            final=str(name) in finals,
        )
    return states


def _load_action(chk: _Check, spec: Any, states: dict[str, StateDef]) -> ActionDef:
    """Parse one entry of the actions list."""
    if not isinstance(spec, dict) or not spec.get("name"):
        chk.fail("actions", "every action needs a name")
    name = str(spec["name"])
    where = f"action {name}"
    if name == EDIT:
        chk.fail(where, "'edit' is reserved; declare editing with editable_by and edit:")
    sources = spec.get("from")
    if isinstance(sources, str):
        sources = [sources]
    if not sources:
        chk.fail(where, "from must list at least one state")
    for src in sources:
        if src not in states:
            chk.fail(where, f"unknown state {src!r} in from")
    dest = spec.get("to")
    if dest is not None and dest not in states:
        chk.fail(where, f"unknown state {dest!r} in to")
    comment = str(spec.get("comment", "optional"))
    if comment not in ("required", "optional"):
        chk.fail(where, "comment must be required or optional")
    from workflow.policy import PREDICATES

    require = tuple(str(r) for r in spec.get("require") or ())
    for pred in require:
        if pred not in PREDICATES:
            chk.fail(where, f"unknown rule {pred!r} in require")
    return ActionDef(
        name=name,
        labels=chk.labels(where, spec.get("labels")),
        sources=tuple(str(s) for s in sources),
        dest=None if dest is None else str(dest),
        roles=chk.roles(where, spec.get("roles")),
        forbid_author=bool(spec.get("forbid_author", False)),
        comment=comment,
        require=require,
        fields=_load_fields(chk, where, spec.get("fields")),
        confirm=bool(spec.get("confirm", False)),
        inbox=bool(spec.get("inbox", True)),
    )


def _edit_action(chk: _Check, raw: Any, states: dict[str, StateDef]) -> ActionDef | None:
    """The implied `edit` action, available in states the author may still edit."""
    sources = tuple(s.name for s in states.values() if s.editable_by == "author")
    if not sources:
        return None
    if not isinstance(raw, dict):
        chk.fail("edit", "states are editable_by author, so an edit: block with labels is needed")
    return ActionDef(
        name=EDIT,
        labels=chk.labels("edit", raw.get("labels")),
        sources=sources,
        dest=None,
        roles=chk.roles("edit", raw.get("roles")),
        require=("is_author",),
        inbox=False,
    )


def _check_graph(chk: _Check, initial: str, states: dict[str, StateDef],
                 actions: dict[str, ActionDef]) -> None:
    """Reachability, ways out of non-final states, none out of final ones, no duplicates."""
    seen_pairs: set[tuple[str, str]] = set()
    for act in actions.values():
        for src in act.sources:
            if (src, act.name) in seen_pairs:
                chk.fail(f"action {act.name}", f"duplicate action from state {src}")
            seen_pairs.add((src, act.name))
    outgoing: dict[str, set[str]] = {s: set() for s in states}
    for act in actions.values():
        if act.dest is not None:
            for src in act.sources:
                outgoing[src].add(act.dest)
    for name, st in states.items():
        if st.final and outgoing[name]:
            chk.fail(f"state {name}", "a final state must have no way out")
        if not st.final and not outgoing[name]:
            chk.fail(f"state {name}", "a non-final state needs a way out")
    reached, todo = {initial}, deque([initial])
    while todo:
        for nxt in outgoing[todo.popleft()]:
            if nxt not in reached:
                reached.add(nxt)
                todo.append(nxt)
    for name in states:
        if name not in reached:
            chk.fail(f"state {name}", f"unreachable from the initial state {initial}")


def _no_duplicate_keys(chk: _Check, text: str) -> None:
    """PyYAML keeps the last of two equal keys silently; refuse such files."""

    class Loader(yaml.SafeLoader):
        pass

    def construct(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
        keys = [loader.construct_object(k) for k, _ in node.value]
        for key in keys:
            if keys.count(key) > 1:
                chk.fail(f"line {node.start_mark.line + 1}", f"duplicate key {key!r}")
        return loader.construct_mapping(node)

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct)
    yaml.load(text, Loader=Loader)


def parse_definition(text: str, path: str = "<string>") -> Definition:
    """Parse and validate one definition from YAML text."""
    chk = _Check(path)
    try:
        _no_duplicate_keys(chk, text)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DefinitionError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        chk.fail("top level", "the file must hold a mapping")
    kind = str(raw.get("kind") or "").strip()
    if not kind:
        chk.fail("top level", "kind is required")
    finals = raw.get("final") or []
    if not isinstance(finals, list) or not finals:
        chk.fail("top level", "final must list at least one state")
    states = _load_states(chk, raw.get("states"), {str(f) for f in finals})
    for fin in finals:
        if fin not in states:
            chk.fail("final", f"unknown state {fin!r}")
    initial = str(raw.get("initial") or "")
    if initial not in states:
        chk.fail("initial", f"unknown state {initial!r}")
    actions: dict[str, ActionDef] = {}
    raw_actions = raw.get("actions")
    if not isinstance(raw_actions, list) or not raw_actions:
        chk.fail("actions", "actions must be a non-empty list")
    for spec in raw_actions:
        act = _load_action(chk, spec, states)
        if act.name in actions:
            overlap = set(act.sources) & set(actions[act.name].sources)
            rule = f"duplicate action from state {sorted(overlap)[0]}" if overlap else (
                "an action name may appear once; list all its states in from")
            chk.fail(f"action {act.name}", rule)
        actions[act.name] = act
    edit = _edit_action(chk, raw.get("edit"), states)
    if edit is not None:
        actions[EDIT] = edit
    _check_graph(chk, initial, states, actions)
    by_state = {s: tuple(a for a in actions.values() if s in a.sources) for s in states}
    create = raw.get("create")
    if not isinstance(create, dict):
        chk.fail("create", "create: with the roles that may start a document is required")
    return Definition(kind, chk.labels("top level", raw.get("labels")), initial, states,
                      actions, chk.roles("create", create.get("roles")), path, by_state)


def load_file(path: Path) -> Definition:
    """Load one definition file."""
    return parse_definition(path.read_text(encoding="utf-8"), str(path))


def load_all(directory: Path = DEFINITIONS_DIR) -> dict[str, Definition]:
    """Load every `*.yaml` in `directory`, keyed by kind."""
    out: dict[str, Definition] = {}
    for path in sorted(directory.glob("*.yaml")):
        definition = load_file(path)
        if definition.kind in out:
            raise DefinitionError(f"{path}: kind {definition.kind!r} is defined twice")
        out[definition.kind] = definition
    return out


@cache
def definitions() -> dict[str, Definition]:
    """The definitions shipped in `states/`, loaded once per process."""
    return load_all()


def get(kind: str) -> Definition:
    """The definition of `kind`."""
    return definitions()[kind]
