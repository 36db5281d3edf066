"""The Data Hub connector against a local HTTP server, and the loaders of what it stores."""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest

from geo.build import download
from geo.build.sources.datahub import LOADERS, latest_download, load_uggp
from geo.schema import validate_source_rows

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "datahub"
API_PATH = "/api/explore/v2.1/catalog/datasets"
SHORT_TIMEOUT = 0.3


@dataclass
class Reply:
    """What the fake Data Hub answers on one path."""

    body: bytes
    status: int = 200
    delay: float = 0.0  # seconds to wait before answering
    length: int | None = None  # a Content-Length to announce instead of the true one
    drip: float = 0.0  # seconds between single bytes of the body (a stalling server)
    location: str | None = None  # a redirect target


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.user_agents.append(self.headers.get("User-Agent"))
        reply = self.server.replies.get(self.path) or Reply(
            json.dumps({"error_code": "NotFound", "message": "no such dataset"}).encode(), 404
        )
        if reply.delay and self.server.stopping.wait(reply.delay):
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(reply.length or len(reply.body)))
        if reply.location:
            self.send_header("Location", reply.location)
        self.end_headers()
        if not reply.drip:
            self.wfile.write(reply.body)
            return
        for byte in reply.body:
            if self.server.stopping.wait(reply.drip):
                return
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:  # the client gave up
                return

    def log_message(self, *args) -> None:
        pass


class FakeDataHub:
    """A ThreadingHTTPServer on 127.0.0.1 serving the fixtures at the Data Hub's paths."""

    def __init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.replies = {}
        self.server.user_agents = []
        self.server.stopping = threading.Event()
        for dataset in download.DATASETS:
            metadata, export = FIXTURES / f"{dataset}.metadata.json", FIXTURES / f"{dataset}.json"
            self.replies[self.metadata_path(dataset)] = Reply(metadata.read_bytes())
            self.replies[self.export_path(dataset)] = Reply(export.read_bytes())
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}{API_PATH}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def replies(self) -> dict[str, Reply]:
        return self.server.replies

    @staticmethod
    def metadata_path(dataset: str) -> str:
        return f"{API_PATH}/{dataset}"

    @staticmethod
    def export_path(dataset: str) -> str:
        return f"{API_PATH}/{dataset}/exports/json"

    def edit_json(self, path: str, edit) -> None:
        """Serve ``edit(parsed fixture)`` instead of the fixture at ``path``."""
        document = json.loads(self.replies[path].body)
        self.replies[path] = Reply(json.dumps(edit(document)).encode())

    def stop(self) -> None:
        if not self.server.stopping.is_set():
            self.server.stopping.set()
            self.server.shutdown()
            self.server.server_close()


@pytest.fixture
def hub(monkeypatch):
    monkeypatch.setenv("no_proxy", "*")  # talk to 127.0.0.1 directly even where a proxy is configured
    server = FakeDataHub()
    yield server
    server.stop()


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    """A raw folder holding an earlier download of every dataset."""
    raw = tmp_path / "raw"
    for dataset in download.DATASETS:
        folder = raw / "datahub" / dataset
        folder.mkdir(parents=True)
        (folder / "2020-01-01.json").write_bytes(b'[{"earlier": "download"}]\n')
        (folder / "2020-01-01.meta.json").write_text('{"data_date": "2019-12-31"}\n')
    return raw


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes (temp files included)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- success ---------------------------------------------------------------------------------


