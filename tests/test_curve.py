"""Tests of the emotion curve renderer (mkdocs_cjm_plugin/pictures/curve.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_cjm_plugin.pictures.curve import (
    CurveBand,
    CurvePoint,
    CurveSeries,
    CurveText,
    render_curve,
    render_sparkline,
)

SVG_NS = "{http://www.w3.org/2000/svg}"

TEXT = CurveText(
    title="Emotionskurve: Reklamation",
    description="Tiefpunkt: {lowest} ({lowest_score}). Höhepunkt: {highest} ({highest_score}).",
    point="{name}: {score}",
    moment_of_truth="Moment der Wahrheit",
    pains="Schmerzpunkte",
    gains="Gewinne",
    table_caption="Emotionskurve als Tabelle",
    phase="Phase",
    step="Schritt",
    score="Emotion",
)

BANDS = (CurveBand("Problem bemerken", "#phase-problem"), CurveBand("Reklamation einreichen"))

CURRENT = CurveSeries(
    "Ist-Reise",
    (
        CurvePoint("Sucht Garantie", 2, 0, href="#step-sucht-garantie", pains=1),
        CurvePoint("Liest FAQ", 3.5, 0, gains=2),
        CurvePoint("Ruft die Hotline an", 1, 1, moment_of_truth=True, pains=2),
        CurvePoint("Erhält Rückruf", 5, 1, href="#step-rueckruf"),
    ),
)

TARGET = CurveSeries(
    "Soll-Reise",
    (
        CurvePoint("Findet Garantie sofort", 4, 0),
        CurvePoint("Startet Chat", 4.5, 1),
    ),
)


def render(series: list[CurveSeries] | None = None, **kwargs: object) -> str:
    args: dict[str, object] = {
        "series": [CURRENT] if series is None else series,
        "bands": BANDS,
        "scale_min": 1,
        "scale_max": 5,
        "text": TEXT,
        "id_prefix": "reklamation-curve",
    }
    args.update(kwargs)
    return render_curve(**args)  # type: ignore[arg-type]


def parse(html: str, *, upright: bool = False) -> ET.Element:
    """Parse the fragment and drop the SVG namespace from tag names.

    The figure holds two charts, one shown by the CSS: across (phases left to right)
    and upright (steps down the page, for narrow screens). The tests look at one of
    them: the chart across unless ``upright``.
    """
    root = ET.fromstring(html)
    for element in root.iter():
        element.tag = element.tag.replace(SVG_NS, "")
    unwanted = "cjm-curve-scroll" if upright else "cjm-curve-upright-wrap"
    for chart in root.findall(f"./div[@class='{unwanted}']"):
        root.remove(chart)
    return root


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def with_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in classes(e)]


def title_of(element: ET.Element) -> str | None:
    title = element.find("title")
    return None if title is None else title.text


def translate(element: ET.Element) -> tuple[float, float]:
    match = re.fullmatch(r"translate\(([-\d.]+),([-\d.]+)\)", element.get("transform", ""))
    assert match, element.get("transform")
    return float(match.group(1)), float(match.group(2))


def markers(root: ET.Element, series_class: str | None = None) -> list[ET.Element]:
    groups = with_class(root, "cjm-curve-series")
    if series_class is not None:
        groups = [g for g in groups if series_class in classes(g)]
    return [m for g in groups for m in with_class(g, "cjm-curve-marker")]


# --- structure ----------------------------------------------------------------------


def test_figure_wraps_svg_and_hidden_table() -> None:
    root = parse(render())
    assert root.tag == "figure"
    assert "cjm-curve" in classes(root)
    svg = root.find(".//svg")
    assert svg is not None
    assert svg.get("role") == "img"
    assert svg.get("viewBox", "").startswith("0 0 ")
    assert svg.get("width") == "100%"
    assert svg.get("preserveAspectRatio") == "xMidYMid meet"
    table = root.find("table")
    assert table is not None
    assert classes(table) == {"cjm-sr-only"}


def test_svg_is_labelled_by_title_and_desc() -> None:
    root = parse(render())
    svg = root.find(".//svg")
    assert svg is not None
    ids = svg.get("aria-labelledby", "").split()
    assert ids == ["reklamation-curve-title", "reklamation-curve-desc"]
    title, desc = svg[0], svg[1]
    assert (title.tag, title.get("id"), title.text) == (
        "title",
        ids[0],
        "Emotionskurve: Reklamation",
    )
    assert desc.tag == "desc"
    assert desc.get("id") == ids[1]
    assert desc.text == ("Tiefpunkt: Ruft die Hotline an (1). Höhepunkt: Erhält Rückruf (5).")


def test_fragment_is_one_line_without_prolog_or_prefixes() -> None:
    html = render([TARGET, CURRENT])
    assert "\n" not in html
    assert not html.startswith("<?xml")
    assert "ns0:" not in html
    assert html.count("xmlns=") == 2  # the chart across and the upright one
    assert '<svg xmlns="http://www.w3.org/2000/svg" ' in html


def test_no_colour_attributes() -> None:
    root = parse(render([TARGET, CURRENT]))
    for element in root.iter():
        assert not {"fill", "stroke", "color", "stop-color"} & set(element.attrib)
        assert "fill" not in element.get("style", "")


def test_empty_input_gives_empty_string() -> None:
    assert render([]) == ""
    assert render([CurveSeries("leer", ())]) == ""


def test_rendering_is_deterministic() -> None:
    first = render([TARGET, CURRENT])
    second = render([TARGET, CURRENT])
    assert first == second
    assert render([TARGET, CURRENT], id_prefix="other") != first


# --- points -------------------------------------------------------------------------


def test_one_marker_per_point_with_title() -> None:
    root = parse(render())
    found = markers(root)
    assert len(found) == len(CURRENT.points)
    assert [title_of(m) for m in found] == [
        "Sucht Garantie: 2",
        "Liest FAQ: 3.5",
        "Ruft die Hotline an: 1 · Moment der Wahrheit",
        "Erhält Rückruf: 5",
    ]


def test_marker_height_follows_score() -> None:
    root = parse(render())
    ys = [translate(m)[1] for m in markers(root)]
    scores = [p.score for p in CURRENT.points]
    # Higher emotion is drawn higher up, i.e. at a smaller y.
    by_score = sorted(range(len(scores)), key=lambda i: scores[i])
    by_y = sorted(range(len(ys)), key=lambda i: -ys[i])
    assert by_score == by_y


def test_markers_go_left_to_right() -> None:
    xs = [translate(m)[0] for m in markers(parse(render()))]
    assert xs == sorted(xs)
    assert len(set(xs)) == len(xs)


def test_links_wrap_markers_and_unsafe_links_are_dropped() -> None:
    hostile = CurveSeries(
        "x",
        (
            CurvePoint("a", 3, 0, href="#step-a"),
            CurvePoint("b", 3, 0, href="javascript:alert(1)"),
            CurvePoint("c", 3, 1, href=" JaVa\tScRiPt:alert(1)"),
            CurvePoint("d", 3, 1, href="data:text/html,<b>x</b>"),
        ),
    )
    found = markers(parse(render([hostile])))
    assert [(m.tag, m.get("href")) for m in found] == [
        ("a", "#step-a"),
        ("g", None),
        ("g", None),
        ("g", None),
    ]


def test_moment_of_truth_has_a_distinct_marker() -> None:
    found = markers(parse(render()))
    shapes = [[c.tag for c in m if "cjm-curve-point" in classes(c)] for m in found]
    assert shapes == [["circle"], ["circle"], ["polygon"], ["circle"]]
    assert "cjm-curve-mot" in classes(found[2].find("polygon"))  # type: ignore[arg-type]


def test_pains_and_gains_badges() -> None:
    found = markers(parse(render()))
    badges = [
        [
            (sorted(classes(b) - {"cjm-curve-badge"})[0], title_of(b))
            for b in with_class(m, "cjm-curve-badge")
        ]
        for m in found
    ]
    assert badges == [
        [("cjm-curve-pain", "Schmerzpunkte: 1")],
        [("cjm-curve-gain", "Gewinne: 2")],
        [("cjm-curve-pain", "Schmerzpunkte: 2")],
        [],
    ]
    texts = ["".join(b.itertext()).split(":")[-1] for b in with_class(found[2], "cjm-curve-badge")]
    assert texts == [" 2−2"]  # title "…: 2" then the visible sign with its count


def test_scores_outside_the_scale_stretch_the_axis_and_say_their_value() -> None:
    """An emotion of 9 on a 1..5 scale is drawn at 9, as every table counts it, above a
    dotted line where the scale ends, with its value written beside it."""
    series = CurveSeries(
        "x",
        (
            CurvePoint("hoch", 9, 0),
            CurvePoint("top", 5, 0),
            CurvePoint("tief", -3, 1),
            CurvePoint("bottom", 1, 1),
        ),
    )
    root = parse(render([series]))
    ys = [translate(m)[1] for m in markers(root)]
    assert ys[0] < ys[1] < ys[3] < ys[2]
    ticks = [t.text for t in with_class(root, "cjm-curve-tick")]
    assert ticks == ["-2", "0", "2", "4", "6", "8"]
    limits = with_class(root, "cjm-curve-limit")
    assert len(limits) == 2
    off = with_class(root, "cjm-curve-offscale")
    assert [title_of(m) for m in off] == ["hoch: 9", "tief: -3"]
    assert [v.text for v in with_class(root, "cjm-curve-offscale-value")] == ["9", "-3"]
    # The neutral line stays at the middle of the site's scale.
    neutral = with_class(root, "cjm-curve-neutral")[0].get("d", "")
    limit_ys = sorted(float(p.get("d", "").split(",")[1].split("H")[0]) for p in limits)
    mid = float(neutral.split(",")[1].split("H")[0])
    assert limit_ys[0] < mid < limit_ys[1]
    assert mid == pytest.approx(sum(limit_ys) / 2)


def test_absurd_scores_sit_at_the_edge_and_say_their_value() -> None:
    """Stretching the axis to 1e9 would flatten the curve: the point sits at the top of
    the scale, with its value beside it."""
    series = CurveSeries("x", (CurvePoint("hoch", 1e9, 0), CurvePoint("top", 5, 0)))
    root = parse(render([series]))
    ys = [translate(m)[1] for m in markers(root)]
    assert ys[0] == ys[1]
    assert [t.text for t in with_class(root, "cjm-curve-tick")] == ["1", "2", "3", "4", "5"]
    assert not with_class(root, "cjm-curve-limit")
    shown = [v.text for v in with_class(root, "cjm-curve-offscale-value")]
    assert shown == [TEXT.number_format(1e9)]


def test_number_format_is_used_everywhere() -> None:
    text = CurveText(**{**TEXT.__dict__, "number_format": lambda v: f"{v:.1f}".replace(".", ",")})
    root = parse(render(text=text))
    assert title_of(markers(root)[1]) == "Liest FAQ: 3,5"
    ticks = [t.text for t in with_class(root, "cjm-curve-tick")]
    assert ticks == ["1,0", "2,0", "3,0", "4,0", "5,0"]


def test_scores_default_to_english_numbers() -> None:
    number = TEXT.number_format
    assert [number(v) for v in (3.0, 2.5, -0.0001, 1 / 3)] == ["3", "2.5", "0", "0.33"]


# --- axes and bands -----------------------------------------------------------------


def test_ticks_per_integer_and_dashed_neutral_line() -> None:
    inside = CurveSeries("x", (CurvePoint("a", -2, 0), CurvePoint("b", 1.5, 1)))
    root = parse(render([inside], scale_min=-2, scale_max=2))
    assert [t.text for t in with_class(root, "cjm-curve-tick")] == ["-2", "-1", "0", "1", "2"]
    assert len(with_class(root, "cjm-curve-neutral")) == 1
    # The neutral line replaces the grid line at the middle of the scale.
    assert len(with_class(root, "cjm-curve-grid")) == 4


def test_wide_scales_get_at_most_ten_ticks() -> None:
    root = parse(render(scale_min=0, scale_max=100))
    ticks = [t.text for t in with_class(root, "cjm-curve-tick")]
    assert 3 <= len(ticks) <= 11
    assert ticks[0] == "0"
    assert ticks[-1] == "100"


def test_one_band_per_phase_with_its_name() -> None:
    root = parse(render())
    rects = with_class(root, "cjm-curve-band")
    assert len(rects) == 2
    assert ["cjm-curve-band-even" in classes(r) for r in rects] == [True, False]
    names = ["".join(t.itertext()) for t in with_class(root, "cjm-curve-phase")]
    assert names == ["Problem bemerken", "Reklamation einreichen"]
    link = with_class(root, "cjm-curve-phase-link")[0]
    assert (link.tag, link.get("href")) == ("a", "#phase-problem")


def test_long_phase_names_are_shortened_with_full_name_as_tooltip() -> None:
    long_name = "Donaudampfschifffahrtsgesellschaftskapitänsmützenbestellung"
    root = parse(render(bands=(CurveBand(long_name), BANDS[1])))
    holder = with_class(root, "cjm-curve-phase-link")[0]
    assert title_of(holder) == long_name
    shown = "".join(with_class(holder, "cjm-curve-phase")[0].itertext())
    assert shown.endswith("…")
    assert len(shown) < len(long_name)


def band_geometry(root: ET.Element) -> list[tuple[float, float]]:
    return [
        (float(r.get("x", "")), float(r.get("width", "")))
        for r in with_class(root, "cjm-curve-band")
    ]


def test_band_width_follows_the_fuller_series() -> None:
    six = CurveSeries(
        "A",
        tuple(CurvePoint(f"a{i}", 3, 0) for i in range(6))
        + tuple(CurvePoint(f"b{i}", 3, 1) for i in range(3)),
    )
    four = CurveSeries(
        "B",
        tuple(CurvePoint(f"c{i}", 3, 0) for i in range(2))
        + tuple(CurvePoint(f"d{i}", 3, 1) for i in range(4)),
        dashed=True,
    )
    root = parse(render([six, four]))
    (x0, w0), (_, w1) = band_geometry(root)
    assert w0 / w1 == pytest.approx(6 / 4, rel=0.01)
    # Each series is spread evenly within the band: B's two points sit at 1/4 and 3/4.
    xs = [translate(m)[0] for m in markers(root, "cjm-curve-dashed")][:2]
    assert xs[0] - x0 == pytest.approx(w0 / 4, abs=0.1)
    assert xs[1] - x0 == pytest.approx(3 * w0 / 4, abs=0.1)


def test_point_with_unknown_band_does_not_crash() -> None:
    series = CurveSeries("x", (CurvePoint("a", 3, -1), CurvePoint("b", 3, 7)))
    assert len(markers(parse(render([series])))) == 2
    assert len(markers(parse(render([series], bands=())))) == 2


# --- two series ---------------------------------------------------------------------


def test_two_series_legend_and_dashed_line() -> None:
    root = parse(render([TARGET, CurveSeries(CURRENT.name, CURRENT.points, dashed=True)]))
    groups = with_class(root, "cjm-curve-series")
    assert len(groups) == 2
    dashed = [g for g in groups if "cjm-curve-dashed" in classes(g)]
    assert len(dashed) == 1
    assert len(markers(root, "cjm-curve-dashed")) == len(CURRENT.points)
    assert len(markers(root, "cjm-curve-s0")) == len(TARGET.points)
    legend = with_class(root, "cjm-curve-legend-series")
    assert [t.text for g in legend for t in g.iter("text")] == ["Soll-Reise", "Ist-Reise"]
    assert ["cjm-curve-dashed" in classes(g) for g in legend] == [False, True]
    # The page's own journey is drawn last, on top of the compared one.
    assert "cjm-curve-s0" in classes(groups[-1])


def test_tooltips_name_the_series_when_there_are_two() -> None:
    root = parse(render([TARGET, CURRENT]))
    assert title_of(markers(root, "cjm-curve-s0")[0]) == "Findet Garantie sofort: 4 (Soll-Reise)"


def test_description_covers_each_series() -> None:
    desc = parse(render([TARGET, CURRENT])).find(".//desc")
    assert desc is not None
    assert desc.text is not None
    assert desc.text.startswith("Soll-Reise: Tiefpunkt: Findet Garantie sofort (4).")
    assert "Ist-Reise: Tiefpunkt: Ruft die Hotline an (1)." in desc.text


def test_legend_explains_markers_only_when_used() -> None:
    plain = CurveSeries("x", (CurvePoint("a", 3, 0), CurvePoint("b", 4, 1)))
    root = parse(render([plain]))
    assert with_class(root, "cjm-curve-legend-mot") == []
    assert with_class(root, "cjm-curve-legend-pain") == []
    root = parse(render())
    assert len(with_class(root, "cjm-curve-legend-mot")) == 1
    assert len(with_class(root, "cjm-curve-legend-pain")) == 1
    assert len(with_class(root, "cjm-curve-legend-gain")) == 1


def test_step_labels_name_the_first_series() -> None:
    root = parse(render([TARGET, CURRENT]))
    labels = [t.text for t in with_class(root, "cjm-curve-step")]
    assert labels == ["Findet Garantie sofort", "Startet Chat"]
    assert with_class(parse(render(step_labels=False)), "cjm-curve-step") == []


def test_long_step_names_wrap_between_words_instead_of_being_cut() -> None:
    long = CurveSeries(
        "Ist",
        (
            CurvePoint("Kurz", 3, 0),
            CurvePoint("Searches for how to clean the machine", 2, 0),
            CurvePoint("Sucht nach Anbietern", 4, 1),
        ),
    )
    root = parse(render([long]))
    steps = with_class(root, "cjm-curve-step")
    shown = [[t.text for t in step.iter("tspan")] or [step.text] for step in steps]
    assert shown[1] == ["Searches for how to", "clean the machine"]
    assert [" ".join(lines) for lines in shown] == [p.label for p in long.points]


def test_a_name_too_long_for_two_lines_keeps_its_full_text_as_tooltip() -> None:
    name = "Vergleicht die Angebote von drei Anbietern mit einer selbst gebauten Tabelle"
    root = parse(render([CurveSeries("Ist", (CurvePoint(name, 3, 0), CurvePoint("B", 4, 1)))]))
    step = with_class(root, "cjm-curve-step")[0]
    lines = [t.text or "" for t in step.iter("tspan")]
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(word in name.split() for line in lines for word in line.rstrip("…").split())
    holder = next(g for g in root.iter("g") if step in list(g))
    assert title_of(holder) == name


# --- the upright chart (narrow screens) ----------------------------------------------


def font_sizes(root: ET.Element) -> list[float]:
    return [float(t.get("font-size", "0")) for t in root.iter("text")]


def test_upright_chart_runs_down_the_page_with_full_step_names() -> None:
    root = parse(render(), upright=True)
    svg = root.find("./div/svg")
    assert svg is not None and "cjm-curve-upright" in classes(svg)
    points = [translate(m) for m in markers(root)]
    assert [y for _, y in points] == sorted(y for _, y in points)
    by_score = sorted(zip([p.score for p in CURRENT.points], points, strict=True))
    assert [x for _, (x, _) in by_score] == sorted(x for _, (x, _) in by_score)
    names = [" ".join(step.itertext()) for step in with_class(root, "cjm-curve-step")]
    assert names == [p.label for p in CURRENT.points]
    phases = [" ".join(t.itertext()) for t in with_class(root, "cjm-curve-phase")]
    assert phases == [b.name for b in BANDS]


def test_upright_chart_text_stays_readable_on_the_narrowest_phone() -> None:
    """At 288 px (a 320 px phone minus the page margins) every text is >= 11 px."""
    root = parse(render([TARGET, CURRENT]), upright=True)
    svg = root.find("./div/svg")
    assert svg is not None
    width = float(svg.get("viewBox", "").split()[2])
    assert min(font_sizes(root)) * 288 / width >= 11


def test_a_long_journey_name_fits_the_upright_legend_and_keeps_its_tooltip() -> None:
    name = "Ist: Kaffeeversorgung fürs Büro beschaffen (Ist) mit langem Namen"
    root = parse(render([CurveSeries(name, CURRENT.points)]), upright=True)
    entry = with_class(root, "cjm-curve-legend-series")[0]
    shown = with_class(entry, "cjm-curve-legend-text")[0].text or ""
    assert shown.endswith("…") and name.startswith(shown[:-1])
    assert (26 + 6 + len(shown) * 12.5 * 0.6) <= 288 - 12
    assert title_of(entry) == name


def test_the_chart_across_never_shrinks_its_text_below_11_px() -> None:
    """The figure's fit class names the container width from which the chart across
    shows; its inline min-width keeps every text >= 11 px there."""
    html = render([TARGET, CURRENT])
    root = parse(html)
    svg = root.find("./div/svg")
    assert svg is not None
    width = float(svg.get("viewBox", "").split()[2])
    fit = re.search(r"cjm-curve-fit-(\d+)", root.get("class", ""))
    assert fit is not None and float(fit.group(1)) >= width
    shown_at = float(re.search(r"min-width:([\d.]+)px", svg.get("style", "")).group(1))  # type: ignore[union-attr]
    assert min(font_sizes(root)) * shown_at / width >= 11


# --- screen-reader table -------------------------------------------------------------


def rows(root: ET.Element) -> list[list[str]]:
    table = root.find("table")
    assert table is not None
    return [["".join(cell.itertext()) for cell in row] for row in table.iter("tr")]


def test_table_has_one_row_per_point() -> None:
    root = parse(render())
    caption = root.find("table/caption")
    assert caption is not None
    assert caption.text == "Emotionskurve als Tabelle"
    assert rows(root) == [
        ["Phase", "Schritt", "Emotion"],
        ["Problem bemerken", "Sucht Garantie (Schmerzpunkte: 1)", "2"],
        ["Problem bemerken", "Liest FAQ (Gewinne: 2)", "3.5"],
        [
            "Reklamation einreichen",
            "Ruft die Hotline an (Moment der Wahrheit; Schmerzpunkte: 2)",
            "1",
        ],
        ["Reklamation einreichen", "Erhält Rückruf", "5"],
    ]


def test_table_groups_rows_by_series_when_there_are_two() -> None:
    root = parse(render([TARGET, CURRENT]))
    table = rows(root)
    assert table[1] == ["Soll-Reise"]
    assert table[4] == ["Ist-Reise"]
    assert len(table) == 1 + 1 + 2 + 1 + 4
    tbodies = root.findall("table/tbody")
    assert len(tbodies) == 2
    assert tbodies[0][0][0].get("scope") == "rowgroup"


def test_table_has_no_self_closing_tags() -> None:
    html = render(bands=())  # phase cells are empty
    table = html[html.index("<table") :]
    assert "/>" not in table
    assert "<td></td>" in table


# --- hostile text -------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "]]>",
    "Tom & Jerry",
    "{name} {0} {lowest.__class__}",
]


@pytest.mark.parametrize("evil", HOSTILE)
def test_hostile_text_is_only_text(evil: str) -> None:
    series = CurveSeries(evil, (CurvePoint(evil, 2, 0, pains=1), CurvePoint(evil, 4, 1)))
    bands = (CurveBand(evil), CurveBand(evil))
    text = CurveText(
        title=evil,
        description=evil + " {lowest}",
        point=evil + " {name}",
        moment_of_truth=evil,
        pains=evil,
        gains=evil,
        table_caption=evil,
        phase=evil,
        step=evil,
        score=evil,
    )
    html = render_curve([series, series], bands, 1, 5, text, evil)
    root = parse(html)
    tags = {e.tag for e in root.iter()}
    assert not tags & {"script", "img", "foreignObject", "iframe"}
    for element in root.iter():
        assert not any(name.startswith("on") for name in element.attrib)
    assert "<script" not in html
    assert "<img" not in html
    everything = " ".join(root.itertext())
    assert evil in everything
    # Ids are built from the prefix but only from safe characters.
    for element in root.iter():
        if element.get("id"):
            assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", element.get("id", ""))


def test_control_characters_and_newlines_are_removed() -> None:
    series = CurveSeries("a\x00b", (CurvePoint("eins\n\nzwei\x0b", 3, 0),))
    html = render([series])
    assert "\n" not in html
    root = parse(html)
    assert title_of(markers(root)[0]) == "eins zwei: 3"


def test_broken_format_strings_do_not_crash() -> None:
    text = CurveText(**{**TEXT.__dict__, "point": "{nme}: {", "description": "{lowest"})
    root = parse(render(text=text))
    assert title_of(markers(root)[0]) == "{nme}: {"


def test_templates_fill_plain_fields_only() -> None:
    text = CurveText(**{**TEXT.__dict__, "point": "{name.__class__} {0} {{x}} {name!r:>9}"})
    root = parse(render(text=text))
    assert title_of(markers(root)[0]) == "{name.__class__} {0} {x} Sucht Garantie"


# --- sparkline ------------------------------------------------------------------------


def test_sparkline() -> None:
    html = render_sparkline([2, 3, 1, 5], 1, 5, "Verlauf: 2 bis 5")
    svg = parse(html)
    assert svg.tag == "svg"
    assert svg.get("role") == "img"
    assert svg.get("viewBox") == "0 0 100 24"
    assert title_of(svg) == "Verlauf: 2 bis 5"
    line = svg.find("polyline")
    assert line is not None
    points = [tuple(map(float, p.split(","))) for p in line.get("points", "").split()]
    assert len(points) == 4
    assert [x for x, _ in points] == sorted(x for x, _ in points)
    ys = [y for _, y in points]
    assert ys[3] < ys[1] < ys[0] < ys[2]  # 5 highest, 1 lowest
    assert all(0 <= y <= 24 for y in ys)
    assert "\n" not in html


def test_sparkline_edge_cases() -> None:
    assert render_sparkline([], 1, 5, "leer") == ""
    single = parse(render_sparkline([3], 1, 5, "eins"))
    assert single.find("polyline") is None
    assert single.find("circle") is not None
    stretched = parse(render_sparkline([9, 3], 1, 5, "neun"))
    line = stretched.find("polyline")
    assert line is not None
    assert [p.split(",")[1] for p in line.get("points", "").split()] == ["2", "17"]
    clamped = parse(render_sparkline([99, -99], 1, 5, "<b>&</b>"))
    assert title_of(clamped) == "<b>&</b>"
    line = clamped.find("polyline")
    assert line is not None
    assert [p.split(",")[1] for p in line.get("points", "").split()] == ["2", "22"]


# --- properties -----------------------------------------------------------------------

finite = st.floats(min_value=-50, max_value=50, allow_nan=False)
points = st.builds(
    CurvePoint,
    label=st.text(max_size=40),
    score=st.one_of(finite, st.floats(allow_nan=True, allow_infinity=True)),
    band=st.integers(min_value=-2, max_value=8),
    href=st.one_of(st.none(), st.text(max_size=20)),
    moment_of_truth=st.booleans(),
    pains=st.integers(min_value=0, max_value=12),
    gains=st.integers(min_value=0, max_value=12),
)
series_lists = st.lists(
    st.builds(
        CurveSeries,
        name=st.text(max_size=30),
        points=st.lists(points, max_size=25).map(tuple),
        dashed=st.booleans(),
    ),
    max_size=3,
)
band_lists = st.lists(
    st.builds(
        CurveBand, name=st.text(max_size=60), href=st.one_of(st.none(), st.text(max_size=10))
    ),
    max_size=7,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    series=series_lists,
    bands=band_lists,
    lo=finite,
    span=st.one_of(st.floats(-5, 100), st.sampled_from([5e-324, 1e-300, 1e-12])),
    prefix=st.text(max_size=10),
)
def test_random_input_gives_well_formed_markup(
    series: list[CurveSeries], bands: list[CurveBand], lo: float, span: float, prefix: str
) -> None:
    html = render_curve(series, bands, lo, lo + span, TEXT, prefix)
    if not any(s.points for s in series):
        assert html == ""
        return
    root = parse(html)
    assert "\n" not in html
    drawn = sum(len(s.points) for s in series)
    assert len(markers(root)) == drawn
    assert html == render_curve(series, bands, lo, lo + span, TEXT, prefix)


NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 3), min_size=1, max_size=6), min_size=1, max_size=5), st.data()
)
def test_curve_never_leaves_the_scale(shape: list[list[int]], data: st.DataObject) -> None:
    """The smooth line must not overshoot: every path coordinate stays within 1..5."""
    pts: list[CurvePoint] = []
    for band, scores in enumerate(shape):
        for score in scores:
            value = data.draw(st.sampled_from([1, 1.5, 2, 3, 4, 4.5, 5])) if score else 1
            pts.append(CurvePoint(f"p{len(pts)}", value, band))
    root = parse(render([CurveSeries("s", tuple(pts))], bands=[CurveBand("b")] * len(shape)))
    grid = {t.text: float(t.get("y", "0")) - 4 for t in with_class(root, "cjm-curve-tick")}
    top, bottom = grid["5"], grid["1"]
    for line in with_class(root, "cjm-curve-line"):
        if line.get("d", "").startswith("M0,"):  # legend sample
            continue
        ys = [float(v) for v in NUMBER.findall(line.get("d", ""))][1::2]
        assert all(top - 0.15 <= y <= bottom + 0.15 for y in ys), line.get("d")
