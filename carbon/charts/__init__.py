"""Charts for board papers and the HTML report (matplotlib, Agg backend, no pyplot).

Every chart function returns a :class:`Chart`: the matplotlib figure, its title and an
alt-text string describing what the chart shows (for the HTML report's ``alt`` attribute).
``Chart.png()`` and ``Chart.svg()`` give the bytes to embed; ``Chart.save(path)`` writes a
``.png``, ``.svg`` or ``.pdf`` file. Output is deterministic for the same data (no dates in
the metadata, fixed SVG ids).

matplotlib is imported only when a chart is drawn.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Resolution of PNG output [dots per inch]; with the 10 x 5.6 inch figure, 1500 x 840 px.
DPI = 150
_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
             "pdf": {"CreationDate": None, "Creator": None, "Producer": None}}


@dataclass(frozen=True)
class Chart:
    """A rendered chart.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
    title : str
    alt_text : str
        Plain-language description of the data shown, for screen readers and reports.
    """

    figure: Figure
    title: str
    alt_text: str

    def render(self, fmt: str = "png", dpi: int = DPI) -> bytes:
        """The chart as ``png``, ``svg`` or ``pdf`` bytes."""
        from carbon.charts.style import style_context

        if fmt not in _METADATA:
            raise ValueError(f"unknown chart format {fmt!r}; use png, svg or pdf")
        buffer = io.BytesIO()
        with style_context():
            self.figure.savefig(buffer, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
        return buffer.getvalue()

    def png(self, dpi: int = DPI) -> bytes:
        """PNG bytes."""
        return self.render("png", dpi)

    def svg(self) -> bytes:
        """SVG bytes."""
        return self.render("svg")

    def save(self, path: str | Path, dpi: int = DPI) -> Path:
        """Write the chart; the format follows the suffix (``.png``, ``.svg``, ``.pdf``)."""
        from carbon.spreadsheet import write_atomic

        target = Path(path)
        data = self.render(target.suffix.lower().lstrip(".") or "png", dpi)
        return write_atomic(target, lambda tmp: tmp.write_bytes(data))
