"""Emotion curve of a journey, drawn as inline SVG.

The module is deliberately pure: it knows nothing about MkDocs or the journey model,
only about series of scored points grouped into phase bands. The caller maps its
model onto :class:`CurveSeries` / :class:`CurveBand` and passes localised strings in
:class:`CurveText`.

Every element is built with :mod:`xml.etree.ElementTree`, so all user text is
escaped by the serialiser, and every number goes through one formatter, so the same
input always yields byte-identical output (builds stay reproducible and diffable).
Colours are never written into the markup: elements carry ``cjm-`` classes that
``assets/curve.css`` paints, which is what makes light, dark and print themes work.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from mkdocs_cjm_plugin.core.model import slugify
from mkdocs_cjm_plugin.i18n.labels import Labels
from mkdocs_cjm_plugin.i18n.texts import fill
from mkdocs_cjm_plugin.pictures.xml import xml_safe

__all__ = [
    "CurveBand",
    "CurvePoint",
    "CurveSeries",
    "CurveText",
    "render_curve",
    "render_sparkline",
]


@dataclass(frozen=True)
class CurvePoint:
    """One scored point: a step, or a phase that only has a phase emotion."""

    label: str
    score: float
    band: int
    href: str | None = None
    moment_of_truth: bool = False
    pains: int = 0
    gains: int = 0


@dataclass(frozen=True)
class CurveSeries:
    """One journey's points in order; ``dashed`` marks the compared current journey."""

    name: str
    points: tuple[CurvePoint, ...]
    dashed: bool = False


@dataclass(frozen=True)
class CurveBand:
    """A phase: a vertical band on the x axis."""

    name: str
    href: str | None = None


@dataclass(frozen=True)
class CurveText:
    """Localised strings; ``description`` and ``point`` are ``str.format`` templates."""

    title: str
    description: str
    point: str
    moment_of_truth: str
    pains: str
    gains: str
    table_caption: str
    phase: str
    step: str
    score: str
    # Scores as English writes them unless the site passes its language's format.
    number_format: Callable[[float], str] = Labels().number


# --- geometry (viewBox units; the SVG scales to its container) ----------------------

_SLOT_W = 48.0  # width per point; small enough that ~18 steps fit a Material column
_MIN_BAND_W = 130.0  # a one-step phase still needs room for its name on two lines
_MIN_PLOT_W = 520.0
_RIGHT_PAD = 14.0
_LEGEND_ROW_H = 20.0
_HEADER_H = 40.0  # two lines of phase name above the plot
_PLOT_H = 210.0
_PLOT_PAD = 16.0  # keeps markers and badges at the scale's ends inside the plot
_LABEL_SPACE = 132.0  # room below the plot for slanted step names (two lines)
_STEP_LINE = 14.0  # between the two lines of a slanted step name
_LABEL_ANGLE = 40.0
# Below this scale the smallest text (badges, 11 units) would drop under 11 CSS px;
# a narrower container shows the upright chart instead (see `_fit_class`).
_MIN_SCALE = 1.0
# Above it a chart of few points would blow up to poster size in a wide column.
_MAX_SCALE = 1.4

# Long compound phase names ("Weiterempfehlung") step down before being cut.
_FONT_PHASE = (13.0, 12.0, 11.0)
_FONT_TEXT = 12.5
_FONT_BADGE = 11.0
# Average glyph advance as a share of the font size; errs wide so text fits.
_CHAR_W = 0.58
_CHAR_W_BOLD = 0.62
# Single-line legend and step texts measured ~0.48 em in Arial/Roboto; the margin
# left over is what keeps wider fonts from overlapping or being cut.
_CHAR_W_LEGEND = 0.6  # the SVG inherits the theme font; the mkdocs theme's is wide
_CHAR_W_STEP = 0.52

_MAX_TICKS = 10
# A score outside the site's scale stretches the axis to show where it really lies,
# up to this many times the scale's span; beyond, the curve would flatten to a line,
# so such a point sits at the edge and says its value.
_MAX_STRETCH = 5.0
_STAR = "0,-9.5 2.6,-3.6 9,-2.9 4.2,1.4 5.6,7.7 0,4.5 -5.6,7.7 -4.2,1.4 -9,-2.9 -2.6,-3.6"
_ELLIPSIS = "…"

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


# --- small helpers --------------------------------------------------------------


