"""Loading and validating the workflow definitions in states/, and the compiled machines."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from states import DEFINITIONS_DIR
from workflow.definitions import (
    LANGS,
    DefinitionError,
    definitions,
    load_all,
    parse_definition,
)
from workflow.machine import compiled

PATH = "states/demo.yaml"

VALID = """\
kind: demo
labels: {zh_Hans: 演示, zh_Hant: 演示, en: Demo}
initial: draft
final: [done]
create:
  roles: [drafter]
states:
  draft:
    labels: {zh_Hans: 草稿, zh_Hant: 草稿, en: Draft}
    editable_by: author
  review:
    labels: {zh_Hans: 审议, zh_Hant: 審議, en: Review}
    editable_by: nobody
  done:
    labels: {zh_Hans: 完成, zh_Hant: 完成, en: Done}
edit:
  labels: {zh_Hans: 修改, zh_Hant: 修改, en: Edit}
  roles: [drafter]
actions:
  - name: submit
    labels: {zh_Hans: 提交, zh_Hant: 提交, en: Submit}
    from: [draft]
    to: review
    roles: [drafter]
    require: [is_author]
  - name: approve
    labels: {zh_Hans: 通过, zh_Hant: 通過, en: Approve}
    from: [review]
    to: done
    roles: [chair]
    forbid_author: true
    fields:
      note: {type: text}
      grade: {type: choice, choices: [A, B]}
  - name: send_back
    labels: {zh_Hans: 退回, zh_Hant: 退回, en: Send back}
    from: [review]
    to: draft
    roles: [chair]
    comment: required
"""

EXTRA_ACTION = """\
  - name: {name}
    labels: {{zh_Hans: 甲, zh_Hant: 甲, en: A}}
    from: [{src}]
    to: {dest}
    roles: [chair]
"""

EXTRA_STATE = """\
  {name}:
    labels: {{zh_Hans: 乙, zh_Hant: 乙, en: B}}
