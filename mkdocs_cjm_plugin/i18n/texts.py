"""The texts of the site in English and German, and how label templates are filled.

Plain data and string handling only (no Babel): the core reads these tables to check a
site's label overrides and to understand values written as the site shows them.
"""

from __future__ import annotations

import string

EN: dict[str, str] = {
    "section": "Handbook",
    "journeys": "Journeys",
    "personas": "Personas",
    "stakeholders": "Stakeholders",
    "journey": "Journey",
    "persona": "Persona",
    "stakeholder": "Stakeholder",
    "all_journeys": "All journeys",
    "all_personas": "All personas",
    "state": "State",
    "state_current": "Current",
    "state_target": "Target",
    "state_current_long": "Current journey (as-is)",
    "state_target_long": "Target journey (to-be)",
    "compares_to": "Improves on",
    "compared_by": "Target journey",
    "owner": "Owner",
    "updated": "Last reviewed",
    "not_reviewed": "never reviewed",
    "stale": "Stale",
    "stale_hint": "This map was last reviewed more than {days} days ago.",
    # A key with `.one` (`.two`, `.few`, `.many`, `.zero`) is the plural form that the
    # language's rules pick for a number (Labels.count); the plain key is `other`.
    "stale_hint.one": "This map was last reviewed more than {days} day ago.",
    "tags": "Tags",
    "summary": "Summary",
    "scenario": "Scenario",
    "expectation": "Expected outcome",
    "emotion_curve": "Emotion curve",
    "emotion_curve_of": "Emotion curve: {title}",
    "curve_description": (
        "Lowest point: {lowest} ({lowest_score}). Highest point: {highest} ({highest_score})."
    ),
    "curve_point": "{name}: {score}",
    "phase_table": "Journey map",
    "phase_details": "Phases and steps",
    "phase": "Phase",
    "phases": "Phases",
    "step": "Step",
    "steps": "Steps",
    "lane_customer_goals": "Customer goals",
    "lane_steps": "Steps",
    "lane_touchpoints": "Touchpoints",
    "lane_thoughts": "Thoughts",
    "lane_emotion": "Emotion",
    "lane_pains": "Pains",
    "lane_gains": "Gains",
    "lane_moments": "Moments of truth",
    "lane_company_goals": "Company goals",
    "lane_backstage": "Backstage",
    "lane_responsible": "Responsible",
    "lane_systems": "Systems",
    "lane_kpis": "KPIs",
    "lane_evidence": "Evidence",
    "lane_opportunities": "Opportunities",
    "description": "Description",
    "action": "Action",
    "touchpoint": "Touchpoint",
    "channel": "Channel",
    "online": "online",
    "offline": "offline",
    "online_unknown": "online/offline unknown",
    "thoughts": "Thoughts",
    "emotion": "Emotion",
    "mean_emotion": "Mean emotion",
    "lowest_emotion": "Lowest emotion",
    "pains": "Pains",
    "gains": "Gains",
    "moment_of_truth": "Moment of truth",
    "moments_of_truth": "Moments of truth",
    "systems": "Systems",
    "responsible": "Responsible",
    "evidence": "Evidence",
    "evidence_assumption": "Assumption",
    "evidence_partial": "Partly researched",
    "evidence_research": "Research-backed",
    "kpis": "KPIs",
    "kpi": "KPI",
    "target": "Target",
    "actual": "Actual",
    "source": "Source",
    "kpi_met": "target met",
    "kpi_missed": "target missed",
    "kpi_open": "not measured",
    "lower_is_better": "lower is better",
    "opportunities": "Opportunities",
    "opportunity": "Opportunity",
    "actions": "Who does what by when",
    "due": "Due",
    "status": "Status",
    "impact": "Impact",
    "status_idea": "Idea",
    "status_planned": "Planned",
    "status_doing": "In progress",
    "status_done": "Done",
    "impact_low": "low",
    "impact_medium": "medium",
    "impact_high": "high",
    "overdue": "overdue",
    "open_opportunities": "Open",
    "overdue_opportunities": "Overdue",
    "customer_goals": "Customer goals",
    "company_goals": "Company goals",
    "backstage": "Backstage",
    "extra": "More",
    "role": "Role",
    "segment": "Segment",
    "demographics": "Demographics",
    "career": "Career",
    "goals": "Goals and values",
    "channels": "Where they look for solutions",
    "quote": "Quote",
    "journeys_of": "Journeys of {name}",
    "no_journeys": "No journey maps this persona yet.",
    "shared_with": "shared with {names}",
    "stakeholder_map": "Stakeholder map",
    "stakeholder_map_of": "Stakeholders of {title}",
    "all_stakeholders_map": "All stakeholders",
    "type": "Type",
    "type_internal": "Internal",
    "type_external": "External",
    "type_partner": "Partner",
    "importance": "Importance",
    "importance_essential": "essential",
    "importance_important": "important",
    "importance_interesting": "interesting",
    "relations": "Relations",
    "relation_informal": "informal",
    "customer": "Customer",
    "involved_in": "Involved in",
    "as_owner": "owner",
    "as_responsible": "responsible",
    "as_step_owner": "step owner",
    "as_action_owner": "action owner",
    "as_named": "named",
    "heatmap": "Emotions across journeys",
    "heatmap_hint": "Mean emotion per phase. Red cells show where customers suffer.",
    "invalid": "Invalid definition",
    "invalid_hint": "This journey could not be built because its file has errors:",
    "invalid_journeys": "Journeys with errors",
    "has_errors": "Has errors",
    "unreadable": "Cannot be read",
    "unreadable_title": "This file cannot be read",
    "unreadable_hint": (
        "Nothing in {path} is in the handbook yet: the file has the problems below. "
        "Fix them in the file; once it can be read, this page shows its journey again."
    ),
    "issues_title": "This map has problems: the page may be incomplete or wrong",
    "journeys_by_persona": "Journeys by persona",
    "sort_hint": "Click a column header to sort.",
    "more_phases": "More phases",
    "earlier_phases": "Earlier phases",
    "more_columns": "More columns",
    "earlier_columns": "Earlier columns",
    "open_full_size": "Open full size",
    "zoom_in": "Zoom in",
    "zoom_out": "Zoom out",
    "zoom_reset": "Fit to screen",
    "close": "Close",
    "number_of_phases": "{n} phases",
    "number_of_phases.one": "{n} phase",
    "none": "none",
    "data_table": "Data of the emotion curve",
    "map_missing_graphviz": "Stakeholder map not drawn: Graphviz is missing",
    "map_failed": "Stakeholder map not drawn",
    "map_too_large": "The stakeholder map is not drawn: {n} stakeholders are too many for "
                     "one picture. The list shows all of them.",
    "map_simplified": "The map shows only the relations with the customer ({shown} of {n}): "
                      "all of them would be unreadable. The list shows every relation.",
    "no_emotions": "No emotions recorded yet.",
    # --- pages across journeys
    "overview": "Overview",
    "touchpoints": "Touchpoints",
    "touchpoints_title": "Touchpoints and channels",
    "touchpoints_hint": (
        "Grouped by channel, the lowest mean emotion first. The bar shows how many of the "
        "handbook's journeys use a touchpoint."
    ),
    "n_touchpoints": "{n} touchpoints",
    "n_touchpoints.one": "{n} touchpoint",
    "n_channels": "{n} channels",
    "n_channels.one": "{n} channel",
    "action_plan": "Action plan",
    "kpi_board": "KPI board",
    "channel_matrix": "Channels across the phases",
    "channel_matrix_hint": (
        "Number of steps per channel and phase, coloured by their mean emotion "
        "(grey: no emotion recorded)."
    ),
    "online_section": "Online",
    "offline_section": "Offline",
    "unknown_section": "Online or offline not known",
    "no_channel": "No channel named",
    "no_touchpoint": "(no touchpoint named)",
    "used_by": "Used by",
    "used_by_journeys": "{n} of {total} journeys",
    "used_by_journeys.one": "{n} of {total} journey",
    "also_written": "also written",
    "owners": "Owners",
    "where": "Where",
    "actions_summary": "{open} open, of which {overdue} overdue; {done} done.",
    "as_of": "Overdue as of {date}.",
    "filter_owner": "Owner",
    "filter_status": "Status",
    "filter_all": "All",
    "filter_open": "All open",
    "filter_overdue": "Overdue only",
    "no_owner": "No owner yet",
    "done_items": "Done ({n})",
    "no_actions": "No opportunities recorded yet.",
    "no_open_actions": "No open actions.",
    "group_counts": "{open} open, {overdue} overdue, {done} done",
    "kpi_summary": "{missed} missed, {met} met, {open} not measured",
    "kpi_board_hint": "Every KPI of every journey: missed ones first, the furthest off at the top.",
    "higher_is_better": "higher is better",
    "result": "Result",
    "difference": "Difference",
    "no_kpis": "No KPIs recorded yet.",
    "responsibility_matrix": "Who is responsible where",
    "responsibility_hint": (
        "Stakeholders as rows, journeys as columns. Open a journey below to see its phases; "
        "a phase where nobody is responsible and no step has an owner is marked as a gap."
    ),
    "by_phase": "By phase: {title}",
    "role_legend_as_owner": "keeps the map (`owner` of the journey)",
    "role_legend_as_responsible": "in `responsible` of a phase",
    "role_legend_as_step_owner": "`owner` of a step",
    "role_legend_as_action_owner": "`owner` of an opportunity",
    "role_legend_as_named": "named in the journey's `stakeholders`",
    "gap": "nobody responsible",
    "gaps_count": "Phases nobody is responsible for: {n}",
    "open_actions": "Open actions",
    "overdue_actions": "Overdue actions",
    "evidence_share": "How well the steps are backed",
    "evidence_bar": "{research} research-backed, {partial} partly researched, {assumption} assumed",
    "stale_journeys": "Not reviewed for more than {days} days",
    "stale_journeys.one": "Not reviewed for more than {days} day",
    "none_stale": "Every journey was reviewed in the last {days} days.",
    "none_stale.one": "Every journey was reviewed in the last {days} day.",
    "age_days": "{n} days ago",
    "age_days.one": "{n} day ago",
    "lowest_moments": "The lowest moments",
    "lowest_moments_hint": "The five lowest emotions across all journeys.",
    "missed_kpis": "Missed KPIs",
    "see_kpi_board": "KPI board",
    "see_action_plan": "Action plan",
    "more": "{n} more",
    "left_out": (
        "Journey files with errors are left out of this page until they are fixed: "
        "see the list of journeys with errors."
    ),
}

