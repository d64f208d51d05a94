"""Colours and line styles shared by the map and the timeline.

The palette is Okabe & Ito's (2008), distinguishable with the common colour-vision deficiencies;
each travel mode also differs in pattern (ties, dashes, dots), not in colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
OTHER_COLOUR = "#9E9E9E"
"""Grey for everything past the palette's colours (``other``)."""

COUNTRY_COLOURS: dict[str, str] = {
    "CN": OKABE_ITO[0],
    "SUHH": OKABE_ITO[1],
    "RU": OKABE_ITO[2],
    "KR": OKABE_ITO[3],
    "VDVN": OKABE_ITO[4],
    "ID": OKABE_ITO[5],
    "RO": OKABE_ITO[6],
}
"""A fixed colour per first-destination country, whatever the picture draws: China, the Soviet
Union, Russia, South Korea, North Vietnam, Indonesia and Romania, the first destinations ranked
over the bundled data (most journeys first, then the earliest). Every other country is
:data:`OTHER_COLOUR`; black is kept for ink. In this order, too, the legend lists them."""

SEA = "#EEF4F8"
LAND = "#F4F1EA"
BORDER = "#B9B4A8"
GRATICULE = "#D5DEE5"
INK = "#1A1A1A"
MUTED = "#5A5A5A"
HOME = "#C0392B"
"""The home capital's marker colour."""


@dataclass(frozen=True, slots=True)
class ModeStyle:
    """How one travel mode is drawn.

    Attributes:
        label: legend text.
        colour: stroke colour.
        width: stroke width in px.
        dash: SVG ``stroke-dasharray`` or ``None`` for a solid line.
        ties: draw cross-ties (railway symbol) over the line.
        curved: draw as a bowed arc (flights).
    """

    label: str
    colour: str
    width: float
    dash: str | None = None
    ties: bool = False
    curved: bool = False


MODE_STYLES: dict[str, ModeStyle] = {
    "train": ModeStyle("Train", "#2B2B2B", 1.8, ties=True),
    "air": ModeStyle("Air", "#D55E00", 1.8, dash="7 4", curved=True),
    "car": ModeStyle("Car", "#009E73", 1.4),
    "foot": ModeStyle("On foot", "#000000", 2.2, dash="0.1 3.5"),
    "ship": ModeStyle("Ship", "#0072B2", 1.8, dash="5 3"),
}
FALLBACK_STYLE = ModeStyle("Other", "#7F7F7F", 1.4, dash="2 2")
MODE_ORDER = ("train", "air", "car", "ship", "foot")


def legend_order(modes: set[str]) -> tuple[str, ...]:
    """Return modes in legend order: :data:`MODE_ORDER`, then any others by name."""
    return tuple(m for m in MODE_ORDER if m in modes) + tuple(sorted(modes - set(MODE_ORDER)))


CONNECTION_WIDTH = 1.1
CONNECTION_DASH = "5 2.5 1 2.5"
"""Dash-dot: a connection's pattern, unlike any mode's own."""


def connection_style(mode: str) -> ModeStyle:
    """Return how a ``mode`` leg whose route is not reported is drawn: thin dash-dot, its colour."""
    own = mode_style(mode)
    return ModeStyle(
        f"{own.label}: connection, route not reported",
        own.colour,
        CONNECTION_WIDTH,
        CONNECTION_DASH,
    )


def mode_style(mode: str) -> ModeStyle:
    """Return the style of a mode; an unknown mode gets :data:`FALLBACK_STYLE` with its name."""
    style = MODE_STYLES.get(mode)
    if style is None:
        return ModeStyle(
            mode.capitalize() or "Other",
            FALLBACK_STYLE.colour,
            FALLBACK_STYLE.width,
            FALLBACK_STYLE.dash,
        )
    return style
