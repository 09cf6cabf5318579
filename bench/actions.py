"""available_actions from the compiled table vs. building a transitions Machine per document."""

from __future__ import annotations

import statistics
import time
from types import SimpleNamespace

from transitions import Machine

from workflow.definitions import get
from workflow.engine import available_actions
from workflow.machine import compiled

ROUNDS, DOCS = 7, 100


def _documents(kind: str) -> list[SimpleNamespace]:
    """DOCS in-memory documents spread over the kind's states."""
    states = list(get(kind).states)
    session = SimpleNamespace(cosign_threshold=2, opens_on=None, closes_on=None)
    return [SimpleNamespace(kind=kind, id=i, state=states[i % len(states)], author_id=1,
                            department=None, department_id=None, session=session,
                            active_cosigners=[], cosignatures=[], title="t", reason="r",
                            measures="m", sections=[], schedule=[], all_items=list)
            for i in range(DOCS)]


def _machine_per_document(kind: str, docs: list[SimpleNamespace]) -> None:
    """The baseline the engine avoids: one Machine per document, then its triggers."""
    definition = get(kind)
    transitions = [{"trigger": a.name, "source": list(a.sources), "dest": a.dest}
                   for a in definition.actions.values()]
    for doc in docs:
        model = SimpleNamespace()
        machine = Machine(model=model, states=list(definition.states), transitions=transitions,
                          initial=doc.state, auto_transitions=False)
        machine.get_triggers(doc.state)


def _per_doc_us(func, docs: list) -> float:  # type: ignore[no-untyped-def]
    """Median microseconds per document over ROUNDS."""
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        func(docs)
        times.append((time.perf_counter() - start) / len(docs) * 1e6)
    return statistics.median(times)


def main() -> None:
    """Print µs per document for both ways and their ratio."""
    user = SimpleNamespace(id=2, roles=frozenset({"chair", "committee", "representative"}),
                           department_id=None, active=True)
    for kind in ("plan", "proposal"):
        compiled(kind)
        docs = _documents(kind)
        ours = _per_doc_us(lambda ds: [available_actions(d, user) for d in ds], docs)
        base = _per_doc_us(lambda ds, k=kind: _machine_per_document(k, ds), docs)
        print(f"{kind:9s} available_actions {ours:7.2f} µs/doc | Machine per document "
              f"{base:8.2f} µs/doc | ratio {base / ours:6.1f}x faster | target < 10 µs/doc: "
              f"{'met' if ours < 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
