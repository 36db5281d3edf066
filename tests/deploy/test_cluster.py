"""deploy/: two dashboard replicas behind Debian's nginx, started by deploy/atlas-cluster.

What a user of the cluster relies on: both replicas healthy on one data folder with the Rebuild
button off; security headers on every answer; the maps' content-named files served by nginx
itself, gzipped and cached for good; Streamlit's websocket through the proxy; one browser kept
on one replica while different browsers spread; a page that renders in headless Chromium with no
Content-Security-Policy violation; and the busy page for what admission control turns away.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import re
import secrets
import shutil
import signal
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from geo import maps
from tests.deploy.cluster import ARTIFACTS, REPO, Cluster, health, start_cluster, stop_cluster
from tests.e2e.test_dashboard import _download_first_chart
from tests.support.browser import OfflinePage
from tests.support.server import free_port
from tests.support.session import Session

SECURITY_HEADERS = ("X-Content-Type-Options", "Referrer-Policy", "Content-Security-Policy")
IMMUTABLE = "public, max-age=31536000, immutable"
COOKIE = re.compile(r"^atlas_route=([0-9a-f]{32}); Path=/; HttpOnly; SameSite=Lax$")
# Records every CSP violation in the page and in its frames (the maps are srcdoc frames).
CSP_WATCH = """document.addEventListener('securitypolicyviolation', e => {
  const top = window.top; (top.__csp = top.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI);
}, true);"""
# the live map is drawn in the page itself; a standalone map (download, fallback) in a frame
MAP_MARKERS = """() => document.querySelectorAll('.leaflet-marker-icon').length > 5
  || [...document.querySelectorAll('iframe')].some(f => {
    try { return f.contentDocument.querySelectorAll('.leaflet-marker-icon').length > 5; } catch (e) { return false; }
  })"""


def environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)


def open_session(base: str, cookie: str = "") -> tuple[list[str], str]:
    """Open the map page's session over the proxy's websocket as the browser does; returns the
    problems seen and the page's "Shown" count."""
    import websockets

    async def run():
        async with websockets.connect(
            base.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=["streamlit"],
            origin=base,
            max_size=None,
            additional_headers={"Cookie": cookie} if cookie else None,
        ) as ws:
            session = Session(ws, base)
            problems = await session.run(timeout=60)
            return problems, session.shown

    return asyncio.run(run())


def test_two_replicas_on_one_data_folder_without_the_rebuild_button(cluster):
    status = cluster.cli("status")
    assert status.returncode == 0 and status.stdout.count("health 200") == 3, status.stdout
    replicas = cluster.state["replicas"]
    assert len(replicas) == 2 and len({r["port"] for r in replicas}) == 2
    envs = [environ(r["pid"]) for r in replicas]
    assert {e["UNESCO_ATLAS_DATA"] for e in envs} == {str(REPO / "data")}
    assert all("UNESCO_ATLAS_REBUILD" not in e for e in envs)
    assert len({e["STREAMLIT_SERVER_COOKIE_SECRET"] for e in envs}) == 1
    config = (cluster.runtime / "nginx.conf").read_text()
    assert (
        not re.search(r"\$\{ATLAS_[A-Z_]+\}", config)
        and len(re.findall(r"^\s*server 127\.0\.0\.1:\d+ ", config, re.M)) == 2
        and "hash $atlas_route consistent" in config
    )


def test_the_websocket_runs_the_map_page_through_the_proxy(cluster):
    problems, shown = open_session(cluster.base)
    assert problems == []
    assert re.fullmatch(r"[\d,]+", shown), "the map page's first run drew no 'Shown' count"
    log = cluster.log_until(lambda line: "/_stcore/stream" in line["request"])  # logged when it closes
    streams = [line for line in log if "/_stcore/stream" in line["request"]]
    assert streams and streams[-1]["status"] == "101" and streams[-1]["upstream"].startswith("127.0.0.1:")


