"""Diagrams of a workflow definition: Mermaid text."""

from __future__ import annotations

from html import escape

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


BOX_W, BOX_H, COL_GAP, ROW_GAP, PAD = 150, 44, 90, 40, 24


def _layers(definition: Definition) -> dict[str, tuple[int, int]]:
    """Column (distance from the initial state) and row of every state."""
    depth = {definition.initial: 0}
    order = [definition.initial]
    for name in order:
        for act in definition.actions.values():
            if name in act.sources and act.dest and act.dest not in depth:
                depth[act.dest] = depth[name] + 1
                order.append(act.dest)
    rows: dict[int, int] = {}
    out = {}
    for name in order:
        col = depth[name]
        out[name] = (col, rows.get(col, 0))
        rows[col] = rows.get(col, 0) + 1
    return out


def _esc(text: str) -> str:
    """Escape text for SVG."""
    return escape(text, quote=True)


def svg(definition: Definition, lang: str = "zh_Hans", current: str | None = None) -> str:
    """The workflow as a self-contained SVG (no script, no external reference)."""
    pos = _layers(definition)
    cols = max(c for c, _ in pos.values()) + 1
    rows = max(r for _, r in pos.values()) + 1
    width = PAD * 2 + cols * BOX_W + (cols - 1) * COL_GAP
    height = PAD * 2 + rows * (BOX_H + ROW_GAP) + 30

    def xy(name: str) -> tuple[float, float]:
        col, row = pos[name]
        return PAD + col * (BOX_W + COL_GAP), PAD + row * (BOX_H + ROW_GAP)

    edges: dict[tuple[str, str], list[str]] = {}
    loops: dict[str, list[str]] = {}
    for act in definition.actions.values():
        for src in act.sources:
            if act.dest is None:
                loops.setdefault(src, []).append(act.label(lang))
            else:
                edges.setdefault((src, act.dest), []).append(act.label(lang))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="workflow-diagram" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-label="{_esc(definition.label(lang))}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#6c757d"/></marker></defs>',
    ]
    for (src, dest), labels in edges.items():
        (x1, y1), (x2, y2) = xy(src), xy(dest)
        text = _esc(" / ".join(labels))
        if pos[dest][0] > pos[src][0]:
            sx, sy, ex, ey = x1 + BOX_W, y1 + BOX_H / 2, x2, y2 + BOX_H / 2
            path = f"M{sx},{sy} C{sx + 40},{sy} {ex - 40},{ey} {ex},{ey}"
            lx, ly = (sx + ex) / 2, (sy + ey) / 2 - 4
        else:
            sx, sy, ex, ey = x1 + BOX_W / 2, y1 + BOX_H, x2 + BOX_W / 2, y2 + BOX_H
            dip = max(sy, ey) + ROW_GAP * 0.8
            path = f"M{sx},{sy} C{sx},{dip} {ex},{dip} {ex},{ey}"
            lx, ly = (sx + ex) / 2, dip - 2
        parts.append(f'<path d="{path}" fill="none" stroke="#adb5bd" stroke-width="1.5" '
                     f'marker-end="url(#arrow)"><title>{text}</title></path>')
        parts.append(f'<text x="{lx}" y="{ly}" font-size="11" text-anchor="middle" '
                     f'fill="#495057">{text}</text>')
    for name, st in definition.states.items():
        x, y = xy(name)
        here = name == current
        stroke = "#b8860b" if here else st.color
        fill = "#ffe08a" if here else "#ffffff"
        extra = ' class="current" aria-current="step"' if here else ""
        parts.append(
            f'<g data-state="{_esc(name)}"{extra}><rect x="{x}" y="{y}" width="{BOX_W}" '
            f'height="{BOX_H}" rx="8" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{4 if here else 2}"/>'
            f'<text x="{x + BOX_W / 2}" y="{y + BOX_H / 2 + 5}" font-size="13" '
            f'text-anchor="middle" font-weight="{"bold" if here else "normal"}" fill="#212529">'
            f'{_esc(st.label(lang))}</text>')
        if name in loops:
            parts.append(f'<text x="{x + BOX_W / 2}" y="{y + BOX_H + 14}" font-size="10" '
                         f'text-anchor="middle" fill="#6c757d">↻ '
                         f'{_esc("、".join(loops[name]))}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
