"""One shared `transitions` machine per document kind, compiled once from its definition."""

from __future__ import annotations

from functools import cache

from transitions import Machine, MachineError

from workflow.definitions import ActionDef, Definition, get


class _Token:
    """A throwaway model carrying only a state while one action is fired."""

    def __init__(self) -> None:
        self.state = ""


class CompiledKind:
    """A kind's machine plus the per-state table of actions read from it."""

    def __init__(self, definition: Definition) -> None:
        self.definition = definition
        transitions = []
        for act in definition.actions.values():
            transitions.append({
                "trigger": act.name,
                "source": list(act.sources),
                # dest None makes an internal transition: recorded, no state change.
                "dest": act.dest,
            })
        self.machine = Machine(
            model=None, states=list(definition.states), transitions=transitions,
            initial=definition.initial, auto_transitions=False, send_event=False,
            ignore_invalid_triggers=False,
        )
        self.table: dict[str, tuple[ActionDef, ...]] = {
            state: tuple(definition.actions[t] for t in self.machine.get_triggers(state))
            for state in definition.states
        }

    def actions_from(self, state: str) -> tuple[ActionDef, ...]:
        """Actions whose source includes `state` (from the compiled table)."""
        return self.table.get(state, ())

    def next_state(self, state: str, action: str) -> str:
        """Run `action` from `state` through the machine and return the resulting state."""
        token = _Token()
        # add_model with an explicit initial puts the token in the document's real state.
        self.machine.add_model(token, initial=state)
        try:
            token.trigger(action)  # type: ignore[attr-defined]
            return token.state
        finally:
            self.machine.remove_model(token)


@cache
def compiled(kind: str) -> CompiledKind:
    """The compiled machine of `kind`, built once per process."""
    return CompiledKind(get(kind))


__all__ = ["CompiledKind", "MachineError", "compiled"]