def test_refresh_stores_every_dataset_with_its_meta(hub: FakeDataHub, raw_dir: Path) -> None:
    before = snapshot(raw_dir)
    result = download.refresh(base_url=hub.base_url, raw_dir=raw_dir, timeout=5)

    assert result.ok, result.summary()
    assert [(d.dataset, d.status, d.records) for d in result.datasets] == [
        ("whc001", "stored", 4),
        ("mab001", "stored", 3),
        ("eg0001", "stored", 3),
    ]
    assert result.datasets[2].data_date == "2026-09-17"
    for d in result.datasets:
        served = (FIXTURES / f"{d.dataset}.json").read_bytes()
        meta = json.loads(d.path.with_name(f"{d.path.stem}.meta.json").read_text())
        assert d.path.read_bytes() == served
        assert d.path.name == f"{meta['retrieved_at'][:10]}.json"
        assert meta["sha256"] == hashlib.sha256(served).hexdigest()
        assert meta["url"] == f"{hub.base_url}/{d.dataset}/exports/json"
        assert meta["metadata"]["metas"]["default"]["license"] == "CC BY-SA 4.0"
        assert latest_download(d.dataset, raw_dir) == d.path
    after = snapshot(raw_dir)
    assert {k: after[k] for k in before} == before, "earlier downloads must stay"
    assert not [name for name in after if name.endswith(".tmp")]
    assert all(ua.startswith("UNESCO-Sites-Atlas/") for ua in hub.server.user_agents)


def test_stored_exports_load_into_valid_rows(hub: FakeDataHub, raw_dir: Path) -> None:
    assert download.refresh(base_url=hub.base_url, raw_dir=raw_dir, timeout=5).ok
    results = {dataset: load(latest_download(dataset, raw_dir)) for dataset, load in LOADERS.items()}
    for result in results.values():
        assert validate_source_rows(result.rows) == []
        assert result.rejects.empty
        assert len(result.rows) == result.rows_in

    whc = results["whc001"].rows.set_index("site_id")
    assert whc.loc["whc:1768", "name"] == "Sultanate of Ndzuwani & its Palaces"
    assert math.isnan(whc.loc["whc:1768", "lat"]) and pd.isna(whc.loc["whc:1768", "geocode_precision"])
    assert whc.loc["whc:1133", "countries_iso3"] == ["AUT", "BEL", "DEU"]
    assert bool(whc.loc["whc:1133", "transboundary"]) and not bool(whc.loc["whc:1133", "in_danger"])
    assert bool(whc.loc["whc:208", "in_danger"]) and whc.loc["whc:208", "primary_iso3"] == "AFG"
    assert whc.loc["whc:208", "lat"] == 34.84694 and whc.loc["whc:208", "geocode_precision"] == "source"
    assert "<p>" not in whc.loc["whc:208", "description"]
    assert whc.loc["whc:148", "countries_iso3"] == [] and pd.isna(whc.loc["whc:148", "primary_iso3"])
    assert whc.loc["whc:208", "source_date"] == "2026-09-15"

    mab = results["mab001"].rows.set_index("site_id")
    assert bool(mab.loc["mab:ALB-MKD-01", "transboundary"])
    assert mab.loc["mab:AGO-01", "countries_iso3"] == ["AGO"] and math.isnan(mab.loc["mab:AGO-01", "lon"])
    assert mab.loc["mab:CHN-01", "year"] == 1979 and mab.loc["mab:CHN-01", "region"] == "Asia and the Pacific"

    uggp = results["eg0001"].rows.set_index("site_id")
    assert uggp.loc["uggp:EUA101", "countries_iso3"] == ["AUT", "SVN"]
    assert bool(uggp.loc["uggp:EUA101", "transboundary"])
    assert uggp.loc["uggp:EUA101", "official_year"] == 2015 and pd.isna(uggp.loc["uggp:EUA101", "year"])
    assert uggp.loc["uggp:ASCN01", "year"] == 2017
    assert uggp.loc["uggp:EUFR10", "name"] == "Terres d'Hérault UNESCO Global Geopark"
    assert "&#" not in uggp.loc["uggp:EUFR10", "description"]


# --- failures --------------------------------------------------------------------------------


def _http_500(hub: FakeDataHub) -> None:
    body = json.dumps({"error_code": "InternalServerError", "message": "Unexpected failure"}).encode()
    hub.replies[hub.export_path("eg0001")] = Reply(body, status=500)


