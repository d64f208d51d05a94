"""Small helpers to write SVG text by hand: escaping, number formatting, elements, text widths.

Everything returns strings; nothing here knows about trips. Text widths are estimated from the
advance widths of DejaVu Sans (the first font of :data:`FONT_FAMILY`; Arial is narrower), so a
layout that fits with these widths fits on screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

FONT_FAMILY = "DejaVu Sans, Arial, sans-serif"

# DejaVu Sans advance widths in 1/1000 em for ASCII 32..126 (measured with cairo).
# fmt: off
_NORMAL = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632,
    575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685,
    611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
    278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
)
_BOLD = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683,
    683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771,
    724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665,
    343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
)
# fmt: on
_OTHER = 700  # any character outside ASCII: a generous guess
_SLACK = 1.05  # hinting at small sizes widens text a little


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Return the estimated width in px of ``text`` set at ``size`` px in DejaVu Sans.

    The estimate includes 5% slack: hinting at small sizes makes rendered text a little wider
    than the font's advance widths.
    """
    table = _BOLD if bold else _NORMAL
    total = 0
    for char in text:
        code = ord(char)
        total += table[code - 32] if 32 <= code <= 126 else _OTHER
    return total * size / 1000 * _SLACK


def fit_text(text: str, size: float, width: float, *, bold: bool = False) -> str:
    """Return ``text``, cut with an ellipsis if needed, so that it fits ``width`` px."""
    if text_width(text, size, bold=bold) <= width:
        return text
    while text and text_width(text + "\u2026", size, bold=bold) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


_NOT_XML = {
    c: "\ufffd" for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)
}
"""Characters XML 1.0 forbids: shown as the replacement character, so the file stays XML."""


def esc(text: str) -> str:
    """Return ``text`` escaped for SVG character data and attribute values.

    Markup characters become entities; control characters XML does not allow become U+FFFD.
    """
    return (
        text.translate(_NOT_XML)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def num(value: float) -> str:
    """Return a number written with at most one decimal (``12``, ``12.5``)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def attrs(values: Mapping[str, object]) -> str:
    """Return ``key="value"`` pairs; underscores in keys become hyphens; ``None`` values are skipped."""
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        text = num(value) if isinstance(value, float) else str(value)
        parts.append(f' {key.rstrip("_").replace("_", "-")}="{esc(text)}"')
    return "".join(parts)


def element(name: str, content: str | None = None, /, **values: object) -> str:
    """Return one SVG element; ``content`` is inserted as is (escape text with :func:`esc`)."""
    if content is None:
        return f"<{name}{attrs(values)}/>"
    return f"<{name}{attrs(values)}>{content}</{name}>"


def path_data(points: Sequence[tuple[float, float]], *, closed: bool = False) -> str:
    """Return SVG path data through ``points`` (``M x y L x y ...``, ``Z`` when ``closed``)."""
    if not points:
        return ""
    head = f"M{num(points[0][0])} {num(points[0][1])}"
    body = "".join(f"L{num(x)} {num(y)}" for x, y in points[1:])
    return head + body + ("Z" if closed else "")


def document(width: float, height: float, body: Sequence[str], *, title: str | None = None) -> str:
    """Return a standalone SVG document of ``width`` x ``height`` px around ``body``."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{num(width)}" height="{num(height)}" '
        f'viewBox="0 0 {num(width)} {num(height)}" font-family="{FONT_FAMILY}">'
    )
    title_tag = f"<title>{esc(title)}</title>" if title else ""
    return head + title_tag + "\n" + "\n".join(body) + "\n</svg>\n"


def halo_text(
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    anchor: str = "start",
    bold: bool = False,
    fill: str = "#1a1a1a",
    halo: str = "#ffffff",
) -> str:
    """Return a text drawn twice, first as a wide halo stroke then filled, to stay readable."""
    common = {
        "x": x,
        "y": y,
        "font_size": float(size),
        "text_anchor": anchor,
        "font_weight": "bold" if bold else None,
    }
    under = element(
        "text",
        esc(text),
        **common,
        fill=halo,
        stroke=halo,
        stroke_width=3.0,
        stroke_linejoin="round",
    )
    over = element("text", esc(text), **common, fill=fill)
    return under + over
