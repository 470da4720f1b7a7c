"""The geometry of the dashboards' charts, drawn as SVG by the templates (no script: the
pages run under a strict Content-Security-Policy, print well and need nothing on a phone).

Every chart is also shown as a table beside it; these shapes only say where things go.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    count: int
    x: float  # % of the bar's width
    width: float


@dataclass(frozen=True)
class StackedBar:
    label: str
    total: int
    segments: tuple[Segment, ...]
    counts: tuple[int, ...]  # every part's count, zeros included, in the parts' order


def stacked(label: str, parts: Sequence[tuple[str, str, int]]) -> StackedBar:
    """One bar of `parts` (key, label, count), each a share of the bar's total."""
    total = sum(count for _key, _label, count in parts)
    segments, x = [], 0.0
    for key, name, count in parts:
        width = 100 * count / total if total else 0.0
        if count:
            segments.append(Segment(key, name, count, round(x, 2), round(width, 2)))
        x += width
    return StackedBar(label, total, tuple(segments), tuple(count for *_name, count in parts))


@dataclass(frozen=True)
class Bin:
    label: str
    count: int
    x: float  # % of the chart's width
    width: float
    height: float  # % of the highest bin

    @property
    def top(self) -> float:
        """Where the bar starts on the chart's 100 × 50 canvas (its base is at 50)."""
        return round(50 - self.height * 0.45, 2)

    @property
    def size(self) -> float:
        return round(self.height * 0.45, 2)


@dataclass(frozen=True)
class Line:
    label: str
    value: Decimal
    x: float  # % of the chart's width


@dataclass(frozen=True)
class Histogram:
    bins: tuple[Bin, ...]
    lines: tuple[Line, ...]
    unscored: int  # values not yet known, counted beside the chart


def histogram(
    values: Sequence[Decimal | None],
    *,
    top: Decimal,
    step: Decimal,
    lines: Sequence[tuple[str, Decimal]] = (),
) -> Histogram:
    """Counts of `values` in bins of `step` from 0 to `top` (the last bin includes `top`),
    with vertical `lines` (label, value) such as the WBK and WBBM minimums."""
    count = math.ceil(top / step)
    counts = [0] * count
    for value in values:
        if value is not None:
            counts[min(int(value / step), count - 1)] += 1
    highest = max(counts) or 1
    width = 100 / count
    bins = tuple(
        Bin(
            label=f"{step * i:g}–{min(step * (i + 1), top):g}",
            count=n,
            x=round(width * i, 2),
            width=round(width, 2),
            height=round(100 * n / highest, 2),
        )
        for i, n in enumerate(counts)
    )
    marks = tuple(Line(label, value, round(float(100 * value / top), 2)) for label, value in lines)
    return Histogram(bins, marks, sum(1 for value in values if value is None))


@dataclass(frozen=True)
class RadarAxis:
    label: str
    percent: Decimal
    x: float  # the axis end, on a 200 × 200 canvas centred at (100, 100), radius 80
    y: float
    label_x: float
    label_y: float
    anchor: str  # text-anchor of the label


@dataclass(frozen=True)
class Radar:
    axes: tuple[RadarAxis, ...]
    shape: str  # the polygon's points for the values
    rings: tuple[tuple[int, str], ...]  # (percent, polygon points) for the reference lines


CENTRE, RADIUS = 100.0, 80.0


def radar(values: Sequence[tuple[str, Decimal]], rings: Sequence[int] = (60, 75, 100)) -> Radar:
    """A radar of `values` (label, percent 0–100), with reference rings at `rings` %."""
    n = len(values)

    def point(i: int, percent: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = RADIUS * max(0.0, min(percent, 100.0)) / 100
        return round(CENTRE + r * math.cos(angle), 2), round(CENTRE + r * math.sin(angle), 2)

    def polygon(percents: Sequence[float]) -> str:
        return " ".join(f"{x},{y}" for x, y in (point(i, p) for i, p in enumerate(percents)))

    axes = []
    for i, (label, percent) in enumerate(values):
        x, y = point(i, 100)
        lx, ly = point(i, 118)
        anchor = "middle" if abs(lx - CENTRE) < 5 else ("start" if lx > CENTRE else "end")
        axes.append(RadarAxis(label, percent, x, y, lx, ly, anchor))
    return Radar(
        axes=tuple(axes),
        shape=polygon([float(percent) for _label, percent in values]),
        rings=tuple((ring, polygon([ring] * n)) for ring in rings),
    )