def _slow_export(hub: FakeDataHub) -> None:
    hub.replies[hub.export_path("mab001")].delay = 10


def _truncated(hub: FakeDataHub) -> None:
    reply = hub.replies[hub.export_path("whc001")]
    reply.body = reply.body[:1000]


def _truncated_mid_char(hub: FakeDataHub) -> None:
    reply = hub.replies[hub.export_path("whc001")]
    first_multibyte = next(i for i, byte in enumerate(reply.body) if byte >= 0x80)
    reply.body = reply.body[: first_multibyte + 1]


def _dropped_connection(hub: FakeDataHub) -> None:
    reply = hub.replies[hub.export_path("whc001")]
    reply.length = len(reply.body) + 500


def _renamed_field(hub: FakeDataHub) -> None:
    def rename(records):
        return [{("title" if k == "title_en" else k): v for k, v in r.items()} for r in records]

    hub.edit_json(hub.export_path("eg0001"), rename)


def _count_mismatch(hub: FakeDataHub) -> None:
    def more(metadata):
        metadata["metas"]["default"]["records_count"] = 797
        return metadata

    hub.edit_json(hub.metadata_path("mab001"), more)


def _offline(hub: FakeDataHub) -> None:
    hub.stop()


FAILURES = {  # case -> (how to break the hub, the dataset that fails, the message it gives)
    "http_500": (
        _http_500,
        "eg0001",
        r"eg0001: HTTP 500 from http://127\.0\.0\.1:\d+/\S+/eg0001/exports/json"
        r" \(error_code: InternalServerError: Unexpected failure\)",
    ),
    "timeout": (_slow_export, "mab001", rf"mab001: timed out after {SHORT_TIMEOUT} s"),
    "truncated": (_truncated, "whc001", r"whc001: export JSON truncated at byte 1000$"),
    "truncated_mid_char": (_truncated_mid_char, "whc001", r"whc001: export JSON truncated at byte \d+$"),
    "dropped": (_dropped_connection, "whc001", r"whc001: connection dropped after \d+ of \d+ bytes"),
    "renamed_field": (_renamed_field, "eg0001", r"eg0001: field 'title_en' missing \(renamed\?\)"),
    "count_mismatch": (_count_mismatch, "mab001", r"mab001: 3 records but metadata says 797"),
    "offline": (_offline, "whc001", r"whc001: cannot reach http://127\.0\.0\.1:\d+/\S+/whc001: .*refused"),
}


@pytest.mark.parametrize("case", list(FAILURES))
def test_a_failure_stores_nothing_and_says_why(case: str, hub: FakeDataHub, raw_dir: Path) -> None:
    break_it, failing, message = FAILURES[case]
    break_it(hub)
    before = snapshot(raw_dir)

    result = download.refresh(base_url=hub.base_url, raw_dir=raw_dir, timeout=SHORT_TIMEOUT)

    assert not result.ok
    assert len(result.errors) == 1
    assert re.match(message, result.errors[0]), result.errors[0]
    statuses = {d.dataset: d.status for d in result.datasets}
    order = list(download.DATASETS)
    assert statuses[failing] == "failed"
    assert all(statuses[d] == "valid, not stored" for d in order[: order.index(failing)])
    assert all(statuses[d] == "skipped" for d in order[order.index(failing) + 1 :])
    assert all(d.path is None for d in result.datasets)
    assert snapshot(raw_dir) == before, "earlier downloads must stay byte for byte, with no temp files"


def test_a_failed_write_leaves_no_temp_files(hub: FakeDataHub, raw_dir: Path, monkeypatch) -> None:
    real_write, calls = download.write_temp, []

    def write_then_fail(folder: Path, data: bytes, prefix: str) -> Path:
        calls.append(folder)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        return real_write(folder, data, prefix)

    monkeypatch.setattr(download, "write_temp", write_then_fail)
    before = snapshot(raw_dir)
    result = download.refresh(base_url=hub.base_url, raw_dir=raw_dir, timeout=5)

    assert not result.ok and "No space left on device" in result.errors[0]
    assert {d.status for d in result.datasets} == {"valid, not stored"}
    assert snapshot(raw_dir) == before