def _num(value: float) -> str:
    """One decimal is below a pixel at any realistic zoom and keeps output stable."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _clean(text: str) -> str:
    # A newline could end a Markdown raw HTML block early; collapse all whitespace.
    return " ".join(xml_safe(text).split())


def _safe_href(href: str | None) -> str | None:
    """Drop script-capable links; the caller should not send them, but be sure."""
    if href is None:
        return None
    # Browsers ignore tabs/newlines inside URLs and leading control characters, so
    # "java\tscript:" must be judged the way the browser will read it.
    compact = re.sub(r"[\t\n\r]", "", xml_safe(href)).strip("\x00- ")
    if not compact:
        return None
    match = _SCHEME.match(compact)
    if match and match.group(1).lower() not in _SAFE_SCHEMES:
        return None
    return compact


def _safe_id(prefix: str) -> str:
    # An XML id starts with a letter; the rest is an id as the journey format makes them.
    cleaned = slugify(prefix)
    return cleaned if cleaned[0].isalpha() else "cjm-curve-" + cleaned


def _fill(template: str, **values: str) -> str:
    """Fill a label template with plain ``{name}`` fields only (see ``labels.fill``).

    Labels can be overridden in mkdocs.yml; str.format would also resolve
    ``{name.__class__}`` or fail on a typo, so unknown or fancy fields stay literal
    and a malformed template is shown as written.
    """
    return fill(template, **values)


def _truncate(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    return text[: max(max_chars - 1, 0)].rstrip() + _ELLIPSIS


def _fits(font: float, width: float, bold: bool = False) -> int:
    return max(int(width / (font * (_CHAR_W_BOLD if bold else _CHAR_W))), 2)


def _wrap(text: str, max_chars: int, max_lines: int) -> tuple[list[str], bool]:
    """Greedy word wrap; returns the lines and whether anything was cut off."""
    lines: list[str] = []
    cut = False
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= max_chars:
            lines[-1] += " " + word
            continue
        if len(word) > max_chars:
            cut = True
            word = _truncate(word, max_chars)
        lines.append(word)
    if len(lines) > max_lines:
        cut = True
        lines = lines[:max_lines]
        if not lines[-1].endswith(_ELLIPSIS):
            last = lines[-1]
            keep = last if len(last) < max_chars else last[: max_chars - 1].rstrip()
            lines[-1] = keep + _ELLIPSIS
    return lines, cut


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    # Attribute names with a dash cannot be keywords; a trailing "_" stands for one.
    element = ET.SubElement(
        parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
    )
    if text is not None:
        element.text = text
    return element


def _titled(parent: ET.Element, tag: str, title: str, **attrs: str) -> ET.Element:
    element = _sub(parent, tag, **attrs)
    _sub(element, "title", title)
    return element


def _link_or_group(parent: ET.Element, href: str | None, **attrs: str) -> ET.Element:
    safe = _safe_href(href)
    if safe is None:
        return _sub(parent, "g", **attrs)
    return _sub(parent, "a", href=safe, **attrs)


# --- model normalisation ------------------------------------------------------------


@dataclass(frozen=True)
class _Scale:
    lo: float
    hi: float

    @staticmethod
    def of(scale_min: float, scale_max: float) -> _Scale:
        # Validation elsewhere rejects bad scales; here they must merely not crash.
        lo = scale_min if math.isfinite(scale_min) else 0.0
        hi = scale_max if math.isfinite(scale_max) else lo + 1.0
        if hi <= lo:
            hi = lo + 1.0
        return _Scale(lo, hi)

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2

    def clamp(self, value: float) -> float:
        if math.isnan(value):
            return self.mid
        return min(max(value, self.lo), self.hi)

    def outside(self, value: float) -> bool:
        return value < self.lo or value > self.hi

    def covering(self, scores: Iterable[float]) -> _Scale:
        """This scale stretched to the finite ``scores`` outside it, within bounds.

        An out-of-scale score is drawn where it is, as the tables and the overview
        count it, rather than silently capped at the scale's end.
        """
        finite = [s for s in scores if math.isfinite(s)]
        if not finite:
            return self
        lo, hi = min(self.lo, *finite), max(self.hi, *finite)
        if not math.isfinite(hi - lo) or hi - lo > _MAX_STRETCH * (self.hi - self.lo):
            return self
        return _Scale(lo, hi)


def _band_index(point: CurvePoint, band_count: int) -> int:
    return min(max(point.band, 0), band_count - 1)


def _band_weights(series: Sequence[CurveSeries], band_count: int) -> list[int]:
    """Slots per band: the most points any one series has there (aligned by phase)."""
    weights = [1] * band_count
    for one in series:
        counts = [0] * band_count
        for point in one.points:
            counts[_band_index(point, band_count)] += 1
        weights = [max(w, c) for w, c in zip(weights, counts, strict=True)]
    return weights


def _ticks(scale: _Scale) -> list[float]:
    span = scale.hi - scale.lo
    if not (math.isfinite(span) and span / _MAX_TICKS > 0):
        # Options refuse such scales; a caller that passes one still gets a curve, with
        # the two ends as its only ticks (a span of 5e-324 / 10 is 0: no log10).
        return sorted({scale.lo, scale.hi})
    magnitude = 10.0 ** math.floor(math.log10(span / _MAX_TICKS))
    step = magnitude
    for factor in (1.0, 2.0, 5.0, 10.0):
        step = factor * magnitude
        if span / step <= _MAX_TICKS:
            break
    if span >= 2:
        step = max(step, 1.0)  # the usual 1-5 or -2..2 scales: one tick per integer
    first, last = math.ceil(scale.lo / step - 1e-9), math.floor(scale.hi / step + 1e-9)
    return [round(k * step, 9) for k in range(first, last + 1)]


# --- layout ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _LegendItem:
    kind: str  # "series", "mot", "pain", "gain"
    label: str
    full: str
    series: int = 0
    dashed: bool = False


@dataclass(frozen=True)
class _Frame:
    width: float
    height: float
    left: float
    legend_top: float
    band_top: float
    plot_top: float
    plot_bottom: float
    band_x: tuple[float, ...]
    band_w: tuple[float, ...]
    scale: _Scale
    """The drawn axis: the site's scale, stretched to out-of-scale scores."""
    legend: tuple[tuple[_LegendItem, float, float], ...]
    limits: _Scale
    """The site's emotion scale."""

    def y(self, score: float) -> float:
        share = (self.scale.hi - self.scale.clamp(score)) / (self.scale.hi - self.scale.lo)
        usable = self.plot_bottom - self.plot_top - 2 * _PLOT_PAD
        return self.plot_top + _PLOT_PAD + share * usable

    @property
    def plot_right(self) -> float:
        return self.band_x[-1] + self.band_w[-1]


