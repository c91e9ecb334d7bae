"""`cjm diff --curves DIR`: each changed journey's emotion curve before and after, as a
standalone SVG file drawn by the site's own curve builder and painted by its stylesheet.

The folder may hold the user's own files: a file is only replaced when it is one this
command wrote (it starts with `MARK`); any other file of the same name, or a link, stops
the run before anything is written. The pictures get the permissions of any file the
user makes, for publishing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

from mkdocs_cjm_plugin.core.diff import CatalogueDiff, CurvePointData, JourneyDiff
from mkdocs_cjm_plugin.core.files import THEIRS, in_the_way, not_a_folder, write_atomic
from mkdocs_cjm_plugin.core.model import EmotionScale
from mkdocs_cjm_plugin.i18n.labels import Labels
from mkdocs_cjm_plugin.pictures.curve import CurveBand, CurvePoint, CurveSeries, render_curve
from mkdocs_cjm_plugin.site.pictures import curve_text

MARK = "<!-- cjm diff: emotion curve before and after -->"
_SVG = "{http://www.w3.org/2000/svg}"
# Outside a page the SVG has no font or panel to inherit: it brings its own.
_STANDALONE_CSS = """
svg.cjm-curve { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
svg.cjm-curve > .cjm-curve-panel { fill: var(--cjm-curve-bg); }
"""


class CurvesProblem(Exception):
    """A file in the way: nothing was written."""


def _series(
    name: str, points: list[CurvePointData], band_of: dict[str, int], dashed: bool
) -> CurveSeries:
    return CurveSeries(
        name,
        tuple(CurvePoint(label=p.label, score=p.score, band=band_of[p.phase]) for p in points),
        dashed=dashed,
    )


def curve_svg(journey: JourneyDiff, scale: EmotionScale, labels: Labels) -> str | None:
    """The standalone SVG of one journey's curves, or None when it has no score."""
    band_of: dict[str, int] = {}
    for point in (*journey.curve_after, *journey.curve_before):
        band_of.setdefault(point.phase, len(band_of))
    series = []
    if journey.curve_before:
        series.append(
            _series(
                f"{labels('before')}: {journey.title_before or journey.title}",
                journey.curve_before,
                band_of,
                True,
            )
        )
    if journey.curve_after:
        series.append(
            _series(f"{labels('after')}: {journey.title}", journey.curve_after, band_of, False)
        )
    if not series:
        return None
    # The curve after the change is drawn first, so its step names label the axis.
    series.reverse()
    figure = render_curve(
        series,
        [CurveBand(name) for name in band_of],
        scale.min,
        scale.max,
        curve_text(labels, journey.title),
        f"diff-{journey.id}",
    )
    ET.register_namespace("", "http://www.w3.org/2000/svg")
    svg = ET.fromstring(figure).find(f".//{_SVG}svg")
    assert svg is not None
    _, _, width, height = svg.get("viewBox", "0 0 600 400").split()
    svg.attrib.pop("style", None)  # min/max width: page layout, not a picture's
    svg.set("width", width)
    svg.set("height", height)
    svg.set("class", "cjm-curve cjm-curve-svg")
    panel = ET.Element(
        f"{_SVG}rect", {"class": "cjm-curve-panel", "width": "100%", "height": "100%"}
    )
    style = ET.Element(f"{_SVG}style")
    style.text = _stylesheet()
    svg.insert(0, panel)
    svg.insert(0, style)
    return MARK + "\n" + ET.tostring(svg, encoding="unicode") + "\n"


def _stylesheet() -> str:
    css = (resources.files("mkdocs_cjm_plugin.site") / "assets" / "curve.css").read_text(
        encoding="utf-8"
    )
    return css + _STANDALONE_CSS


def write_curves(
    diff: CatalogueDiff, folder: Path, scale: EmotionScale, labels: Labels
) -> list[Path]:
    """Write `<journey id>.svg` for each changed journey with scores; the files written."""
    pictures = {}
    for journey in diff.journeys:
        svg = curve_svg(journey, scale, labels)
        if svg is not None:
            pictures[folder / f"{journey.id}.svg"] = svg
    kind = not_a_folder(folder)
    if kind is not None:
        raise CurvesProblem(f"{folder} is {kind}, not a folder; give --curves a folder")
    for path in pictures:
        kind = in_the_way(path, _ours)
        if kind is None:
            continue
        what = (
            "exists and was not written by cjm diff"
            if kind == THEIRS
            else "is a link, and cjm diff never writes through a link"
            if kind == "a link"
            else f"is {kind}"
        )
        raise CurvesProblem(
            f"{path} {what}; it is left as it is. Give --curves another folder (the curve "
            f"of journey '{path.stem}' goes there)"
        )
    folder.mkdir(parents=True, exist_ok=True)
    for path, svg in pictures.items():
        write_atomic(path, svg, shared=True)
    return list(pictures)


def _ours(head: bytes) -> bool:
    return head.startswith(MARK.encode("ascii"))
