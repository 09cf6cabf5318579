"""Diagrams of a workflow definition: Mermaid text."""

from __future__ import annotations

from workflow.definitions import Definition


def mermaid(definition: Definition, lang: str = "zh_Hans", current: str | None = None) -> str:
    """A Mermaid stateDiagram-v2 of `definition`, `current` state highlighted."""
    lines = ["stateDiagram-v2"]
    for st in definition.states.values():
        lines.append(f'    state "{st.label(lang)}" as {st.name}')
    lines.append(f"    [*] --> {definition.initial}")
    for act in definition.actions.values():
        for src in act.sources:
            dest = act.dest or src
            lines.append(f"    {src} --> {dest}: {act.label(lang)}")
    for name in definition.final_states:
        lines.append(f"    {name} --> [*]")
    if current:
        lines.append("    classDef current fill:#ffe08a,stroke:#b8860b,stroke-width:3px")
        lines.append(f"    class {current} current")
    return "\n".join(lines) + "\n"