DE: dict[str, str] = {
    "section": "Handbuch",
    "journeys": "Journeys",
    "personas": "Personas",
    "stakeholders": "Stakeholder",
    "journey": "Journey",
    "persona": "Persona",
    "stakeholder": "Stakeholder",
    "all_journeys": "Alle Journeys",
    "all_personas": "Alle Personas",
    "state": "Stand",
    "state_current": "Ist",
    "state_target": "Soll",
    "state_current_long": "Ist-Reise",
    "state_target_long": "Soll-Reise",
    "compares_to": "Verbessert",
    "compared_by": "Soll-Reise",
    "owner": "Verantwortlich",
    "updated": "Zuletzt geprüft",
    "not_reviewed": "nie geprüft",
    "stale": "Veraltet",
    "stale_hint": "Diese Karte wurde seit mehr als {days} Tagen nicht geprüft.",
    "stale_hint.one": "Diese Karte wurde seit mehr als {days} Tag nicht geprüft.",
    "tags": "Schlagwörter",
    "summary": "Zusammenfassung",
    "scenario": "Ausgangslage",
    "expectation": "Erwartetes Ergebnis",
    "emotion_curve": "Emotionskurve",
    "emotion_curve_of": "Emotionskurve: {title}",
    "curve_description": (
        "Tiefpunkt: {lowest} ({lowest_score}). Höhepunkt: {highest} ({highest_score})."
    ),
    "curve_point": "{name}: {score}",
    "phase_table": "Journey Map",
    "phase_details": "Phasen und Schritte",
    "phase": "Phase",
    "phases": "Phasen",
    "step": "Schritt",
    "steps": "Schritte",
    "lane_customer_goals": "Ziele des Kunden",
    "lane_steps": "Schritte",
    "lane_touchpoints": "Touchpoints",
    "lane_thoughts": "Gedanken",
    "lane_emotion": "Emotion",
    "lane_pains": "Pains",
    "lane_gains": "Gains",
    "lane_moments": "Momente der Wahrheit",
    "lane_company_goals": "Ziele des Unternehmens",
    "lane_backstage": "Hinter den Kulissen",
    "lane_responsible": "Beteiligt",
    "lane_systems": "IT-Systeme",
    "lane_kpis": "KPIs",
    "lane_evidence": "Datenbasis",
    "lane_opportunities": "Optimierungspotenzial",
    "description": "Beschreibung",
    "action": "Handlung",
    "touchpoint": "Touchpoint",
    "channel": "Kanal",
    "online": "online",
    "offline": "offline",
    "online_unknown": "online/offline unbekannt",
    "thoughts": "Gedanken",
    "emotion": "Emotion",
    "mean_emotion": "Mittlere Emotion",
    "lowest_emotion": "Tiefste Emotion",
    "pains": "Pains",
    "gains": "Gains",
    "moment_of_truth": "Moment der Wahrheit",
    "moments_of_truth": "Momente der Wahrheit",
    "systems": "IT-Systeme",
    "responsible": "Beteiligt",
    "evidence": "Datenbasis",
    "evidence_assumption": "Annahme",
    "evidence_partial": "Teilweise belegt",
    "evidence_research": "Durch Forschung belegt",
    "kpis": "KPIs",
    "kpi": "KPI",
    "target": "Ziel",
    "actual": "Ist",
    "source": "Quelle",
    "kpi_met": "Ziel erreicht",
    "kpi_missed": "Ziel verfehlt",
    "kpi_open": "nicht gemessen",
    "lower_is_better": "weniger ist besser",
    "opportunities": "Optimierungspotenzial",
    "opportunity": "Maßnahme",
    "actions": "Wer macht was bis wann",
    "due": "Fällig",
    "status": "Status",
    "impact": "Wirkung",
    "status_idea": "Idee",
    "status_planned": "Geplant",
    "status_doing": "In Arbeit",
    "status_done": "Erledigt",
    "impact_low": "gering",
    "impact_medium": "mittel",
    "impact_high": "hoch",
    "overdue": "überfällig",
    "open_opportunities": "Offen",
    "overdue_opportunities": "Überfällig",
    "customer_goals": "Ziele des Kunden",
    "company_goals": "Ziele des Unternehmens",
    "backstage": "Hinter den Kulissen",
    "extra": "Weitere Angaben",
    "role": "Rolle",
    "segment": "Segment",
    "demographics": "Demografie",
    "career": "Werdegang",
    "goals": "Ziele und Werte",
    "channels": "Wo sie nach Lösungen sucht",
    "quote": "Zitat",
    "journeys_of": "Journeys von {name}",
    "no_journeys": "Für diese Persona gibt es noch keine Journey.",
    "shared_with": "gemeinsam mit {names}",
    "stakeholder_map": "Stakeholder-Landkarte",
    "stakeholder_map_of": "Stakeholder: {title}",
    "all_stakeholders_map": "Alle Stakeholder",
    "type": "Art",
    "type_internal": "Intern",
    "type_external": "Extern",
    "type_partner": "Partner",
    "importance": "Bedeutung",
    "importance_essential": "wesentlich",
    "importance_important": "wichtig",
    "importance_interesting": "interessant",
    "relations": "Beziehungen",
    "relation_informal": "informell",
    "customer": "Kunde",
    "involved_in": "Beteiligt an",
    "as_owner": "verantwortlich",
    "as_responsible": "beteiligt",
    "as_step_owner": "Schritt",
    "as_action_owner": "Maßnahme",
    "as_named": "genannt",
    "heatmap": "Emotionen über alle Journeys",
    "heatmap_hint": "Mittlere Emotion je Phase. Rote Zellen zeigen, wo Kunden leiden.",
    "invalid": "Fehlerhafte Definition",
    "invalid_hint": "Diese Journey konnte nicht erstellt werden, weil ihre Datei Fehler enthält:",
    "invalid_journeys": "Journeys mit Fehlern",
    "has_errors": "Fehlerhaft",
    "unreadable": "Nicht lesbar",
    "unreadable_title": "Diese Datei kann nicht gelesen werden",
    "unreadable_hint": (
        "Nichts aus {path} ist bisher im Handbuch, denn die Datei hat die Fehler unten. "
        "Sobald die Fehler in der Datei behoben sind, zeigt diese Seite ihre Journey wieder."
    ),
    "issues_title": "Diese Karte hat Fehler: die Seite kann unvollständig oder falsch sein",
    "journeys_by_persona": "Journeys nach Persona",
    "sort_hint": "Zum Sortieren auf eine Spaltenüberschrift klicken.",
    "more_phases": "Weitere Phasen",
    "earlier_phases": "Frühere Phasen",
    "more_columns": "Weitere Spalten",
    "earlier_columns": "Frühere Spalten",
    "open_full_size": "In voller Größe öffnen",
    "zoom_in": "Vergrößern",
    "zoom_out": "Verkleinern",
    "zoom_reset": "An Fenster anpassen",
    "close": "Schließen",
    "number_of_phases": "{n} Phasen",
    "number_of_phases.one": "{n} Phase",
    "none": "keine",
    "data_table": "Daten der Emotionskurve",
    "map_missing_graphviz": "Stakeholder-Landkarte nicht gezeichnet: Graphviz fehlt",
    "map_failed": "Stakeholder-Landkarte nicht gezeichnet",
    "map_too_large": "Die Stakeholder-Landkarte wird nicht gezeichnet: {n} Stakeholder sind "
                     "zu viele für ein Bild. Die Liste zeigt alle.",
    "map_simplified": "Die Landkarte zeigt nur die Beziehungen zur Kundin oder zum Kunden "
                      "({shown} von {n}): alle wären unlesbar. Die Liste zeigt jede Beziehung.",
    "no_emotions": "Noch keine Emotionen erfasst.",
    # --- Seiten über alle Journeys
    "overview": "Überblick",
    "touchpoints": "Touchpoints",
    "touchpoints_title": "Touchpoints und Kanäle",
    "touchpoints_hint": (
        "Nach Kanal gruppiert, die niedrigste mittlere Emotion zuerst. Der Balken zeigt, "
        "wie viele der Journeys des Handbuchs einen Touchpoint nutzen."
    ),
    "n_touchpoints": "{n} Touchpoints",
    "n_touchpoints.one": "{n} Touchpoint",
    "n_channels": "{n} Kanäle",
    "n_channels.one": "{n} Kanal",
    "action_plan": "Maßnahmenplan",
    "kpi_board": "KPI-Übersicht",
    "channel_matrix": "Kanäle über die Phasen",
    "channel_matrix_hint": (
        "Anzahl der Schritte je Kanal und Phase, eingefärbt nach ihrer mittleren Emotion "
        "(grau: keine Emotion erfasst)."
    ),
    "online_section": "Online",
    "offline_section": "Offline",
    "unknown_section": "Online oder offline unbekannt",
    "no_channel": "Kein Kanal genannt",
    "no_touchpoint": "(kein Touchpoint genannt)",
    "used_by": "Genutzt von",
    "used_by_journeys": "{n} von {total} Journeys",
    "used_by_journeys.one": "{n} von {total} Journey",
    "also_written": "auch geschrieben",
    "owners": "Verantwortlich",
    "where": "Wo",
    "actions_summary": "{open} offen, davon {overdue} überfällig; {done} erledigt.",
    "as_of": "Fälligkeiten zum Stand {date}.",
    "filter_owner": "Verantwortlich",
    "filter_status": "Status",
    "filter_all": "Alle",
    "filter_open": "Alle offenen",
    "filter_overdue": "Nur überfällige",
    "no_owner": "Noch niemand verantwortlich",
    "done_items": "Erledigt ({n})",
    "no_actions": "Noch keine Maßnahmen erfasst.",
    "no_open_actions": "Keine offenen Maßnahmen.",
    "group_counts": "{open} offen, {overdue} überfällig, {done} erledigt",
    "kpi_summary": "{missed} verfehlt, {met} erreicht, {open} nicht gemessen",
    "kpi_board_hint": (
        "Alle KPIs aller Journeys: verfehlte zuerst, die am weitesten entfernten oben."
    ),
    "higher_is_better": "mehr ist besser",
    "result": "Ergebnis",
    "difference": "Abstand",
    "no_kpis": "Noch keine KPIs erfasst.",
    "responsibility_matrix": "Wer ist wo verantwortlich",
    "responsibility_hint": (
        "Stakeholder als Zeilen, Journeys als Spalten. Unten lässt sich jede Journey nach "
        "Phasen aufklappen; eine Phase ohne Beteiligte und ohne Verantwortliche für einen "
        "Schritt ist als Lücke markiert."
    ),
    "by_phase": "Nach Phasen: {title}",
    "role_legend_as_owner": "pflegt die Karte (`owner` der Journey)",
    "role_legend_as_responsible": "unter `responsible` einer Phase",
    "role_legend_as_step_owner": "`owner` eines Schritts",
    "role_legend_as_action_owner": "`owner` einer Maßnahme",
    "role_legend_as_named": "unter `stakeholders` der Journey genannt",
    "gap": "niemand verantwortlich",
    "gaps_count": "Phasen ohne Verantwortliche: {n}",
    "open_actions": "Offene Maßnahmen",
    "overdue_actions": "Überfällige Maßnahmen",
    "evidence_share": "Wie gut die Schritte belegt sind",
    "evidence_bar": "{research} durch Forschung belegt, {partial} teilweise belegt, "
                    "{assumption} Annahmen",
    "stale_journeys": "Seit mehr als {days} Tagen nicht geprüft",
    "stale_journeys.one": "Seit mehr als {days} Tag nicht geprüft",
    "none_stale": "Jede Journey wurde in den letzten {days} Tagen geprüft.",
    "none_stale.one": "Jede Journey wurde am letzten Tag geprüft.",
    "age_days": "vor {n} Tagen",
    "age_days.one": "vor {n} Tag",
    "lowest_moments": "Die tiefsten Momente",
    "lowest_moments_hint": "Die fünf niedrigsten Emotionen über alle Journeys.",
    "missed_kpis": "Verfehlte KPIs",
    "see_kpi_board": "KPI-Übersicht",
    "see_action_plan": "Maßnahmenplan",
    "more": "{n} weitere",
    "left_out": (
        "Journey-Dateien mit Fehlern fehlen auf dieser Seite, bis sie behoben sind: "
        "siehe die Liste der Journeys mit Fehlern."
    ),
}