# --- validation details ----------------------------------------------------------------------


def _whc_records() -> list[dict]:
    return json.loads((FIXTURES / "whc001.json").read_text())


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda rs: {"results": rs}, r"export is a JSON dict, not a list of records"),
        (lambda rs: rs + [rs[0]], r"1 duplicate id_no values, e.g. '208'"),
        (
            lambda rs: [r | {"danger": "yes"} if r["id_no"] == "148" else r for r in rs],
            r"1 bad values; first: id_no '148', field 'danger' is 'yes', expected 'True' or 'False'",
        ),
        (
            lambda rs: [r | {"coordinates": {"lat": 34.8}} if r["id_no"] == "208" else r for r in rs],
            r"1 bad values; first: id_no '208', field 'coordinates'",
        ),
    ],
)
def test_validation_names_the_problem(edit, message: str) -> None:
    records = edit(_whc_records())
    count = len(records) if isinstance(records, list) else 4
    with pytest.raises(download.ValidationError, match=f"^whc001: {message}"):
        download.validate_records("whc001", records, count)


def test_metadata_without_a_record_count_is_an_error(hub: FakeDataHub, raw_dir: Path) -> None:
    hub.edit_json(hub.metadata_path("whc001"), lambda m: {"metas": {"default": {"title": "WHL"}}})
    result = download.refresh(base_url=hub.base_url, raw_dir=raw_dir, timeout=5)
    assert result.errors == ["whc001: metadata has no usable metas.default.records_count (None)"]


def test_base_url_comes_from_argument_then_environment(monkeypatch) -> None:
    monkeypatch.delenv(download.BASE_URL_ENV, raising=False)
    assert download.resolve_base_url() == download.DEFAULT_BASE_URL
    monkeypatch.setenv(download.BASE_URL_ENV, "http://127.0.0.1:9/api/")
    assert download.resolve_base_url() == "http://127.0.0.1:9/api"
    assert download.resolve_base_url("http://127.0.0.1:8/x") == "http://127.0.0.1:8/x"
    with pytest.raises(ValueError):
        download.resolve_base_url("file:///etc")


# --- loaders ---------------------------------------------------------------------------------


def test_latest_download_wants_a_complete_pair(tmp_path: Path) -> None:
    folder = tmp_path / "datahub" / "mab001"
    folder.mkdir(parents=True)
    for name in ("2024-05-01.json", "2024-05-01.meta.json", "2025-01-01.json", ".datahub-x.tmp"):
        (folder / name).write_text("[]")
    assert latest_download("mab001", tmp_path) == folder / "2024-05-01.json"
    assert latest_download("eg0001", tmp_path) is None


def test_loader_rejects_records_it_cannot_use(tmp_path: Path) -> None:
    records = json.loads((FIXTURES / "eg0001.json").read_text())
    good = records[1]
    records += [
        good,  # same ugg_id again
        good | {"ugg_id": "XX01", "title_en": "<b></b>"},  # no name left after stripping tags
        good | {"ugg_id": "XX02", "countries": ["ZZ"]},  # unknown country code
        good | {"ugg_id": "XX03", "transnational": "yes"},  # not a Data Hub boolean
        "not a record",
    ]
    path = tmp_path / "2026-09-17.json"
    path.write_text(json.dumps(records))

    result = load_uggp(path)

    assert list(result.rows["site_id"]) == ["uggp:EUA101", "uggp:ASCN01", "uggp:EUFR10"]
    assert list(result.rejects["reason"]) == [
        "duplicate ugg_id 'ASCN01'",
        "no name",
        "unknown country code(s) ZZ",
        "boolean 'yes' is not 'True' or 'False'",
        "record is not a JSON object",
    ]
    assert len(result.rows) + len(result.rejects) == result.rows_in == 8
    assert set(result.rows["source_date"]) == {"2026-09-17"}