def _legend_items(series: Sequence[CurveSeries], text: CurveText) -> list[_LegendItem]:
    items = []
    for index, one in enumerate(series):
        name = _clean(one.name)
        items.append(_LegendItem("series", _truncate(name, 64), name, index, one.dashed))
    points = [p for one in series for p in one.points]
    extras = (
        ("mot", text.moment_of_truth, any(p.moment_of_truth for p in points)),
        ("pain", text.pains, any(p.pains > 0 for p in points)),
        ("gain", text.gains, any(p.gains > 0 for p in points)),
    )
    for kind, label, present in extras:
        if present:
            items.append(_LegendItem(kind, _clean(label), _clean(label)))
    return items


def _legend_width(item: _LegendItem) -> float:
    symbol = 26.0 if item.kind == "series" else 16.0
    # Legend text is one line with room to spare, so a tighter estimate is safe.
    return symbol + 6 + len(item.label) * _FONT_TEXT * _CHAR_W_LEGEND + 14


def _flow_legend(
    items: Sequence[_LegendItem], left: float, right: float
) -> list[tuple[_LegendItem, float, float]]:
    """Lay legend items out left to right, wrapping into rows; (item, x, row)."""
    placed = []
    x, row = left, 0
    for item in items:
        width = _legend_width(item)
        if x > left and x + width > right:
            x, row = left, row + 1
        placed.append((item, x, float(row)))
        x += width
    return placed


def _frame(
    series: Sequence[CurveSeries],
    band_count: int,
    limits: _Scale,
    text: CurveText,
    step_labels: bool,
) -> _Frame:
    scale = limits.covering(p.score for one in series for p in one.points)
    tick_chars = max(len(text.number_format(t)) for t in _ticks(scale))
    left = 30.0 + tick_chars * _FONT_TEXT * _CHAR_W + 8
    widths = [max(w * _SLOT_W, _MIN_BAND_W) for w in _band_weights(series, band_count)]
    stretch = max(_MIN_PLOT_W / sum(widths), 1.0)  # few points: widen, never shrink
    widths = [w * stretch for w in widths]
    xs = [left + sum(widths[:i]) for i in range(band_count)]
    width = left + sum(widths) + _RIGHT_PAD
    legend = _flow_legend(_legend_items(series, text), left, width - _RIGHT_PAD)
    rows = 1 + max((row for _, _, row in legend), default=0.0)
    legend_top = 4.0
    band_top = legend_top + rows * _LEGEND_ROW_H + 6
    plot_top = band_top + _HEADER_H
    plot_bottom = plot_top + _PLOT_H
    height = plot_bottom + (_LABEL_SPACE if step_labels else 10.0)
    return _Frame(
        width,
        height,
        left,
        legend_top,
        band_top,
        plot_top,
        plot_bottom,
        tuple(xs),
        tuple(widths),
        scale,
        tuple(legend),
        limits,
    )


def _positions(frame: _Frame, points: Sequence[CurvePoint]) -> list[tuple[float, float]]:
    """Spread a series' points evenly across the width of their band."""
    band_count = len(frame.band_x)
    per_band = [0] * band_count
    for point in points:
        per_band[_band_index(point, band_count)] += 1
    seen = [0] * band_count
    result = []
    for point in points:
        band = _band_index(point, band_count)
        slot_w = frame.band_w[band] / per_band[band]
        x = frame.band_x[band] + (seen[band] + 0.5) * slot_w
        seen[band] += 1
        result.append((x, frame.y(point.score)))
    return result


# --- the line -------------------------------------------------------------------------


def _tangents(xs: Sequence[float], ys: Sequence[float]) -> list[float]:
    """Monotone cubic tangents (Fritsch-Carlson, as in d3's curveMonotoneX).

    They keep every Bezier control point between its segment's end values, so the
    curve never bulges past a point: a 1 stays a 1, and nothing leaves the scale.
    """
    h = [b - a for a, b in pairwise(xs)]
    s = [(ys[i + 1] - ys[i]) / h[i] for i in range(len(h))]
    t = [0.0] * len(xs)
    for i in range(1, len(xs) - 1):
        if s[i - 1] * s[i] > 0:
            p = (s[i - 1] * h[i] + s[i] * h[i - 1]) / (h[i - 1] + h[i])
            t[i] = math.copysign(min(2 * abs(s[i - 1]), 2 * abs(s[i]), abs(p)), s[i])
    t[0] = (3 * s[0] - t[1]) / 2
    t[-1] = (3 * s[-1] - t[-2]) / 2
    return t


def _line_path(xy: Sequence[tuple[float, float]], *, upright: bool = False) -> str:
    """The monotone curve through the points, as SVG path data. ``upright``: the line
    runs down the page (y grows from point to point), so x and y swap roles."""
    if upright:
        xy = [(y, x) for x, y in xy]

    def at(x: float, y: float) -> str:
        return f"{_num(y)},{_num(x)}" if upright else f"{_num(x)},{_num(y)}"

    xs = [x for x, _ in xy]
    ys = [y for _, y in xy]
    start = "M" + at(xs[0], ys[0])
    if len(xy) == 2 or any(b <= a for a, b in pairwise(xs)):
        # Points given out of phase order cannot form a function of x: draw straight.
        return start + "".join("L" + at(x, y) for x, y in xy[1:])
    t = _tangents(xs, ys)
    parts = [start]
    for i in range(len(xs) - 1):
        third = (xs[i + 1] - xs[i]) / 3
        parts.append(
            "C"
            + at(xs[i] + third, ys[i] + t[i] * third)
            + " "
            + at(xs[i + 1] - third, ys[i + 1] - t[i + 1] * third)
            + " "
            + at(xs[i + 1], ys[i + 1])
        )
    return "".join(parts)


