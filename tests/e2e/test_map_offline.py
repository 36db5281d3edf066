"""geo.maps' standalone pages in headless Chromium with no network: the map renders from the
inlined libraries only.

A standalone page (a download, or the app's map where its files could not be published) is
loaded the way Streamlit embeds HTML (``iframe.srcdoc`` with Streamlit's sandbox
flags, inside a page served from 127.0.0.1); the choropleth straight from a ``file://`` URL. Every
request that is not to the local server is aborted and counted. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo import labels, maps
from geo.paths import raw_dir
from geo.schema import KINDS
from tests.e2e.map_js import CENTRAL_MARKER, OPEN_POPUP

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
# What Streamlit puts on st.iframe / components.html frames (static/js/IFrameUtil*.js).
STREAMLIT_SANDBOX = (
    "allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox "
    "allow-same-origin allow-scripts allow-downloads"
)
HOST_PAGE = f"""<!doctype html><html><head><meta charset="utf-8"><title>host</title>
<style>body{{margin:0;background:#fff}} iframe{{border:0;width:1100px;height:640px;display:block}}</style></head>
<body><iframe id="map" title="map" sandbox="{STREAMLIT_SANDBOX}"></iframe>
</body></html>"""

pytestmark = pytest.mark.e2e

HOSTILE = [
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload="window.top.__pwned=1">',
    "{{ 7*7 }} <!-- x",
]
CITIES = [
    (48.86, 2.35, "FRA"),
    (41.9, 12.5, "ITA"),
    (39.9, 116.4, "CHN"),
    (28.61, 77.21, "IND"),
    (30.04, 31.24, "EGY"),
    (-1.29, 36.82, "KEN"),
    (19.43, -99.13, "MEX"),
    (-12.05, -77.04, "PER"),
    (40.71, -74.0, "USA"),
    (-33.87, 151.2, "AUS"),
    (55.75, 37.62, "RUS"),
    (-6.2, 106.8, "IDN"),
    (50.06, 19.94, "POL"),
    (34.69, 135.5, "JPN"),
    (-22.9, -43.2, "BRA"),
    (14.7, -17.4, "SEN"),
]


def designations(scale: int = 1, seed: int = 11) -> pd.DataFrame:
    """A few hundred synthetic sites of the 4 kinds around some cities, plus hostile names."""
    rng = np.random.default_rng(seed)
    per = {"world_heritage": 180, "biosphere_reserve": 100, "global_geopark": 45, "category2_centre": 35}
    rows = []
    for kind, n in per.items():
        prefix, label = KINDS[kind]
        for i in range(n * scale):
            lat, lon, iso3 = CITIES[rng.integers(len(CITIES))]
            rows.append(
                dict(
                    site_id=f"{prefix}:{i}",
                    designation=kind,
                    name=f"{label} number {i}",
                    subtype="Cultural" if kind == "world_heritage" else None,
                    countries_iso3=[iso3],
                    year=1980 + i % 40,
                    in_danger=kind == "world_heritage" and i % 15 == 0,
                    geocode_precision="source",
                    verification="stored_source",
                    url=f"https://whc.unesco.org/en/list/{i}" if kind == "world_heritage" else None,
                    lat=float(np.clip(lat + rng.normal(0, 3), -80, 80)),
                    lon=float(np.clip(lon + rng.normal(0, 4), -179, 179)),
                )
            )
    for j, name in enumerate(HOSTILE):  # isolated in the South Pacific, one per kind
        rows.append(
            dict(
                site_id=f"evil:{j}",
                designation=list(KINDS)[j % 4],
                name=name,
                subtype="<b>x</b>",
                countries_iso3=["FRA"],
                year=2000,
                in_danger=False,
                geocode_precision="<i>p</i>",
                verification="<img src=y onerror=alert(2)>",
                url="javascript:alert(1)",
                lat=-45.0 + 6 * j,
                lon=-130.0 + 7 * j,
            )
        )
    return pd.DataFrame(rows)


@functools.lru_cache(maxsize=1)
def countries() -> gpd.GeoDataFrame:
    ne = gpd.read_file(
        raw_dir() / "base" / "ne_50m_admin_0_countries.geojson", columns=["ISO_A3_EH", "ADM0_A3", "NAME_EN"]
    )
    iso3 = ne["ISO_A3_EH"].where(ne["ISO_A3_EH"] != "-99", ne["ADM0_A3"])
    return gpd.GeoDataFrame({"iso3": iso3, "name": ne["NAME_EN"]}, geometry=ne.geometry.simplify(0.05), crs="EPSG:4326")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture(scope="module")
def host_root(tmp_path_factory) -> Path:
    """The folder the test server serves: the host page, and the published map files under generated/."""
    root = tmp_path_factory.mktemp("host")
    (root / "index.html").write_text(HOST_PAGE, encoding="utf-8")
    maps.publish(countries(), root / "generated")
    return root


@pytest.fixture(scope="module")
def server(host_root):
    root = host_root
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class Watch:
    """Dialogs, console errors, page errors and off-box requests of one page (all frames)."""

    def __init__(self, page, allowed_prefix: str):
        self.dialogs, self.errors, self.blocked = [], [], []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def route(r):
            if r.request.url.startswith(allowed_prefix):
                r.continue_()
            else:
                self.blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)

    def assert_clean(self):
        assert self.dialogs == [], f"dialogs fired: {self.dialogs}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.blocked == [], f"network requests attempted: {self.blocked}"


def record_fetches(page, part: str) -> list[str]:
    """The names of the files whose requests finish with ``part`` in their URL (filled as they do)."""
    names: list[str] = []
    page.on("requestfinished", lambda r: names.append(r.url.rsplit("/", 1)[-1]) if part in r.url else None)
    return names


def open_in_srcdoc_frame(page, server: str, html: str):
    page.goto(server + "/index.html")
    page.evaluate("html => { document.getElementById('map').srcdoc = html; }", html)
    page.wait_for_function(
        "() => { const w = document.getElementById('map').contentWindow;"
        " return w && w.UnescoAtlas && w.document.readyState === 'complete'; }"
    )
    return page.query_selector("#map").content_frame()


def wait_for_every_kind(frame, n_kinds: int, timeout: float = 20_000) -> None:
    for k in range(n_kinds):
        frame.wait_for_selector(f".leaflet-marker-pane .atlas-k{k}", state="visible", timeout=timeout)


def test_points_map_renders_offline_in_a_streamlit_like_iframe(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    df = designations()
    html = maps.points_map(df, countries(), colors=maps.DEFAULT_COLORS)
    page = browser.new_page(viewport={"width": 1100, "height": 640})
    watch = Watch(page, server)
    started = time.perf_counter()
    frame = open_in_srcdoc_frame(page, server, html)
    wait_for_every_kind(frame, len(KINDS))
    elapsed = time.perf_counter() - started

    assert frame.locator(".leaflet-overlay-pane path").count() > 150  # offline country polygons
    legend = frame.locator(".atlas-legend")
    assert legend.is_visible()
    for _, label in KINDS.values():
        assert label in legend.inner_text()
    assert frame.locator(".atlas-legend-row").count() == len(KINDS) + 1  # + "in Danger"
    assert "United Nations/UNESCO" in frame.locator(".atlas-disclaimer").inner_text()
    assert frame.locator(".atlas-disclaimer").is_visible()
    # A legend row toggles its layer (the legend is the map's layer switch) and says so.
    row = frame.locator('.atlas-legend-row[data-kind="biosphere_reserve"]')
    row.click()
    frame.wait_for_selector(".leaflet-marker-pane .atlas-k1", state="detached")
    assert row.get_attribute("aria-pressed") == "false"
    row.click()
    frame.wait_for_selector(".leaflet-marker-pane .atlas-k1", state="visible")
    assert row.get_attribute("aria-pressed") == "true"
    page.wait_for_timeout(400)  # let the cluster fade-in finish before the screenshot
    page.screenshot(path=str(ARTIFACTS / "map_points.png"))

    # Hostile names: open each marker's popup with a real click; nothing may execute.
    for name in HOSTILE:
        icon = frame.evaluate_handle(OPEN_POPUP, name)
        frame.wait_for_timeout(300)
        icon.as_element().click()
        popup = frame.locator(".leaflet-popup-content .atlas-popup")
        popup.wait_for(state="visible")
        assert popup.locator(".atlas-popup-name").inner_text() == name
        assert popup.locator("a").count() == 0  # javascript: URL dropped
        assert popup.locator("img, svg[onload], b, i, script").count() == 0
        assert "<img src=y" in popup.inner_text()  # verification shown as text
    assert frame.evaluate("() => window.top.__pwned === undefined && !document.querySelector('img[src=x]')")
    page.wait_for_timeout(400)  # popup fade-in
    page.screenshot(path=str(ARTIFACTS / "map_popup_hostile.png"))

    # A normal marker: a link to the official page (a standalone page selects nothing in an app).
    frame.evaluate("() => Object.values(window).find(v => v instanceof L.Map).setView([48.86, 2.35], 6)")
    frame.wait_for_timeout(600)
    icon = frame.evaluate_handle(
        """() => new Promise(resolve => {
             const map = Object.values(window).find(v => v instanceof L.Map);
             map.closePopup();
             map.eachLayer(g => { if (g instanceof L.MarkerClusterGroup && !resolve.done) g.eachLayer(m => {
               if (!resolve.done && m.atlasRow && m.atlasRow[2] === 0 && m.atlasRow[3] === 1) {
                 resolve.done = true; g.zoomToShowLayer(m, () => {
                   map.panTo(m.getLatLng(), {animate: false}); setTimeout(() => resolve(m._icon), 250); }); } }); });
           })"""
    )
    frame.wait_for_timeout(300)
    icon.as_element().click()
    link = frame.locator(".leaflet-popup-content a")
    link.wait_for(state="visible")
    assert link.get_attribute("href").startswith("https://whc.unesco.org/en/list/")
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
    assert "In Danger" in frame.locator(".leaflet-popup-content").inner_text()
    page.wait_for_timeout(400)
    page.screenshot(path=str(ARTIFACTS / "map_popup.png"))

    watch.assert_clean()
    print(f"\n[maps e2e] {len(df)} points: all kinds visible after {elapsed:.2f} s")


def test_country_map_fits_the_country(browser, server):
    df = designations()
    df = df[df["countries_iso3"].map(lambda c: "FRA" in c or "ITA" in c)]
    html = maps.country_map(df, countries(), "FRA")
    page = browser.new_page(viewport={"width": 1100, "height": 640})
    watch = Watch(page, server)
    frame = open_in_srcdoc_frame(page, server, html)
    frame.wait_for_selector(".leaflet-marker-pane .atlas-k0", state="visible")
    bounds = frame.evaluate(
        "() => { const b = Object.values(window).find(v => v instanceof L.Map).getBounds();"
        " return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }"
    )
    s, w, n, e = bounds
    assert s < 42 and n > 51 and w < -4.5 and e > 9.5  # France visible
    assert e - w < 40  # … and not the whole world (French Guiana and Réunion are left out)
    page.wait_for_timeout(400)
    page.screenshot(path=str(ARTIFACTS / "map_country.png"))
    watch.assert_clean()


def test_code_and_outlines_from_published_files(browser, server):
    """With ``static_url`` the map carries neither code nor outlines: it loads the published
    bundle and outlines (same server), draws the markers without waiting for the outlines, then
    the countries."""
    df = designations()
    html = maps.points_map(df, countries(), static_url="generated/")
    assert html.count('"c":[[') == 0  # no outlines inline
    page = browser.new_page(viewport={"width": 1100, "height": 640})
    watch = Watch(page, server)
    fetched = record_fetches(page, "/generated/")
    frame = open_in_srcdoc_frame(page, server, html)
    wait_for_every_kind(frame, len(KINDS))
    frame.wait_for_function("() => document.querySelectorAll('.leaflet-overlay-pane path').length > 150")
    assert sorted(fetched) == sorted([*maps.code_bundle(), maps.outlines_file_name(countries(), *maps.WORLD_OUTLINES)])
    # the choropleth uses the same files: requested once per browser, from then on its cache
    counts = pd.DataFrame({"iso3": ["BRA", "FRA"], "value": [23, 54]})
    shaded = maps.choropleth_map(counts, countries(), legend_title="Sites", static_url="generated/")
    frame = open_in_srcdoc_frame(page, server, shaded)
    frame.wait_for_function("() => document.querySelectorAll('path.leaflet-interactive').length > 150")
    watch.assert_clean()


def open_noting_warnings(browser, server, html: str):
    """The map drawn in a new page, with the console warnings and page errors it gives."""
    page = browser.new_page(viewport={"width": 1100, "height": 640})
    warnings, page_errors = [], []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    frame = open_in_srcdoc_frame(page, server, html)
    wait_for_every_kind(frame, len(KINDS))
    return frame, warnings, page_errors


def test_missing_outlines_file_leaves_a_working_map(browser, server):
    html = maps.points_map(designations(), countries(), static_url="generated/")
    html = html.replace(maps.outlines_file_name(countries(), *maps.WORLD_OUTLINES), "outlines-gone.json")
    frame, warnings, page_errors = open_noting_warnings(browser, server, html)
    for _ in range(100):  # the failed fetch is reported as a console warning
        if any("no country outlines" in w for w in warnings):
            break
        frame.wait_for_timeout(100)
    assert frame.locator(".leaflet-overlay-pane path").count() == 0
    assert page_errors == []
    assert any("no country outlines" in w for w in warnings), warnings


def test_popup_details_come_from_published_files_on_the_first_hover(browser, server, host_root):
    df = designations().drop_duplicates("site_id")
    details = maps.publish_details(df, host_root / "generated", "generated/", per_file=100)
    html = maps.points_map(df, countries(), static_url="generated/", site_details=details)
    assert HOSTILE[0] not in html  # the names travel in the files, not in the map
    page = browser.new_page(viewport={"width": 1100, "height": 640})
    watch = Watch(page, server)
    fetched = record_fetches(page, "/sites-")
    frame = open_in_srcdoc_frame(page, server, html)
    wait_for_every_kind(frame, len(KINDS))
    frame.wait_for_timeout(300)
    assert fetched == []  # nothing before a hover or a click
    marker = frame.evaluate_handle(CENTRAL_MARKER).as_element()
    marker.hover()
    tip = frame.locator(".leaflet-tooltip .atlas-tooltip-name")
    tip.wait_for(state="visible")
    assert tip.inner_text() in set(df["name"])
    assert len(fetched) == 1 and fetched[0].startswith(details.prefix[len("generated/") :])
    marker.click()
    popup = frame.locator(".leaflet-popup-content .atlas-popup")
    popup.wait_for(state="visible")
    assert popup.locator(".atlas-popup-name").inner_text() == tip.inner_text()
    assert len(fetched) == 1  # the file is kept
    watch.assert_clean()


def test_missing_details_file_leaves_markers_that_say_so_and_try_again(browser, server, host_root, tmp_path):
    df = designations().drop_duplicates("site_id")
    published = maps.publish_details(df, tmp_path, "generated/")
    late = "sites-late-"  # files that appear only after the first hover
    details = maps.PublishedDetails(prefix="generated/" + late, refs=published.refs)
    html = maps.points_map(df, countries(), static_url="generated/", site_details=details)
    frame, warnings, page_errors = open_noting_warnings(browser, server, html)
    marker = frame.evaluate_handle(CENTRAL_MARKER).as_element()
    marker.hover()
    tip = frame.locator(".leaflet-tooltip .atlas-tooltip-name")
    tip.wait_for(state="visible")
    assert tip.inner_text() in labels.KIND_NAMES.values()  # the kind, for want of the name
    marker.click()
    popup = frame.locator(".leaflet-popup-content .atlas-popup")
    popup.locator(".atlas-popup-note").wait_for(state="visible")
    assert popup.locator(".atlas-popup-note").inner_text() == labels.MAP_TEXT["noDetails"]
    assert any("no site details" in w for w in warnings), warnings
    assert page_errors == []

    # the files arrive: the next click and hover fetch them again and show the site
    for file in tmp_path.glob(published.prefix[len("generated/") :] + "*.json"):
        (host_root / "generated" / (late + file.name.rsplit("-", 1)[1])).write_bytes(file.read_bytes())
    frame.locator(".leaflet-popup-close-button").click()
    popup.wait_for(state="detached")
    frame.page.mouse.move(5, 5)  # off the marker: its stand-in tooltip goes
    marker.click()
    popup.locator(".atlas-popup-name").wait_for(state="visible")
    name = popup.locator(".atlas-popup-name").inner_text()
    assert name in set(df["name"])
    frame.locator(".leaflet-popup-close-button").click()
    marker.hover()
    frame.wait_for_function(
        "name => [...document.querySelectorAll('.atlas-tooltip-name')].some(t => t.textContent === name)", arg=name
    )
    assert page_errors == []


def test_choropleth_renders_offline_from_file(browser, tmp_path):
    rng = np.random.default_rng(5)
    codes = [c for c in countries()["iso3"] if c.isalpha()][::2]
    counts = pd.DataFrame({"iso3": codes, "value": rng.integers(1, 58, len(codes))})
    counts.loc[counts["iso3"] == "BRA", "value"] = 23
    counts["label"] = counts["value"].map(lambda v: f"{v} World Heritage properties")
    counts.loc[0, "label"] = "<img src=x onerror=alert(1)>"
    path = tmp_path / "choropleth.html"
    path.write_text(
        maps.choropleth_map(counts, countries(), legend_title="World Heritage properties per country"), encoding="utf-8"
    )
    page = browser.new_page(viewport={"width": 1100, "height": 640})
    watch = Watch(page, "file://")
    page.goto(path.as_uri())
    page.wait_for_selector(".atlas-legend", state="visible")
    assert page.locator(".leaflet-overlay-pane path").count() > 150
    assert page.locator(".atlas-legend-swatch").count() >= 3
    assert "United Nations/UNESCO" in page.locator(".atlas-disclaimer").inner_text()
    # Hover Brazil: tooltip with the name and the label.
    x, y = page.evaluate("""() => { const map = Object.values(window).find(v => v instanceof L.Map); let p = null;
        map.eachLayer(l => { if (l.atlasIso3 === 'BRA') { const c = map.latLngToContainerPoint([-10, -53]);
          const r = map.getContainer().getBoundingClientRect(); p = [r.x + c.x, r.y + c.y]; } }); return p; }""")
    page.mouse.move(x, y)
    tip = page.locator(".leaflet-tooltip")
    tip.wait_for(state="visible")
    assert "Brazil" in tip.inner_text() and "23 World Heritage properties" in tip.inner_text()
    page.screenshot(path=str(ARTIFACTS / "map_choropleth.png"))
    watch.assert_clean()


@pytest.mark.parametrize("scale", [30])
def test_many_points_stay_fast(browser, server, scale):
    """~11,000 points (4.5× the real table) cluster in a few seconds."""
    df = designations(scale=scale)
    built = time.perf_counter()
    html = maps.points_map(df, countries())
    built = time.perf_counter() - built
    page = browser.new_page(viewport={"width": 1100, "height": 640})
    watch = Watch(page, server)
    started = time.perf_counter()
    frame = open_in_srcdoc_frame(page, server, html)
    wait_for_every_kind(frame, len(KINDS), timeout=30_000)
    frame.wait_for_function(
        "() => Object.values(window).filter(v => v instanceof L.MarkerClusterGroup)"
        ".every(g => !g._needsClustering.length && g.getLayers().length > 0)",
        timeout=30_000,
    )
    elapsed = time.perf_counter() - started
    print(
        f"\n[maps e2e] {len(df)} points: HTML {len(html) / 1e6:.1f} MB built in {built:.2f} s, clustered in {elapsed:.2f} s"
    )
    assert elapsed < 20
    watch.assert_clean()