# --- a refresh that cannot gut the atlas (#17) -----------------------------------------------


def _hub_answers(hub: FakeDataHub, dataset: str, records: list, count: int | None = None) -> None:
    """The hub serves ``records`` for ``dataset`` and a metadata count that agrees (or ``count``)."""
    hub.replies[hub.export_path(dataset)] = Reply(json.dumps(records).encode())

    def recount(metadata: dict) -> dict:
        metadata["metas"]["default"]["records_count"] = len(records) if count is None else count
        return metadata

    hub.edit_json(hub.metadata_path(dataset), recount)


def _reference(tmp_path: Path, **totals: int) -> Path:
    folder = tmp_path / "reference"
    folder.mkdir(exist_ok=True)
    lines = ["designation,total,countries,in_danger,source,as_of,note"]
    lines += [f"{kind},{total},,,test,2026-11," for kind, total in totals.items()]
    (folder / "official_totals.csv").write_text("\n".join(lines) + "\n")
    return folder


def test_an_empty_export_that_agrees_with_its_count_is_refused(hub: FakeDataHub, raw_dir: Path) -> None:
    _hub_answers(hub, "mab001", [])
    before = snapshot(raw_dir)
    for accept in (False, True):  # not even with --accept-shrink
        result = download.refresh(base_url=hub.base_url, raw_dir=raw_dir, timeout=5, accept_shrink=accept)
        assert not result.ok
        assert result.errors == ["mab001: the Data Hub reports 0 records: refusing an empty list"]
        assert snapshot(raw_dir) == before


def test_a_kind_cannot_shrink_below_the_reference_without_accept_shrink(
    hub: FakeDataHub, raw_dir: Path, tmp_path: Path
) -> None:
    reference = _reference(tmp_path, biosphere_reserve=797)  # the fixture has 3 reserves
    before = snapshot(raw_dir)
    result = download.refresh(base_url=hub.base_url, raw_dir=raw_dir, timeout=5, reference_dir=reference)
    assert not result.ok
    assert re.fullmatch(r"mab001: 3 records, below the floor of 758: .*--accept-shrink.*", result.errors[0])
    assert snapshot(raw_dir) == before

    accepted = download.refresh(
        base_url=hub.base_url, raw_dir=raw_dir, timeout=5, reference_dir=reference, accept_shrink=True
    )
    assert accepted.ok


def test_the_floor_follows_the_previous_download(hub: FakeDataHub, raw_dir: Path, tmp_path: Path) -> None:
    meta = raw_dir / "datahub" / "eg0001" / "2020-01-01.meta.json"
    meta.write_text(json.dumps({"data_date": "2019-12-31", "records": 240}))
    assert download.floors(raw_dir, tmp_path / "none")["eg0001"] == 228
    result = download.refresh(base_url=hub.base_url, raw_dir=raw_dir, timeout=5, reference_dir=tmp_path / "none")
    assert not result.ok and result.errors[0].startswith("eg0001: 3 records, below the floor of 228")


def test_a_download_over_the_size_cap_is_cut_off(hub: FakeDataHub, raw_dir: Path) -> None:
    result = download.refresh(base_url=hub.base_url, raw_dir=raw_dir, timeout=5, max_bytes=300)
    assert not result.ok
    assert re.fullmatch(
        r"whc001: http://\S+ (announces [\d,]+ bytes, over|sent over) the 300-byte limit", result.errors[0]
    ), result.errors[0]


def test_a_size_cap_holds_without_a_content_length(hub: FakeDataHub, raw_dir: Path, monkeypatch) -> None:
    real = download._read_body
    monkeypatch.setattr(
        download, "_read_body", lambda d, u, response, limits, started: real(d, u, _NoLength(response), limits, started)
    )
    result = download.refresh(base_url=hub.base_url, raw_dir=raw_dir, timeout=5, max_bytes=300)
    assert re.fullmatch(r"whc001: http://\S+ sent over the 300-byte limit", result.errors[0]), result.errors