# --- drawing --------------------------------------------------------------------------


def _draw_bands(svg: ET.Element, frame: _Frame, bands: Sequence[CurveBand]) -> None:
    group = _sub(svg, "g", class_="cjm-curve-bands")
    height = frame.plot_bottom - frame.band_top
    for index, (x, w) in enumerate(zip(frame.band_x, frame.band_w, strict=True)):
        parity = "odd" if index % 2 else "even"
        _sub(
            group,
            "rect",
            class_=f"cjm-curve-band cjm-curve-band-{parity}",
            x=_num(x),
            y=_num(frame.band_top),
            width=_num(w),
            height=_num(height),
        )
        if index < len(bands):
            _draw_phase_name(group, bands[index], x + w / 2, frame.band_top, w)


def _draw_phase_name(
    parent: ET.Element, band: CurveBand, centre: float, top: float, width: float
) -> None:
    name = _clean(band.name)
    if not name:
        return
    for font in _FONT_PHASE:
        lines, cut = _wrap(name, _fits(font, width - 10, bold=True), 2)
        if not cut:
            break
    holder = _link_or_group(parent, band.href, class_="cjm-curve-phase-link")
    if cut:
        _sub(holder, "title", name)
    label = _sub(
        holder,
        "text",
        class_="cjm-curve-phase",
        x=_num(centre),
        y=_num(top + 16),
        font_size=_num(font),
        text_anchor="middle",
    )
    if len(lines) == 1:
        label.text = lines[0]
        return
    for number, line in enumerate(lines):
        _sub(label, "tspan", line, x=_num(centre), dy="0" if number == 0 else "15")


def _draw_axis(svg: ET.Element, frame: _Frame, text: CurveText) -> None:
    group = _sub(svg, "g", class_="cjm-curve-axis")
    x1, x2 = _num(frame.left), _num(frame.plot_right)
    for tick in _ticks(frame.scale):
        y = _num(frame.y(tick))
        if not math.isclose(tick, frame.limits.mid):
            _sub(group, "path", class_="cjm-curve-grid", d=f"M{x1},{y}H{x2}")
        _sub(
            group,
            "text",
            text.number_format(tick),
            class_="cjm-curve-tick",
            x=_num(frame.left - 8),
            y=_num(frame.y(tick) + 4),
            font_size=_num(_FONT_TEXT),
            text_anchor="end",
        )
    mid = _num(frame.y(frame.limits.mid))
    _sub(group, "path", class_="cjm-curve-neutral", d=f"M{x1},{mid}H{x2}")
    # Where the site's scale ends, when the axis goes beyond it for some score.
    for limit, beyond in ((frame.limits.hi, frame.scale.hi), (frame.limits.lo, frame.scale.lo)):
        if limit != beyond:
            y = _num(frame.y(limit))
            _sub(group, "path", class_="cjm-curve-limit", d=f"M{x1},{y}H{x2}")
    centre = (frame.plot_top + frame.plot_bottom) / 2
    _sub(
        group,
        "text",
        _clean(text.score),
        class_="cjm-curve-axis-title",
        x="0",
        y="0",
        font_size=_num(_FONT_TEXT),
        text_anchor="middle",
        transform=f"translate(14,{_num(centre)}) rotate(-90)",
    )


def _series_classes(index: int, dashed: bool) -> str:
    classes = f"cjm-curve-s{index % 4}"
    return classes + " cjm-curve-dashed" if dashed else classes


def _point_title(point: CurvePoint, series: CurveSeries, many: bool, text: CurveText) -> str:
    title = _fill(text.point, name=_clean(point.label), score=text.number_format(point.score))
    if point.moment_of_truth:
        title += f" · {_clean(text.moment_of_truth)}"
    if many:
        title += f" ({_clean(series.name)})"
    return title


def _draw_badge(parent: ET.Element, kind: str, count: int, label: str, y: float) -> None:
    sign = "−" if kind == "pain" else "+"
    shown = sign if count == 1 else f"{sign}{count}"
    width = 12.0 + (len(shown) - 1) * 6.5
    badge = _titled(
        parent,
        "g",
        f"{_clean(label)}: {count}",
        class_=f"cjm-curve-badge cjm-curve-{kind}",
        transform=f"translate(8,{_num(y)})",
    )
    _sub(badge, "rect", x="0", y="0", width=_num(width), height="12", rx="6")
    _sub(
        badge,
        "text",
        shown,
        x=_num(width / 2),
        y="9.5",
        font_size=_num(_FONT_BADGE),
        text_anchor="middle",
    )


