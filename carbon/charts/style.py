"""One look for every chart: size for an A4 board paper, NHS identity colours, large type."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Figure size [inches]: full text width of an A4 landscape board paper.
FIGSIZE = (10.0, 5.6)
#: Colours (NHS identity palette) by role.
ACTUAL = "#003087"       # NHS dark blue
TARGETS = ("#DA291C", "#ED8B00", "#7C2855", "#AE2573")  # emergency red, orange, plum, pink
SCENARIOS = ("#005EB8", "#009639", "#00A499", "#330072", "#78BE20")  # blue, green, aqua ...
BAU = "#768692"          # mid grey
WINDOW = "#E8EDEE"       # pale grey
DECREASE = "#009639"
INCREASE = "#DA291C"
TOTAL = "#005EB8"
TEXT = "#231F20"
_RC: dict[str, Any] = {
       "font.size": 11, "axes.titlesize": 13, "axes.labelsize": 11, "legend.fontsize": 9,
       "axes.edgecolor": "#425563", "axes.labelcolor": TEXT, "xtick.color": TEXT,
       "ytick.color": TEXT, "axes.spines.top": False, "axes.spines.right": False,
       "svg.hashsalt": "carbon", "svg.fonttype": "none", "font.family": "DejaVu Sans"}


@contextmanager
def style_context() -> Iterator[None]:
    """matplotlib settings of every carbon chart (Agg backend, no global state left behind)."""
    import matplotlib

    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        yield


def new_axes() -> tuple[Figure, Axes]:
    """A figure of :data:`FIGSIZE` with one axes, drawn by the Agg backend (no pyplot)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with style_context():
        figure = Figure(figsize=FIGSIZE, layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
    return figure, axes


def thousands(axes: Axes) -> None:
    """Label the y axis with thousands separators."""
    from matplotlib.ticker import FuncFormatter

    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))


def fy_ticks(axes: Axes, first: int, last: int) -> None:
    """Financial-year labels (``2019/20``) on a start-year x axis, at most about 12 ticks."""
    from matplotlib.ticker import FixedLocator, FuncFormatter

    step = max(1, -(-(last - first + 1) // 12))
    axes.xaxis.set_major_locator(FixedLocator(list(range(first, last + 1, step))))
    axes.xaxis.set_major_formatter(
        FuncFormatter(lambda v, _pos: f"{int(v)}/{(int(v) + 1) % 100:02d}"))
    axes.tick_params(axis="x", labelrotation=45)
