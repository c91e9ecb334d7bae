"""Pictures as SVG: the emotion curve and sparkline, the stakeholder map (DOT) and the
Graphviz runner with its cache. Each takes plain picture models, not journeys."""