def _draw_marker(
    parent: ET.Element,
    point: CurvePoint,
    at: tuple[float, float],
    title: str,
    text: CurveText,
    limits: _Scale,
) -> None:
    off = limits.outside(point.score)
    marker = _link_or_group(
        parent,
        point.href,
        class_="cjm-curve-marker cjm-curve-offscale" if off else "cjm-curve-marker",
        transform=f"translate({_num(at[0])},{_num(at[1])})",
    )
    _sub(marker, "title", title)
    if point.moment_of_truth:
        _sub(marker, "polygon", class_="cjm-curve-point cjm-curve-mot", points=_STAR)
    else:
        _sub(marker, "circle", class_="cjm-curve-point", r="5.5")
    if point.gains > 0:
        _draw_badge(marker, "gain", point.gains, text.gains, -17.0)
    if point.pains > 0:
        _draw_badge(marker, "pain", point.pains, text.pains, 5.0)
    if off:  # its value in plain sight: it breaks the scale every other number keeps
        _sub(
            marker,
            "text",
            text.number_format(point.score),
            class_="cjm-curve-offscale-value",
            x="0",
            y="-10" if point.score > limits.hi else "18",
            font_size=_num(_FONT_BADGE),
            text_anchor="middle",
        )


def _draw_series(
    svg: ET.Element, frame: _Frame, series: Sequence[CurveSeries], text: CurveText
) -> None:
    # Drawn back to front, so the first series (the page's own journey) is on top.
    for index in reversed(range(len(series))):
        one = series[index]
        if not one.points:
            continue
        group = _sub(svg, "g", class_="cjm-curve-series " + _series_classes(index, one.dashed))
        xy = _positions(frame, one.points)
        if len(xy) > 1:
            _sub(group, "path", class_="cjm-curve-line", d=_line_path(xy))
        for point, at in zip(one.points, xy, strict=True):
            title = _point_title(point, one, len(series) > 1, text)
            _draw_marker(group, point, at, title, text, frame.limits)


def _draw_step_labels(svg: ET.Element, frame: _Frame, series: CurveSeries) -> None:
    """Step names slanted under the plot, wrapped to two lines between words; a name
    still too long ends in "…" and keeps its full text as a tooltip (and in the table)."""
    group = _sub(svg, "g", class_="cjm-curve-steps")
    angle = math.radians(_LABEL_ANGLE)
    glyph = _FONT_TEXT * _CHAR_W_STEP
    y = frame.plot_bottom + 14
    # The second line sits lower: it has that much less room before the bottom edge.
    vertical = int((_LABEL_SPACE - 22 - _STEP_LINE) / math.sin(angle) / glyph)
    for point, (x, _) in zip(series.points, _positions(frame, series.points), strict=True):
        name = _clean(point.label)
        # Slanted text runs down-left from the point; near the left edge it must stop
        # before it leaves the picture.
        room = int((x - 4) / math.cos(angle) / glyph)
        lines, cut = _wrap(name, max(min(vertical, room), 4), 2)
        holder = _titled(group, "g", name) if cut else group
        label = _sub(
            holder,
            "text",
            class_="cjm-curve-step",
            x=_num(x + 4),
            y=_num(y),
            font_size=_num(_FONT_TEXT),
            text_anchor="end",
            transform=f"rotate(-{_num(_LABEL_ANGLE)} {_num(x + 4)} {_num(y)})",
        )
        if len(lines) == 1:
            label.text = lines[0]
            continue
        for number, line in enumerate(lines):
            _sub(label, "tspan", line, x=_num(x + 4), dy="0" if number == 0 else _num(_STEP_LINE))


def _draw_legend_symbol(item_group: ET.Element, item: _LegendItem, y: float) -> float:
    if item.kind == "series":
        _sub(item_group, "path", class_="cjm-curve-line", d=f"M0,{_num(y)}h26")
        _sub(item_group, "circle", class_="cjm-curve-point", cx="13", cy=_num(y), r="4")
        return 26.0
    if item.kind == "mot":
        _sub(
            item_group,
            "polygon",
            class_="cjm-curve-point cjm-curve-mot",
            points=_STAR,
            transform=f"translate(8,{_num(y)}) scale(0.8)",
        )
        return 16.0
    badge = _sub(
        item_group,
        "g",
        class_=f"cjm-curve-badge cjm-curve-{item.kind}",
        transform=f"translate(2,{_num(y - 6)})",
    )
    _sub(badge, "rect", x="0", y="0", width="12", height="12", rx="6")
    _sub(
        badge,
        "text",
        "−" if item.kind == "pain" else "+",
        x="6",
        y="9.5",
        font_size=_num(_FONT_BADGE),
        text_anchor="middle",
    )
    return 16.0


def _draw_legend(svg: ET.Element, frame: _Frame) -> None:
    _draw_legend_at(svg, frame.legend, frame.legend_top)


def _draw_legend_at(
    svg: ET.Element, legend: Sequence[tuple[_LegendItem, float, float]], top: float
) -> None:
    group = _sub(svg, "g", class_="cjm-curve-legend")
    for item, x, row in legend:
        classes = f"cjm-curve-legend-item cjm-curve-legend-{item.kind}"
        if item.kind == "series":
            classes += " " + _series_classes(item.series, item.dashed)
        entry = _sub(group, "g", class_=classes, transform=f"translate({_num(x)},0)")
        if item.label != item.full:
            _sub(entry, "title", item.full)
        y = top + row * _LEGEND_ROW_H + 10
        symbol = _draw_legend_symbol(entry, item, y)
        _sub(
            entry,
            "text",
            item.label,
            class_="cjm-curve-legend-text",
            x=_num(symbol + 6),
            y=_num(y + 4),
            font_size=_num(_FONT_TEXT),
        )


