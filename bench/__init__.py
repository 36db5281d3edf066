"""The UNESCO Sites Atlas benchmark: ``python -m bench [--scales 1,10,100] [--quick]``.

Writes ``bench/results.md`` and ``bench/results.json``. Modules: ``run`` (the run), ``inproc``
(payload and page scripts under AppTest, one process per scale), ``browser`` and ``server``
(headless Chromium against real servers), ``synth`` (scaled synthetic data), ``buildtime``,
``floor_app`` (a minimal Streamlit page with a map, the browser figures' reference),
``report`` (targets, ratios, Markdown), ``naive_app`` (the naive baseline, a Streamlit script).
Run on their own: ``load`` (many simulated viewers, one server or deploy/atlas-cluster) and
``proxy`` (the load through nginx: ``bench/results-proxy.json`` and the end of results.md).
"""