def test_security_headers_on_pages_files_and_errors(cluster):
    for path in ("/", "/charts", "/static/" + "none.js", "/_stcore/health"):
        _status, headers, _body = cluster.get(path)
        for name in SECURITY_HEADERS:
            assert headers[name], f"{name} missing on {path}"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        policy = headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "object-src 'none'" in policy and "'unsafe-eval'" not in policy
    assert cluster.get("/")[1]["Server"] == "nginx"  # no version


def test_generated_files_are_served_by_nginx_gzipped_and_immutable(cluster):
    open_session(cluster.base)  # a session publishes the maps' files
    name = next(n for n in maps.code_bundle() if n.endswith(".js"))
    path = REPO / "static" / "generated" / name
    assert path.exists()
    status, headers, body = cluster.get(f"/app/static/generated/{name}", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Cache-Control"] == IMMUTABLE
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == path.read_bytes()
    assert len(body) < path.stat().st_size / 2
    assert headers["Content-Security-Policy"] and headers["X-Content-Type-Options"] == "nosniff"
    served = [line for line in cluster.log_until(lambda line: name in line["request"]) if name in line["request"]]
    assert served[-1]["upstream"] == "-", "nginx should serve it from the folder, not a replica"
    # Streamlit's own files: from the package, gzipped beforehand, immutable too
    _status, index_headers, index = cluster.get("/")
    script = re.search(rb'src="\./(static/js/index\.[^"]+\.js)"', index).group(1).decode()
    status, headers, body = cluster.get(f"/{script}", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip" and headers["Cache-Control"] == IMMUTABLE
    assert cluster.get("/app/static/generated/atlas-0000000000000000.js")[0] == 404


def test_one_browser_stays_on_one_replica_and_browsers_spread(cluster):
    status, headers, _body = cluster.get("/")
    cookie = COOKIE.match(headers["Set-Cookie"])
    assert status == 200 and cookie, headers["Set-Cookie"]
    route = cookie.group(1)
    assert "Set-Cookie" not in cluster.get("/", {"Cookie": f"atlas_route={route}"})[1]
    # the same cookie: 20 answers from one replica
    for i in range(20):
        cluster.get(f"/_stcore/health?same={i}", {"Cookie": f"atlas_route={route}"})
    # 40 browsers (cookies): both replicas
    others = [secrets.token_hex(16) for _ in range(40)]
    for i, other in enumerate(others):
        cluster.get(f"/_stcore/health?other={i}", {"Cookie": f"atlas_route={other}"})
    log = cluster.log_until(lambda line: f"?other={len(others) - 1} " in line["request"])
    same = {line["upstream"] for line in log if "?same=" in line["request"]}
    spread = Counter(line["upstream"] for line in log if "?other=" in line["request"])
    replicas = {f"127.0.0.1:{r['port']}" for r in cluster.state["replicas"]}
    assert len(same) == 1 and same <= replicas
    assert set(spread) == replicas and min(spread.values()) >= 5, spread
    # a malformed cookie is replaced, not hashed as it is
    assert COOKIE.match(cluster.get("/", {"Cookie": "atlas_route=../../x"})[1]["Set-Cookie"])


@pytest.mark.parametrize(
    "path, viewport",
    [
        ("/?kind=uggp,whc&region=eur", (1440, 900)),
        ("/charts?region=apac", (1920, 1080)),
        ("/country?sel=FRA", (390, 844)),
    ],
)
def test_a_browser_renders_the_atlas_through_the_proxy_with_no_csp_violation(cluster, browser, path, viewport):
    """The map (srcdoc frame, Leaflet and outlines from the app's files, data: icons), the charts
    (Plotly, and a PNG download through data:/blob: URLs) and a country page, under the policy."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    context.add_init_script(CSP_WATCH)
    page = OfflinePage(context.new_page())
    console = []
    page.page.on("console", lambda m: console.append(m.text))
    try:
        page.page.goto(cluster.base + path)
        if path.startswith("/charts"):
            name, content = _download_first_chart(page.page)
            assert name.endswith(".png") and content.startswith(b"\x89PNG\r\n\x1a\n")
        else:
            page.page.wait_for_function(MAP_MARKERS, timeout=60_000)
        page.page.wait_for_timeout(1500)  # late scripts, fonts and frames
        shot = ARTIFACTS / f"deploy-{path.strip('/').split('?')[0] or 'map'}-{viewport[0]}.png"
        page.page.screenshot(path=str(shot))
        assert page.page.evaluate("window.__csp || []") == []
        assert not [m for m in console if "Content Security Policy" in m or "Content-Security-Policy" in m]
        assert page.external == [] and page.errors == []
        route = next(c["value"] for c in context.cookies() if c["name"] == "atlas_route")
    finally:
        context.close()
    mine = [
        line
        for line in cluster.log_until(lambda line: line["route"] == route and "/_stcore/stream" in line["request"])
        if line["route"] == route
    ]
    proxied = {line["upstream"] for line in mine if line["upstream"] != "-"}
    assert any("/_stcore/stream" in line["request"] for line in mine)
    assert any(line["request"].startswith("GET /static/") and line["upstream"] == "-" for line in mine)
    assert len(proxied) == 1, f"page, API calls and websocket of one browser on several replicas: {proxied}"


def test_overflow_gets_a_fast_busy_page_and_health_still_answers(tmp_path):
    """Admission control at one page load per second and a queue of one: of 12 page loads at
    once, most are turned away with the busy page at once, while /_stcore/health answers."""
    small = start_cluster(tmp_path, 1, "--rate", "1", "--queue", "1")
    try:
        with ThreadPoolExecutor(12) as pool:
            answers = list(pool.map(lambda i: (time.perf_counter(), small.get(f"/?n={i}")), range(12)))
        busy = [(started, answer) for started, answer in answers if answer[0] == 503]
        assert 6 <= len(busy) <= 11, [a[0] for _t, a in answers]
        _started, (status, headers, body) = busy[0]
        assert headers["Retry-After"] == "5" and b"The atlas is busy" in body
        assert headers["Content-Type"].startswith("text/html") and headers["Content-Security-Policy"]
        assert small.get("/_stcore/health")[0] == 200
        sessions = [line for line in small.log_until(lambda line: line["status"] == "503") if line["status"] == "503"]
        assert all(line["upstream"] == "-" for line in sessions), "the busy page comes from nginx"
    finally:
        stop_cluster(small)


def test_a_killed_replica_s_browser_reconnects_to_the_other_with_the_same_view(tmp_path, browser):
    """SIGKILL the replica a browser is on: Streamlit's page reconnects its websocket, nginx sends it
    to the other replica, and the new session shows the same view from the address."""
    pair = start_cluster(tmp_path, 2)
    try:
        route, victim = _kill_the_replica_under_a_browser(pair, browser)
        survivor = next(f"127.0.0.1:{r['port']}" for r in pair.state["replicas"] if r["pid"] != victim["pid"])
        # the reopened socket: refused by the dead replica, then taken by the other (nginx's retry)
        log = pair.log_until(
            lambda line: (
                line["route"] == route and line["upstream"].endswith(survivor) and "/_stcore/stream" in line["request"]
            )
        )
    finally:
        stop_cluster(pair)
    streams = [line["upstream"] for line in log if line["route"] == route and "/_stcore/stream" in line["request"]]
    assert streams[0].endswith(f":{victim['port']}") and streams[-1].endswith(survivor), streams


def _kill_the_replica_under_a_browser(pair, browser) -> tuple[str, dict]:
    """Open a view, SIGKILL the replica serving it, check the page comes back with the same view;
    returns the browser's route cookie and the killed replica."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    sockets = []
    try:
        page = OfflinePage(context.new_page())
        page.page.on("websocket", lambda ws: sockets.append(ws.url))
        page.page.goto(pair.base + "/?kind=uggp&region=eur&year=2000-2026")
        page.page.wait_for_function(MAP_MARKERS, timeout=60_000)
        shown = page.page.locator('[data-testid="stMetricValue"]').first.inner_text()
        address = page.href()
        route = next(c["value"] for c in context.cookies() if c["name"] == "atlas_route")
        served = {line["upstream"] for line in pair.log() if line["route"] == route and line["upstream"] != "-"}
        assert len(served) == 1
        victim = pair.replica(int(served.pop().rsplit(":", 1)[1]))
        os.kill(victim["pid"], signal.SIGKILL)

        deadline = time.monotonic() + 60
        while len(sockets) < 2 and time.monotonic() < deadline:
            page.page.wait_for_timeout(200)
        assert len(sockets) >= 2, "the page did not reopen its websocket"
        page.page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
            " && document.querySelector('[data-testid=\"stMetricValue\"]')",
            timeout=60_000,
        )
        page.page.wait_for_function(MAP_MARKERS, timeout=60_000)
        page.page.wait_for_timeout(1000)
        page.page.screenshot(path=str(ARTIFACTS / "deploy-after-failover.png"))
        assert page.page.locator('[data-testid="stMetricValue"]').first.inner_text() == shown
        assert page.href() == address
        assert page.page.locator('[data-testid="stException"], [role="dialog"]').count() == 0
        assert page.errors == [] and page.external == []
    finally:
        context.close()
    return route, victim


@pytest.mark.skipif(not shutil.which("envsubst"), reason="envsubst (gettext-base) is not installed")
def test_the_compose_nginx_service_renders_the_same_template(cluster, tmp_path):
    """deploy/nginx-entrypoint.sh with deploy/nginx.env (the compose service's command and values),
    pointed at this cluster's replicas instead of the atlas1/atlas2 containers, serves the atlas."""
    values = dict(
        line.split("=", 1)
        for line in (REPO / "deploy" / "nginx.env").read_text().splitlines()
        if line and not line.startswith("#")
    )
    template = (REPO / "deploy" / "nginx.conf.template").read_text()
    assert set(re.findall(r"\$\{(ATLAS_[A-Z_]+)\}", template)) == set(values)
    port = free_port()
    servers = values["ATLAS_UPSTREAM_SERVERS"]
    for name, replica in zip(("atlas1:8501", "atlas2:8501"), cluster.state["replicas"]):
        servers = servers.replace(name, f"127.0.0.1:{replica['port']}")
    (tmp_path / "logs").mkdir()
    env = {
        **os.environ,
        **values,
        "ATLAS_LISTEN": f"127.0.0.1:{port}",
        "ATLAS_UPSTREAM_SERVERS": servers,
        "ATLAS_RUNTIME": str(tmp_path / "run"),
        "ATLAS_LOGS": str(tmp_path / "logs"),
        "ATLAS_DEPLOY": str(REPO / "deploy"),
        "ATLAS_STATIC": str(REPO / "static"),
        "ATLAS_TEMPLATE": str(REPO / "deploy" / "nginx.conf.template"),
        "PATH": f"/usr/sbin:{os.environ['PATH']}",
    }
    nginx = subprocess.Popen([str(REPO / "deploy" / "nginx-entrypoint.sh")], env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while (code := health(base, timeout=2)[0]) != 200 and time.monotonic() < deadline:
            assert nginx.poll() is None, "nginx exited"
            time.sleep(0.2)
        assert code == 200
        status, headers, _body = Cluster(base, tmp_path, {}).get("/")
        assert status == 200 and headers["Content-Security-Policy"] and COOKIE.match(headers["Set-Cookie"])
    finally:
        nginx.terminate()
        nginx.wait(timeout=15)