# --- the upright chart: steps down the page, emotion across (narrow screens) -----------

# Drawn at the width of the narrowest phone column (288 px: a 320 px screen minus the
# page margins), so every text is its font size in CSS px there, 11 or more, and larger
# on wider phones.
_V_WIDTH = 288.0
_V_FONT = 12.5
_V_FONT_PHASE = 13.0
_V_LINE = 15.0
_V_NAME_X = 6.0
_V_PLOT_L = 158.0
_V_PLOT_R = 252.0  # the rest on the right is for the badges beside a marker
_V_ROW_MIN = 32.0  # a marker with a badge above and one below
_V_NAME_LINES = 4
# Wider, a phone turned sideways would blow the chart up: it stops at 1.4 times.
_V_MAX_SCALE = 1.4


@dataclass(frozen=True)
class _UprightRow:
    point: CurvePoint | None
    lines: tuple[str, ...]
    cut: bool
    top: float
    height: float


@dataclass(frozen=True)
class _UprightBand:
    index: int
    lines: tuple[str, ...]
    cut: bool
    top: float
    rows_top: float
    bottom: float


def _upright_x(scale: _Scale, score: float) -> float:
    share = (scale.clamp(score) - scale.lo) / (scale.hi - scale.lo)
    return _V_PLOT_L + share * (_V_PLOT_R - _V_PLOT_L)


def _upright_layout(
    first: CurveSeries, bands: Sequence[CurveBand], band_count: int, top: float, labelled: bool
) -> tuple[list[_UprightBand], list[_UprightRow], float]:
    """Bands (phase name, then a row per step of the first series) from ``top`` down."""
    name_chars = _fits(_V_FONT, _V_PLOT_L - _V_NAME_X - 10) if labelled else 0
    phase_chars = _fits(_V_FONT_PHASE, _V_WIDTH - 2 * _V_NAME_X, bold=True)
    laid: list[_UprightBand] = []
    rows: list[_UprightRow] = []
    y = top
    for index in range(band_count):
        name = _clean(bands[index].name) if index < len(bands) else ""
        lines, cut = _wrap(name, phase_chars, 2) if name else ([], False)
        band_top = y
        y += 8 + len(lines) * _V_LINE
        rows_top = y
        mine = [p for p in first.points if _band_index(p, band_count) == index]
        for point in mine:
            label, label_cut = (
                _wrap(_clean(point.label), name_chars, _V_NAME_LINES) if labelled else ([], False)
            )
            height = max(_V_ROW_MIN, 10 + len(label) * _V_LINE)
            rows.append(_UprightRow(point, tuple(label), label_cut, y, height))
            y += height
        if not mine:
            y += _V_ROW_MIN
        laid.append(_UprightBand(index, tuple(lines), cut, band_top, rows_top, y))
    return laid, rows, y


def _upright_positions(
    one: CurveSeries, laid: Sequence[_UprightBand], band_count: int, scale: _Scale
) -> list[tuple[float, float]]:
    """A compared series' points spread evenly down the rows of their phase."""
    per_band = [0] * band_count
    for point in one.points:
        per_band[_band_index(point, band_count)] += 1
    seen = [0] * band_count
    result = []
    for point in one.points:
        band = laid[_band_index(point, band_count)]
        slot = (band.bottom - band.rows_top) / per_band[band.index]
        y = band.rows_top + (seen[band.index] + 0.5) * slot
        seen[band.index] += 1
        result.append((_upright_x(scale, point.score), y))
    return result


