"""A journey's pictures outside the handbook: standalone SVG files for slides, and the
one-page poster (header, curve, map and the steps of each phase) that `cjm export
--format pdf` prints. Both reuse the handbook's pictures and CSS."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from importlib import resources

from mkdocs_cjm_plugin.core.model import Journey
from mkdocs_cjm_plugin.core.walk import walk
from mkdocs_cjm_plugin.site.handbook import ASSETS, Handbook

SVG_NS = "http://www.w3.org/2000/svg"
# The first chart of a fragment: a curve has two (across for wide columns, upright for
# narrow ones), and the one across is the one for slides. Charts hold no nested `<svg>`.
_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
# Links lead into the handbook: on a slide they lead nowhere, so they go.
_LINK_ATTRS = ("href", "{http://www.w3.org/1999/xlink}href", "target", "rel")

ET.register_namespace("", SVG_NS)


STANDALONE_FONT = (
    "svg { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', "
    "Arial, 'Liberation Sans', sans-serif; }"
)


def _css(name: str) -> str:
    return (resources.files("mkdocs_cjm_plugin.site") / "assets" / name).read_text("utf-8")


def _standalone(fragment: str, picture_class: str, css: str) -> str | None:
    """The `<svg>` in `fragment` as a file of its own: size in pixels from its viewBox,
    the handbook's CSS inside, links removed. None when the fragment holds no SVG (a
    journey without emotions, Graphviz missing)."""
    found = _SVG.search(fragment)
    if found is None:
        return None
    root = ET.fromstring(found.group(0))
    box = [float(v) for v in root.get("viewBox", "0 0 0 0").split()]
    if len(box) == 4 and box[2] > 0 and box[3] > 0:
        root.set("width", f"{box[2]:g}")
        root.set("height", f"{box[3]:g}")
    root.attrib.pop("style", None)  # the page's min/max widths
    root.attrib.pop("preserveAspectRatio", None)
    root.set("class", f"{root.get('class', '')} {picture_class}".strip())
    for node in root.iter():
        for attr in _LINK_ATTRS:
            node.attrib.pop(attr, None)
    style = ET.Element(f"{{{SVG_NS}}}style")
    # A slide is light: the dark palette of the CSS only applies inside a dark page.
    style.text = css
    root.insert(0, style)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def curve_svg(handbook: Handbook, journey: Journey) -> str | None:
    """The emotion curve of `journey` as a standalone SVG file."""
    page = handbook.urls.journey(journey.id)
    # On a page the curve's font is the theme's; a file of its own names one, else
    # viewers use a serif. (The map names Graphviz's fonts itself: its layout fits them.)
    css = f"{STANDALONE_FONT}\n{_css('curve.css')}"
    return _standalone(str(handbook.curve_html(journey, page)), "cjm-curve", css)


def map_svg(handbook: Handbook, journey: Journey) -> str | None:
    """The stakeholder map of `journey` as a standalone SVG file."""
    page = handbook.urls.journey(journey.id)
    fragment = str(handbook.map_html(f"journey-{journey.id}", page))
    return _standalone(fragment, "cjm-map", _css("map.css"))


POSTER_CSS = """
@page { size: A3 landscape; margin: 10mm; }
html, body { margin: 0; padding: 0; background: #fff; color: #1f2328;
  font-family: "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
.poster { box-sizing: border-box; width: 400mm; height: 277mm; overflow: hidden;
  display: grid; grid-template-rows: auto minmax(0, 1.25fr) minmax(0, 1fr); gap: 4mm; }
.poster-head { display: flex; justify-content: space-between; align-items: flex-end;
  border-bottom: 1.2mm solid #3949ab; padding-bottom: 3mm; }
.poster-head h1 { font-size: 15pt; margin: 0; line-height: 1.2; }
.poster-head .who { font-size: 10pt; color: #59636e; margin-top: 1.5mm; }
.poster-head .expect { font-size: 10pt; max-width: 150mm; text-align: right; }
.poster figure { margin: 0; min-height: 0; display: flex; flex-direction: column; }
.poster-below { display: grid; grid-template-columns: 2fr 3fr; gap: 6mm; min-height: 0; }
.poster figcaption { font-size: 9pt; font-weight: bold; color: #59636e;
  margin-bottom: 2mm; text-transform: uppercase; letter-spacing: .05em; }
.poster .picture { flex: 1; min-height: 0; display: flex; align-items: center;
  justify-content: center; }
.poster .picture > *, .poster .cjm-curve-scroll { width: 100%; height: 100%; margin: 0;
  padding: 0; min-height: 0; overflow: hidden; border: 0; display: flex; align-items: center;
  justify-content: center; }
.poster .picture svg { width: 100%; height: 100%; max-width: 100%; max-height: 100%; }
.poster .cjm-curve-table, .poster .cjm-visually-hidden { display: none; }
.poster .picture p { font-size: 9pt; color: #59636e; }
.poster-phases { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(0, 1fr);
  gap: 2.5mm; font-size: 8pt; line-height: 1.3; align-content: start; min-height: 0;
  overflow: hidden; }
.poster-phases section { border-top: .8mm solid #3949ab; padding-top: 1.5mm; min-width: 0; }
.poster-phases h2 { font-size: 8.5pt; margin: 0 0 1mm; }
.poster-phases ol { margin: 0; padding-left: 4mm; }
.poster-phases li { overflow-wrap: anywhere; }
.poster-phases .score { color: #59636e; }
"""


FIT_SCRIPT = """
// Shrink the step names until every phase fits its column: a poster shows all steps.
for (const box of document.querySelectorAll(".poster-phases")) {
  let size = parseFloat(getComputedStyle(box).fontSize);
  const over = () => [...box.children].some(
    (c) => c.scrollHeight > box.clientHeight + 1 || c.scrollWidth > c.clientWidth + 1);
  while (over() && size > 4) {
    size -= 0.25;
    box.style.fontSize = size + "px";
  }
}
"""


def poster_html(handbook: Handbook, journey: Journey) -> str:
    """A one-page landscape poster of `journey`, as HTML for Chromium to print."""
    labels = handbook.labels
    page = handbook.urls.journey(journey.id)
    curve = str(handbook.curve_html(journey, page))
    stakeholder_map = str(handbook.map_html(f"journey-{journey.id}", page))
    esc = html.escape
    personas = ", ".join(
        handbook.catalogue.personas[p].name if p in handbook.catalogue.personas else p
        for p in journey.persona_ids
    )
    who = [personas, labels("state_" + journey.state)]
    if journey.updated:
        who.append(labels.date(journey.updated))
    phases = []
    for phase in walk(journey):
        steps = "".join(
            f"<li>{esc(s.step.name)}"
            + (f' <span class="score">({esc(labels.number(s.step.emotion))})</span>'
               if s.step.emotion is not None else "")
            + "</li>"
            for s in phase.steps
        )
        phases.append(
            f"<section><h2>{phase.number}. {esc(phase.phase.name)}</h2><ol>{steps}</ol>"
            "</section>"
        )
    expectation = (
        f'<div class="expect">{esc(journey.expectation)}</div>' if journey.expectation else ""
    )
    css = "\n".join(_css(name) for name in ASSETS)
    # A journey with many steps gets more of the page for their names: the lower row
    # grows with the longest phase, the phases take more width from the map.
    longest = max((len(p.steps) for p in walk(journey)), default=0)
    lower = min(2.0, max(1.0, longest / 4))
    map_share = 1 if len(journey.phases) > 6 else 2
    layout = (f".poster {{ grid-template-rows: auto minmax(0, 1.25fr) minmax(0, {lower:g}fr); }}"
              f" .poster-below {{ grid-template-columns: {map_share}fr 3fr; }}")
    return f"""<!doctype html>
<html lang="{esc(labels.language)}"><head><meta charset="utf-8">
<title>{esc(journey.title)}</title>
<style>{css}</style><style>{POSTER_CSS}{layout}</style></head>
<body><div class="poster">
<header class="poster-head"><div><h1>{esc(journey.title)}</h1>
<div class="who">{esc(" · ".join(w for w in who if w))}</div></div>{expectation}</header>
<figure><figcaption>{esc(labels("emotion_curve"))}</figcaption>
<div class="picture">{curve}</div></figure>
<div class="poster-below">
<figure><figcaption>{esc(labels("stakeholder_map"))}</figcaption>
<div class="picture">{stakeholder_map}</div></figure>
<div class="poster-phases">{"".join(phases)}</div>
</div>
</div><script>{FIT_SCRIPT}</script></body></html>
"""