class _NoLength:
    """A response that hides its Content-Length (as a chunked answer would)."""

    def __init__(self, response) -> None:
        self._response, self.headers, self.length = response, {}, None

    def read1(self, size: int) -> bytes:
        return self._response.read1(size)


def test_a_stalling_download_stops_at_the_deadline(hub: FakeDataHub, raw_dir: Path) -> None:
    hub.replies[hub.export_path("whc001")] = Reply(hub.replies[hub.export_path("whc001")].body, drip=0.05)
    started = time.monotonic()
    result = download.refresh(base_url=hub.base_url, raw_dir=raw_dir, timeout=1, deadline=0.5)
    assert time.monotonic() - started < 5, "each byte came within the timeout; only the deadline stops it"
    assert re.fullmatch(r"whc001: http://\S+ took over 0.5 s in all \([\d,]+ bytes so far\)", result.errors[0]), (
        result.errors
    )


def test_a_redirect_off_http_is_not_followed(hub: FakeDataHub, raw_dir: Path) -> None:
    hub.replies[hub.metadata_path("whc001")] = Reply(b"", status=302, location="ftp://127.0.0.1/whc001")
    result = download.refresh(base_url=hub.base_url, raw_dir=raw_dir, timeout=5)
    assert re.fullmatch(
        r"whc001: cannot reach http://\S+: redirected to a ftp: address, not http\(s\)", result.errors[0]
    ), result.errors


def test_deeply_nested_json_is_a_validation_error(hub: FakeDataHub, raw_dir: Path) -> None:
    hub.replies[hub.export_path("whc001")] = Reply(b"[" * 200_000 + b"]" * 200_000)
    result = download.refresh(base_url=hub.base_url, raw_dir=raw_dir, timeout=5)
    assert result.errors == ["whc001: export JSON is nested too deeply to be a Data Hub answer"]


def test_a_hub_error_text_is_trimmed_and_stripped_of_control_characters(hub: FakeDataHub, raw_dir: Path) -> None:
    for size, detail in ((10_000, True), (100_000, False)):  # a 100 kB body is not even parsed
        message = "\x1b[31mred\x1b[0m\r\n" + "x" * size
        body = json.dumps({"error_code": "Bad\x07Code", "message": message}).encode()
        hub.replies[hub.metadata_path("whc001")] = Reply(body, status=500)
        error = download.refresh(base_url=hub.base_url, raw_dir=raw_dir, timeout=5).errors[0]
        assert len(error) < 400
        assert not re.search(r"[\x00-\x1f\x7f]", error)
        assert ("(error_code: Bad Code: [31mred [0m xxx" in error and error.endswith("…)")) == detail, error


def test_the_command_line_says_one_line_for_a_bad_address(capsys) -> None:
    from geo.__main__ import main

    assert main(["refresh", "--url", "ftp://127.0.0.1/api"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("Refresh failed: Data Hub base URL must be http(s)")


def test_the_command_line_refuses_an_empty_hub_and_keeps_the_data(
    hub: FakeDataHub, tmp_path: Path, monkeypatch, capsys
) -> None:
    from geo.__main__ import main

    monkeypatch.setenv("UNESCO_ATLAS_DATA", str(tmp_path / "data"))
    (tmp_path / "data" / "raw").mkdir(parents=True)
    _hub_answers(hub, "whc001", [])
    assert main(["refresh", "--url", hub.base_url, "--timeout", "5"]) == 1
    captured = capsys.readouterr()
    assert "whc001: FAILED: the Data Hub reports 0 records" in captured.out
    assert "nothing was replaced" in captured.err and "Traceback" not in captured.err
    assert not (tmp_path / "data" / "raw" / "datahub").exists()
