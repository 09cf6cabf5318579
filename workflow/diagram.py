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


BOX_W, BOX_H, COL_GAP, ROW_GAP, PAD = 150, 40, 40, 46, 16


def _layers(definition: Definition) -> dict[str, tuple[int, int]]:
    """Row (distance from the initial state) and column of every state."""
    depth = {definition.initial: 0}
    order = [definition.initial]
    for name in order:
        for act in definition.actions.values():
            if name in act.sources and act.dest and act.dest not in depth:
                depth[act.dest] = depth[name] + 1
                order.append(act.dest)
    cols: dict[int, int] = {}
    out = {}
    for name in order:
        row = depth[name]
        out[name] = (row, cols.get(row, 0))
        cols[row] = cols.get(row, 0) + 1
    return out


def _esc(text: str) -> str:
    """Escape text for SVG."""
    return escape(text, quote=True)


def _edges(definition: Definition, lang: str) -> tuple[dict, dict]:
    """State-changing edges with their labels, and the non-moving actions per state."""
    edges: dict[tuple[str, str], list[str]] = {}
    loops: dict[str, list[str]] = {}
    for act in definition.actions.values():
        for src in act.sources:
            if act.dest is None:
                loops.setdefault(src, []).append(act.label(lang))
            else:
                edges.setdefault((src, act.dest), []).append(act.label(lang))
    return edges, loops


def _text_width(text: str) -> int:
    """Rough width in pixels of `text` at 11px (CJK wide, Latin narrow)."""
    return sum(11 if ord(ch) > 0x2E80 else 6 for ch in text)


def svg(definition: Definition, lang: str = "zh_Hans", current: str | None = None) -> str:
    """The workflow top to bottom as a self-contained SVG (no script, no external reference)."""
    pos = _layers(definition)
    edges, loops = _edges(definition, lang)
    rows = max(r for r, _ in pos.values()) + 1
    cols = max(c for _, c in pos.values()) + 1
    widths = {key: _text_width(" / ".join(labels)) for key, labels in edges.items()}
    backs = [w for (a, b), w in widths.items() if pos[b][0] <= pos[a][0] and pos[b][1] == 0]
    side = 40 + 14 * len(backs) + max(backs or [0])
    right = 10 + max([w for (a, b), w in widths.items() if pos[b][0] > pos[a][0]] or [0])
    width = PAD * 2 + side + cols * BOX_W + (cols - 1) * COL_GAP + right
    height = PAD * 2 + rows * BOX_H + (rows - 1) * ROW_GAP + 16

    def xy(name: str) -> tuple[float, float]:
        row, col = pos[name]
        return PAD + side + col * (BOX_W + COL_GAP), PAD + row * (BOX_H + ROW_GAP)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="workflow-diagram" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
        f'font-family="Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, sans-serif" '
        f'aria-label="{_esc(definition.label(lang))}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#6c757d"/></marker></defs>',
    ]
    back = 0
    for (src, dest), labels in edges.items():
        back += pos[dest][0] <= pos[src][0] and pos[dest][1] == 0
        path, (lx, ly, anchor) = _route(xy(src), xy(dest), pos[src], pos[dest], back)
        text = _esc(" / ".join(labels))
        parts.append(f'<path d="{path}" fill="none" stroke="#adb5bd" stroke-width="1.5" '
                     f'marker-end="url(#arrow)"><title>{text}</title></path>')
        parts.append(f'<text x="{lx}" y="{ly}" font-size="11" text-anchor="{anchor}" '
                     f'fill="#495057">{text}</text>')
    for name, st in definition.states.items():
        parts.append(_node(name, st, xy(name), name == current, loops.get(name), lang))
    parts.append("</svg>")
    return "".join(parts)


def _route(a: tuple[float, float], b: tuple[float, float], pa: tuple[int, int],
           pb: tuple[int, int], back: int) -> tuple[str, tuple[float, float, str]]:
    """SVG path of one edge and where its label goes."""
    (x1, y1), (x2, y2) = a, b
    if pb[0] > pa[0]:  # downwards
        sx, sy, ex, ey = x1 + BOX_W / 2, y1 + BOX_H, x2 + BOX_W / 2, y2
        label = ((sx + ex) / 2 + 6, (sy + ey) / 2 + 4, "start") if pa[1] == pb[1] \
            else (ex + 6, ey - 6, "start")
        return f"M{sx},{sy} C{sx},{sy + 24} {ex},{ey - 24} {ex},{ey}", label
    if pb[1] > 0:  # to a side box in the same or an earlier row: from the right edge
        sx, sy, ex, ey = x1 + BOX_W, y1 + BOX_H / 2, x2 + BOX_W / 2, y2 + BOX_H
        if pb[0] == pa[0]:
            sx, ey, ex = x1 + BOX_W, y2 + BOX_H / 2, x2
            return f"M{sx},{sy} L{ex},{ey}", ((sx + ex) / 2, sy - 6, "middle")
        return (f"M{sx},{sy} C{ex},{sy} {ex},{sy} {ex},{ey}",
                ((sx + ex) / 2, sy + 14, "middle"))
    sx, sy, ex, ey = x1, y1 + BOX_H / 2 + 6, x2, y2 + BOX_H / 2 - 6  # back up the main line
    bend = max(PAD + 4, x1 - 22 - 14 * back)
    return f"M{sx},{sy} C{bend},{sy} {bend},{ey} {ex},{ey}", (bend - 2, (sy + ey) / 2, "end")


def _node(name: str, st: object, at: tuple[float, float], here: bool,
          loops: list[str] | None, lang: str) -> str:
    """One state box, highlighted when it is the current state."""
    x, y = at
    stroke = "#b8860b" if here else st.color  # type: ignore[attr-defined]
    fill = "#ffe08a" if here else "#ffffff"
    extra = ' class="current" aria-current="step"' if here else ""
    out = (f'<g data-state="{_esc(name)}"{extra}><rect x="{x}" y="{y}" width="{BOX_W}" '
           f'height="{BOX_H}" rx="8" fill="{fill}" stroke="{stroke}" '
           f'stroke-width="{4 if here else 2}"/>'
           f'<text x="{x + BOX_W / 2}" y="{y + BOX_H / 2 + 5}" font-size="13" '
           f'text-anchor="middle" font-weight="{"bold" if here else "normal"}" fill="#212529">'
           f'{_esc(st.label(lang))}</text>')  # type: ignore[attr-defined]
    if loops:
        out += (f'<text x="{x + BOX_W}" y="{y - 4}" font-size="10" text-anchor="end" '
                f'fill="#6c757d">↻ '
                f'{_esc("、".join(loops))}</text>')
    return out + "</g>"