def _draw_upright(
    figure: ET.Element,
    series: Sequence[CurveSeries],
    bands: Sequence[CurveBand],
    limits: _Scale,
    text: CurveText,
    ident: str,
    labelled: bool,
) -> None:
    """The curve turned upright for narrow screens: phases and steps down the page
    with their full names, the emotion scale across (CSS shows one of the two charts)."""
    band_count = max(len(bands), 1)
    scale = limits.covering(p.score for one in series for p in one.points)
    # A journey's name is often longer than a phone is wide: it ends in "…" there and
    # keeps its full text as a tooltip (the legend draws that title).
    room = int((_V_WIDTH - 2 * _V_NAME_X - 32) / (_FONT_TEXT * _CHAR_W_LEGEND))
    items = [
        replace(item, label=_truncate(item.full, room)) if item.kind == "series" else item
        for item in _legend_items(series, text)
    ]
    legend = _flow_legend(items, _V_NAME_X, _V_WIDTH - _V_NAME_X)
    rows_count = 1 + max((row for _, _, row in legend), default=0.0)
    axis_y = 4.0 + rows_count * _LEGEND_ROW_H + 14
    laid, rows, bottom = _upright_layout(series[0], bands, band_count, axis_y + 10, labelled)
    height = bottom + 6
    svg = _sub(
        _sub(figure, "div", class_="cjm-curve-upright-wrap"),
        "svg",
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {_num(_V_WIDTH)} {_num(height)}",
        width="100%",
        preserveAspectRatio="xMidYMin meet",
        role="img",
        aria_labelledby=f"{ident}-v-title {ident}-v-desc",
        class_="cjm-curve-svg cjm-curve-upright",
        style=f"max-width:{_num(round(_V_WIDTH * _V_MAX_SCALE))}px",
    )
    _sub(svg, "title", _clean(text.title), id=f"{ident}-v-title")
    _sub(svg, "desc", _description(series, text), id=f"{ident}-v-desc")
    group = _sub(svg, "g", class_="cjm-curve-bands")
    for band in laid:
        parity = "odd" if band.index % 2 else "even"
        _sub(
            group,
            "rect",
            class_=f"cjm-curve-band cjm-curve-band-{parity}",
            x="0",
            y=_num(band.top),
            width=_num(_V_WIDTH),
            height=_num(band.bottom - band.top),
        )
        if not band.lines:
            continue
        holder = _link_or_group(group, bands[band.index].href, class_="cjm-curve-phase-link")
        if band.cut:
            _sub(holder, "title", _clean(bands[band.index].name))
        label = _sub(
            holder,
            "text",
            class_="cjm-curve-phase",
            x=_num(_V_NAME_X),
            y=_num(band.top + 4 + _V_LINE - 3),
            font_size=_num(_V_FONT_PHASE),
        )
        for number, line in enumerate(band.lines):
            _sub(label, "tspan", line, x=_num(_V_NAME_X), dy="0" if number == 0 else _num(_V_LINE))
    axis = _sub(svg, "g", class_="cjm-curve-axis")
    first_row = laid[0].rows_top if laid else axis_y
    for tick in _ticks(scale):
        x = _num(_upright_x(scale, tick))
        if not math.isclose(tick, limits.mid):
            _sub(axis, "path", class_="cjm-curve-grid", d=f"M{x},{_num(first_row)}V{_num(bottom)}")
        _sub(
            axis,
            "text",
            text.number_format(tick),
            class_="cjm-curve-tick",
            x=x,
            y=_num(axis_y),
            font_size=_num(_V_FONT),
            text_anchor="middle",
        )
    mid = _num(_upright_x(scale, limits.mid))
    _sub(axis, "path", class_="cjm-curve-neutral", d=f"M{mid},{_num(first_row)}V{_num(bottom)}")
    for limit, beyond in ((limits.hi, scale.hi), (limits.lo, scale.lo)):
        if limit != beyond:
            x = _num(_upright_x(scale, limit))
            _sub(axis, "path", class_="cjm-curve-limit", d=f"M{x},{_num(first_row)}V{_num(bottom)}")
    _sub(
        axis,
        "text",
        _clean(text.score),
        class_="cjm-curve-axis-title",
        x=_num(_V_NAME_X),
        y=_num(axis_y),
        font_size=_num(_V_FONT),
    )
    if labelled:
        names = _sub(svg, "g", class_="cjm-curve-steps")
        for row in rows:
            if row.point is None or not row.lines:
                continue
            holder = _titled(names, "g", _clean(row.point.label)) if row.cut else names
            first_line = row.top + row.height / 2 - (len(row.lines) - 1) * _V_LINE / 2 + 4.5
            label = _sub(
                holder,
                "text",
                class_="cjm-curve-step",
                x=_num(_V_NAME_X),
                y=_num(first_line),
                font_size=_num(_V_FONT),
            )
            for number, line in enumerate(row.lines):
                _sub(
                    label,
                    "tspan",
                    line,
                    x=_num(_V_NAME_X),
                    dy="0" if number == 0 else _num(_V_LINE),
                )
    for index in reversed(range(len(series))):
        one = series[index]
        if not one.points:
            continue
        group = _sub(svg, "g", class_="cjm-curve-series " + _series_classes(index, one.dashed))
        if index == 0:
            xy = [
                (_upright_x(scale, row.point.score), row.top + row.height / 2)
                for row in rows
                if row.point is not None
            ]
        else:
            xy = _upright_positions(one, laid, band_count, scale)
        if len(xy) > 1:
            _sub(group, "path", class_="cjm-curve-line", d=_line_path(xy, upright=True))
        for point, at in zip(one.points, xy, strict=True):
            title = _point_title(point, one, len(series) > 1, text)
            _draw_marker(group, point, at, title, text, limits)
    _draw_legend_at(svg, legend, 4.0)


def _fit_class(min_width: float) -> str:
    """The class that tells the CSS below which container width the chart across would
    have to shrink its text under 11 px: there the upright one shows (curve.css has a
    container query per step of 100 px, up to 2000)."""
    bucket = min(max(math.ceil(min_width / 100) * 100, 400), 2000)
    return f"cjm-curve-fit-{bucket}"


# --- text alternatives ---------------------------------------------------------------


def _extremes(points: Sequence[CurvePoint]) -> tuple[CurvePoint, CurvePoint]:
    # min/max return the first of equal scores: the earliest low is the one that hurts.
    lowest = min(points, key=lambda p: p.score if not math.isnan(p.score) else math.inf)
    highest = max(points, key=lambda p: p.score if not math.isnan(p.score) else -math.inf)
    return lowest, highest


def _description(series: Sequence[CurveSeries], text: CurveText) -> str:
    sentences = []
    drawn = [one for one in series if one.points]
    for one in drawn:
        lowest, highest = _extremes(one.points)
        sentence = _fill(
            text.description,
            lowest=_clean(lowest.label),
            lowest_score=text.number_format(lowest.score),
            highest=_clean(highest.label),
            highest_score=text.number_format(highest.score),
        )
        sentences.append(f"{_clean(one.name)}: {sentence}" if len(drawn) > 1 else sentence)
    return _clean(" ".join(sentences))


