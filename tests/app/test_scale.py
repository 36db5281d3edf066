"""At many times the real data the map shades countries instead of drawing every site, and the
table shows its first rows only."""

from streamlit.testing.v1 import AppTest

from app_pages.shared import data
from tests.app.helpers import DASHBOARD
from tests.fixtures.synth import make_root


def test_map_shades_countries_when_there_are_too_many_sites(tmp_path, monkeypatch):
    root = make_root(tmp_path / "x11", scale=11)  # 26,411 designations, over the map's limit
    monkeypatch.setenv("UNESCO_ATLAS_DATA", str(root))
    data.reset_caches()
    try:
        at = AppTest.from_file(DASHBOARD, default_timeout=180).run()
        assert not at.exception
        assert any("too many to draw one by one" in i.value for i in at.info)
        assert at.metric[0].value == "26,411"
        at = AppTest.from_file(DASHBOARD, default_timeout=180)  # 2,651 geoparks: points again
        at.query_params["kind"] = "uggp"
        at.run()
        assert not at.info and at.metric[0].value == "2,651"
        at = AppTest.from_file(DASHBOARD, default_timeout=180).run()
        at.switch_page("app_pages/table.py").run()
        assert len(at.dataframe[0].value) == 20_000
        assert any("first 20,000 of 26,411 rows" in i.value for i in at.info)
    finally:
        data.reset_caches()