"""


def _with_state(text: str, name: str) -> str:
    return text.replace("edit:\n", EXTRA_STATE.format(name=name) + "edit:\n")


def _with_action(text: str, name: str, src: str, dest: str) -> str:
    return text + EXTRA_ACTION.format(name=name, src=src, dest=dest)


def _replace(old: str, new: str, count: int = 1) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, count)


def test_minimal_definition_is_valid() -> None:
    """The base text of the broken variants below is itself valid."""
    d = parse_definition(VALID, PATH)
    assert d.kind == "demo"
    assert list(d.states) == ["draft", "review", "done"]
    assert set(d.actions) == {"submit", "approve", "send_back", "edit"}
    assert d.final_states == ("done",)
    assert d.actions["approve"].forbid_author
    assert d.actions["send_back"].comment == "required"
    assert [f.name for f in d.actions["approve"].fields] == ["note", "grade"]
    assert d.actions["edit"].sources == ("draft",)


BROKEN = [
    pytest.param(_replace("from: [review]\n    to: done", "from: [reviw]\n    to: done"),
                 "action approve", "unknown state 'reviw' in from", id="unknown-state-in-from"),
    pytest.param(_replace("to: done", "to: dne"), "action approve",
                 "unknown state 'dne' in to", id="unknown-state-in-to"),
    pytest.param(_replace("initial: draft", "initial: drft"), "initial",
                 "unknown state 'drft'", id="unknown-state-in-initial"),
    pytest.param(_replace("final: [done]", "final: [done, gone]"), "final",
                 "unknown state 'gone'", id="unknown-state-in-final"),
    pytest.param(_with_action(_with_state(VALID, "limbo"), "escape", "limbo", "done"),
                 "state limbo", "unreachable from the initial state draft", id="unreachable"),
    pytest.param(_with_action(_with_state(VALID, "stuck"), "park", "review", "stuck"),
                 "state stuck", "a non-final state needs a way out", id="no-way-out"),
    pytest.param(_with_action(VALID, "reopen", "done", "draft"), "state done",
                 "a final state must have no way out", id="final-with-way-out"),
    pytest.param(_replace("roles: [chair]\n    forbid_author", "roles: [chief]\n    forbid_author"),
                 "action approve", "unknown role 'chief'", id="unknown-role"),
    pytest.param(_replace("create:\n  roles: [drafter]", "create:\n  roles: [writer]"),
                 "create", "unknown role 'writer'", id="unknown-role-in-create"),
    pytest.param(_with_action(VALID, "approve", "review", "draft"), "action approve",
                 "duplicate action from state review", id="duplicate-action"),
    pytest.param(_replace("    to: done\n", "    to: done\n    to: review\n"), "line ",
                 "duplicate key 'to'", id="duplicate-key"),
    pytest.param(_replace("require: [is_author]", "require: [is_writer]"), "action submit",
                 "unknown rule 'is_writer' in require", id="unknown-predicate"),
    pytest.param(_replace("{zh_Hans: 通过, zh_Hant: 通過, en: Approve}",
                          "{zh_Hans: 通过, zh_Hant: 通過}"),
                 "action approve", "missing label for en", id="missing-action-label"),
    pytest.param(_replace("{zh_Hans: 审议, zh_Hant: 審議, en: Review}",
                          "{zh_Hans: 审议, en: Review}"),
                 "state review", "missing label for zh_Hant", id="missing-state-label"),
    pytest.param(_replace("editable_by: author", "editable_by: everyone"), "state draft",
                 "editable_by must be one of author, nobody", id="bad-editable-by"),
    pytest.param(_replace("note: {type: text}", "note: {type: texte}"),
                 "action approve: field note", "unknown field type 'texte'",
                 id="unknown-field-type"),
    pytest.param(_replace("grade: {type: choice, choices: [A, B]}", "grade: {type: choice}"),
                 "action approve: field grade", "a choice field needs choices",
                 id="choice-without-choices"),
    pytest.param(_replace("comment: required", "comment: maybe"), "action send_back",
                 "comment must be required or optional", id="bad-comment"),
    pytest.param(_replace("  - name: submit", "  - name: edit"), "action edit",
                 "'edit' is reserved", id="edit-reserved"),
]


@pytest.mark.parametrize(("text", "where", "rule"), BROKEN)
def test_broken_definition_is_refused(text: str, where: str, rule: str) -> None:
    """Each rule: the message names the file, the state/action and the rule broken."""
    with pytest.raises(DefinitionError) as info:
        parse_definition(text, PATH)
    message = str(info.value)
    assert message.startswith(f"{PATH}: "), message
    assert where in message, message
    assert rule in message, message


def test_load_all_refuses_a_kind_defined_twice(tmp_path: Path) -> None:
    """Two files of the same kind in one directory: the second is named."""
    (tmp_path / "a.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(VALID, encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        load_all(tmp_path)
    assert str(tmp_path / "b.yaml") in str(info.value)
    assert "'demo' is defined twice" in str(info.value)


def test_load_all_names_the_bad_file(tmp_path: Path) -> None:
    """A broken file among good ones: the error names that file."""
    (tmp_path / "good.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(VALID.replace("kind: demo", "kind: other")
                                       .replace("to: done", "to: nowhere"), encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        load_all(tmp_path)
    assert str(info.value).startswith(f"{tmp_path / 'bad.yaml'}: action approve:")
    (tmp_path / "bad.yaml").unlink()
    assert set(load_all(tmp_path)) == {"demo"}


def _raw(kind: str) -> dict:
    return yaml.safe_load((DEFINITIONS_DIR / f"{kind}.yaml").read_text(encoding="utf-8"))


def test_shipped_definitions_load() -> None:
    """states/ holds plan and proposal; they load with the states of the issue."""
    defs = load_all()
    assert set(defs) == {"plan", "proposal"}
    assert list(defs["plan"].states) == ["draft", "committee_review", "party_review",
                                         "approved", "published", "closed"]
    assert set(defs["proposal"].final_states) == {"closed", "not_filed", "merged", "converted",
                                                  "withdrawn"}
    assert defs["plan"].initial == defs["proposal"].initial == "draft"
    assert definitions() is definitions()


@pytest.mark.parametrize("kind", ["plan", "proposal"])
def test_shipped_labels_in_every_language(kind: str) -> None:
    """Every state, action and the kind itself have zh_Hans, zh_Hant and en labels."""
    raw = _raw(kind)
    labelled = [("kind", raw["labels"]), ("edit", raw["edit"]["labels"])]
    labelled += [(f"state {n}", s["labels"]) for n, s in raw["states"].items()]
    labelled += [(f"action {a['name']}", a["labels"]) for a in raw["actions"]]
    for where, labels in labelled:
        for lang in LANGS:
            assert str(labels.get(lang) or "").strip(), f"{kind}: {where} lacks {lang}"
    d = load_all()[kind]
    for act in d.actions.values():
        assert {act.label(lang) for lang in LANGS} and all(act.label(lang) for lang in LANGS)


@pytest.mark.parametrize("kind", ["plan", "proposal"])
def test_compiled_machine_matches_the_yaml(kind: str) -> None:
    """auto_transitions off; every state's triggers and destinations are those of the file."""
    raw = _raw(kind)
    ck = compiled(kind)
    assert ck is compiled(kind)
    machine = ck.machine
    assert machine.auto_transitions is False
    assert not [e for e in machine.events if e.startswith("to_")]
    editable = {n for n, s in raw["states"].items() if s.get("editable_by") == "author"}
    for state in raw["states"]:
        expected = {a["name"] for a in raw["actions"] if state in a["from"]}
        if state in editable:
            expected.add("edit")
        assert {a.name for a in ck.actions_from(state)} == expected, state
        assert set(machine.get_triggers(state)) == expected, state
    for act in raw["actions"]:
        event = machine.events[act["name"]]
        assert set(event.transitions) == set(act["from"])
        for src in act["from"]:
            (transition,) = event.transitions[src]
            assert transition.dest == act["to"]
            assert ck.next_state(src, act["name"]) == (act["to"] or src)
    assert machine.models == []  # next_state leaves no document attached


def test_compiled_machine_refuses_invalid_triggers() -> None:
    """Driving the table from a state the action does not start from raises MachineError."""
    from workflow.machine import MachineError

    ck = compiled("plan")
    with pytest.raises(MachineError):
        ck.next_state("draft", "publish")
    assert ck.machine.models == []