def _step_cell(point: CurvePoint, text: CurveText) -> str:
    notes = []
    if point.moment_of_truth:
        notes.append(_clean(text.moment_of_truth))
    if point.pains > 0:
        notes.append(f"{_clean(text.pains)}: {point.pains}")
    if point.gains > 0:
        notes.append(f"{_clean(text.gains)}: {point.gains}")
    label = _clean(point.label)
    return f"{label} ({'; '.join(notes)})" if notes else label


def _table(
    parent: ET.Element,
    series: Sequence[CurveSeries],
    bands: Sequence[CurveBand],
    text: CurveText,
    band_count: int,
) -> None:
    table = _sub(parent, "table", class_="cjm-sr-only")
    _sub(table, "caption", _clean(text.table_caption))
    head = _sub(_sub(table, "thead"), "tr")
    for column in (text.phase, text.step, text.score):
        _sub(head, "th", _clean(column), scope="col")
    drawn = [one for one in series if one.points]
    for one in drawn:
        body = _sub(table, "tbody")
        if len(drawn) > 1:
            _sub(_sub(body, "tr"), "th", _clean(one.name), colspan="3", scope="rowgroup")
        for point in one.points:
            band = _band_index(point, band_count)
            row = _sub(body, "tr")
            _sub(row, "td", _clean(bands[band].name) if band < len(bands) else "")
            _sub(row, "th", _step_cell(point, text), scope="row")
            _sub(row, "td", text.number_format(point.score))


# --- public API -----------------------------------------------------------------------


def _serialise(element: ET.Element) -> str:
    # Long form (<circle></circle>) is valid both as XML and inside HTML, whereas a
    # self-closed <td/> would not be; everything lands on one line, so Markdown keeps
    # the fragment as one raw HTML block.
    return ET.tostring(element, encoding="unicode", short_empty_elements=False)


def render_curve(
    series: Sequence[CurveSeries],
    bands: Sequence[CurveBand],
    scale_min: float,
    scale_max: float,
    text: CurveText,
    id_prefix: str,
    *,
    step_labels: bool = True,
) -> str:
    """Render the emotion curve as ``<figure class="cjm-curve">`` (SVG + hidden table).

    Points are placed per phase band, so a target journey and the current journey it
    ``compares_to`` line up phase by phase. With ``step_labels`` the first series'
    step names are written slanted under the plot. Returns ``""`` when no series has
    a point.
    """
    if not any(one.points for one in series):
        return ""
    scale = _Scale.of(scale_min, scale_max)
    band_count = max(len(bands), 1)
    labelled = step_labels and bool(series[0].points)
    frame = _frame(series, band_count, scale, text, labelled)
    ident = _safe_id(id_prefix)

    min_width = frame.width * _MIN_SCALE
    figure = ET.Element("figure", {"class": f"cjm-curve {_fit_class(min_width)}"})
    scroller = _sub(figure, "div", class_="cjm-curve-scroll")
    svg = _sub(
        scroller,
        "svg",
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {_num(frame.width)} {_num(frame.height)}",
        width="100%",
        preserveAspectRatio="xMidYMid meet",
        role="img",
        aria_labelledby=f"{ident}-title {ident}-desc",
        class_="cjm-curve-svg cjm-curve-across",
        # Layout, not colour: narrower, the text would become unreadable, so the
        # figure scrolls instead (see .cjm-curve-scroll in curve.css); wider, it
        # would only grow huge.
        style=f"min-width:{_num(math.ceil(min_width))}px;"
        f"max-width:{_num(round(frame.width * _MAX_SCALE))}px",
    )
    _sub(svg, "title", _clean(text.title), id=f"{ident}-title")
    _sub(svg, "desc", _description(series, text), id=f"{ident}-desc")
    _draw_bands(svg, frame, bands)
    _draw_axis(svg, frame, text)
    _draw_series(svg, frame, series, text)
    if labelled:
        _draw_step_labels(svg, frame, series[0])
    _draw_legend(svg, frame)
    _draw_upright(figure, series, bands, scale, text, ident, labelled)
    _table(figure, series, bands, text, band_count)
    return _serialise(figure)


def _spark_points(scores: Iterable[float], scale: _Scale) -> list[tuple[float, float]]:
    values = [scale.clamp(s) for s in scores]
    step = 96.0 / max(len(values) - 1, 1)
    # A single score sits in the middle rather than stuck to the left edge.
    offset = 2.0 if len(values) > 1 else 50.0
    return [
        (offset + i * step, 2 + (scale.hi - v) / (scale.hi - scale.lo) * 20)
        for i, v in enumerate(values)
    ]


def render_sparkline(
    scores: Sequence[float], scale_min: float, scale_max: float, title: str
) -> str:
    """A tiny 100x24 line of scores, e.g. for the journey overview table."""
    if not scores:
        return ""
    limits = _Scale.of(scale_min, scale_max)
    scale = limits.covering(scores)
    points = _spark_points(scores, scale)
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": "0 0 100 24",
            "width": "100",
            "height": "24",
            "role": "img",
            "class": "cjm-sparkline",
        },
    )
    _sub(svg, "title", _clean(title))
    mid = _num(2 + (scale.hi - limits.mid) / (scale.hi - scale.lo) * 20)
    _sub(svg, "path", class_="cjm-sparkline-neutral", d=f"M0,{mid}H100")
    if len(points) > 1:
        coords = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
        _sub(svg, "polyline", class_="cjm-sparkline-line", points=coords)
    last_x, last_y = points[-1]
    _sub(svg, "circle", class_="cjm-sparkline-end", cx=_num(last_x), cy=_num(last_y), r="2")
    return _serialise(svg)