LANGUAGES = {"en": EN, "de": DE}
FALLBACK = "en"

_FORMATTER = string.Formatter()


def placeholders(template: str) -> set[str] | None:
    """The `{name}` fields of a label template, or None when its braces do not pair up."""
    try:
        parts = list(_FORMATTER.parse(template))
    except ValueError:
        return None
    return {name for _, name, _, _ in parts if name is not None}


def fill(template: str, **values: object) -> str:
    """Fill the plain ``{name}`` fields of a label template; never raises.

    Labels can be overridden in mkdocs.yml, so a template may be anything: a field
    the caller does not supply (``{titel}``), an attribute lookup (``{name.__class__}``)
    or a stray brace (``seit {days Tagen``). Known fields are replaced by the value
    (a format spec or conversion is ignored: it could fail on the value), unknown
    ones stay as written, and a malformed template is returned unchanged. ``{{`` and
    ``}}`` become single braces, as with ``str.format``.
    """
    try:
        parts = list(_FORMATTER.parse(template))
    except ValueError:
        return template
    out: list[str] = []
    for literal, name, spec, conversion in parts:
        out.append(literal)
        if name is None:
            continue
        if name in values:
            out.append(str(values[name]))
        else:
            written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            out.append("{" + written + "}")
    return "".join(out)


def template_problem(text: str, allowed: set[str]) -> str | None:
    """What is wrong with a site's own label text, given the fields it may use, or None."""
    try:
        parts = list(_FORMATTER.parse(text))
    except ValueError:
        return "a `{` or `}` has no partner; write `{{` and `}}` for braces as text"
    can_use = (
        "this label can use " + ", ".join(f"{{{n}}}" for n in sorted(allowed))
        if allowed else "this label has no placeholders"
    )
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in allowed:
            return f"unknown placeholder {{{name}}}; {can_use}"
        if spec or conversion:
            written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            return f"write the placeholder {{{written}}} as {{{name}}}, without `!` or `:`"
    return None
