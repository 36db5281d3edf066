"""UNESCO Data Hub refresh: download whc001, mab001 and eg0001, validate strictly, store atomically.

:func:`refresh` is the one entry point. It fetches each dataset's metadata and JSON export,
checks them, and only when every dataset passes writes them to
``<raw_dir>/datahub/<dataset>/<YYYY-MM-DD>.json`` (the UTC date of the download) with a
``<YYYY-MM-DD>.meta.json`` beside it. A failure stores nothing, so earlier downloads stay as they
were. Standard library only; nothing is printed.

A download is refused, and nothing stored, when it is empty, shrinks a kind below its floor (a
share of the previous download's count and of the bundled reference total, unless
``accept_shrink``), is larger than ``max_bytes``, takes longer than ``deadline`` seconds, or is
redirected off http(s). Every failure is one readable line.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.client import HTTPException, IncompleteRead
from pathlib import Path
from typing import Any

from geo import paths
from geo.files import write_temp

DEFAULT_BASE_URL = "https://data.unesco.org/api/explore/v2.1/catalog/datasets"
BASE_URL_ENV = "UNESCO_DATAHUB_URL"
DATASETS = ("whc001", "mab001", "eg0001")
DEFAULT_TIMEOUT = 120.0  # seconds per network operation; a full export can take tens of seconds
DEFAULT_DEADLINE = 600.0  # seconds for one whole download, however slowly the bytes arrive
DEFAULT_MAX_BYTES = 200 * 1024 * 1024  # the largest export accepted (whc001, the biggest, is ~10 MB)
DEFAULT_MAX_SHRINK = 0.05  # a kind may lose at most this share of its floor without accept_shrink
# The kind each dataset holds, as named in data/reference/official_totals.csv.
KIND_OF = {"whc001": "world_heritage", "mab001": "biosphere_reserve", "eg0001": "global_geopark"}
_ERROR_TEXT_LIMIT = 200  # characters of a hub error message worth showing
_ERROR_BODY_LIMIT = 64 * 1024  # bytes of an error body worth reading
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]+")
VERSION = "0.1"
USER_AGENT = f"UNESCO-Sites-Atlas/{VERSION} (+https://github.com/unesco-sites-atlas/unesco-sites-atlas)"
TEMP_PREFIX = ".datahub-"  # downloads being stored (hidden, and not a dated file the loaders pick)


class RefreshError(Exception):
    """A dataset could not be downloaded or failed validation; ``str()`` is the human message."""

    def __init__(self, dataset: str, message: str):
        super().__init__(f"{dataset}: {message}")
        self.dataset = dataset


class DownloadError(RefreshError):
    """Network trouble: HTTP error status, timeout, refused or dropped connection."""


class ValidationError(RefreshError):
    """The answer arrived but is not what the documented format promises."""


# --- value formats ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Format:
    """A value check and how to describe what it expects."""

    expected: str
    ok: Callable[[Any], bool]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_point(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and _is_number(value.get("lon"))
        and _is_number(value.get("lat"))
        and -180 <= value["lon"] <= 180
        and -90 <= value["lat"] <= 90
    )


def _matches(pattern: str) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, str) and re.fullmatch(pattern, v) is not None


ID = Format("a non-empty string", lambda v: isinstance(v, str) and v.strip() != "")
DIGITS = Format("a string of digits", _matches(r"[1-9]\d*"))
BOOL = Format("'True' or 'False'", lambda v: v in ("True", "False"))
TEXT = Format("a string or null", lambda v: v is None or isinstance(v, str))
YEAR = Format("a 4-digit year", lambda v: _matches(r"\d{4}")(str(v)) and not isinstance(v, bool))
DATE = Format("YYYY-MM-DD or null", lambda v: v is None or _matches(r"\d{4}-\d{2}-\d{2}")(v))
NUMBER = Format("a number or null", lambda v: v is None or _is_number(v))
POINT = Format('{"lon": x, "lat": y} in range, or null', lambda v: v is None or _is_point(v))
STRINGS = Format("a list of strings", lambda v: isinstance(v, list) and all(isinstance(s, str) for s in v))


@dataclass(frozen=True)
class Spec:
    """What a dataset's export must hold: its id field and the fields the loaders read."""

    id_field: str
    fields: dict[str, Format]


SPECS: dict[str, Spec] = {
    "whc001": Spec(
        "id_no",
        {
            "id_no": DIGITS,
            "name_en": TEXT,
            "name_fr": TEXT,
            "name_es": TEXT,
            "name_ru": TEXT,
            "name_ar": TEXT,
            "name_zh": TEXT,
            "short_description_en": TEXT,
            "category": TEXT,
            "criteria_txt": TEXT,
            "iso_codes": TEXT,
            "region": TEXT,
            "transboundary": BOOL,
            "date_inscribed": YEAR,
            "danger": BOOL,
            "area_hectares": NUMBER,
            "coordinates": POINT,
        },
    ),
    "mab001": Spec(
        "mab_id",
        {
            "mab_id": ID,
            "title_en": TEXT,
            "iso2": TEXT,
            "date": DATE,
            "introduction_en": TEXT,
            "area_total": NUMBER,
            "coordinates": POINT,
            "tbr": BOOL,
            "url": TEXT,
            "regional_group": TEXT,
        },
    ),
    "eg0001": Spec(
        "ugg_id",
        {
            "ugg_id": ID,
            "title_en": TEXT,
            "countries": STRINGS,
            "transnational": BOOL,
            "date": DATE,
            "introduction_en": TEXT,
            "area_unit": TEXT,
            "area_total": NUMBER,
            "coordinates": POINT,
            "url": TEXT,
        },
    ),
}


# --- results ---------------------------------------------------------------------------------


@dataclass
class DatasetResult:
    """How one dataset fared. ``path`` is set only once the download is stored."""

    dataset: str
    status: str  # "stored", "failed", "valid, not stored" or "skipped"
    reason: str | None = None
    records: int | None = None
    data_date: str | None = None  # YYYY-MM-DD of the metadata's data_processed
    path: Path | None = None


@dataclass
class RefreshResult:
    """The outcome of :func:`refresh`: ``ok`` iff every dataset was downloaded, validated and stored."""

    datasets: list[DatasetResult] = field(default_factory=list)
    store_error: str | None = None  # every dataset was valid but writing them failed

    @property
    def ok(self) -> bool:
        return all(d.status == "stored" for d in self.datasets)

    @property
    def errors(self) -> list[str]:
        reasons = [d.reason for d in self.datasets if d.reason]
        return reasons + [self.store_error] if self.store_error else reasons

    def summary(self) -> str:
        """One line per dataset (and one for a failed write), ready to print."""
        lines = [_summary_line(d) for d in self.datasets]
        return "\n".join(lines + [f"nothing stored: {self.store_error}"] if self.store_error else lines)


def _summary_line(d: DatasetResult) -> str:
    if d.status == "failed":
        return f"{d.dataset}: FAILED: {(d.reason or '').removeprefix(f'{d.dataset}: ')}"
    line = f"{d.dataset}: {d.status}"
    if d.records is not None:
        line += f", {d.records} records, data of {d.data_date}"
    if d.path is not None:
        line += f" -> {d.path}"
    return line


@dataclass
class Download:
    """One dataset fetched and validated, not yet written."""

    dataset: str
    url: str
    metadata_url: str
    body: bytes
    metadata: dict
    records: int
    data_date: str
    retrieved_at: datetime


# --- network ---------------------------------------------------------------------------------


def resolve_base_url(override: str | None = None) -> str:
    """The API base: ``override``, else ``$UNESCO_DATAHUB_URL``, else the public Data Hub."""
    url = (override or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"Data Hub base URL must be http(s): {url!r}")
    return url


@dataclass(frozen=True)
class Limits:
    """How long and how much one download may take."""

    timeout: float = DEFAULT_TIMEOUT  # seconds for each network operation
    deadline: float = DEFAULT_DEADLINE  # seconds for the whole download
    max_bytes: int = DEFAULT_MAX_BYTES  # largest body accepted


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) addresses (urllib would also follow one to ftp://)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            raise urllib.error.URLError(f"redirected to a {scheme or 'relative'}: address, not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)


def _get(dataset: str, url: str, limits: Limits) -> bytes:
    """GET ``url`` and return the body, or raise :class:`DownloadError` with a readable reason."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    started = time.monotonic()
    try:
        with _OPENER.open(request, timeout=limits.timeout) as response:
            return _read_body(dataset, url, response, limits, started)
    except urllib.error.HTTPError as err:
        raise DownloadError(dataset, f"HTTP {err.code} from {url}{_error_detail(err)}") from err
    except TimeoutError as err:
        raise DownloadError(dataset, f"timed out after {limits.timeout:g} s waiting for {url}") from err
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            raise DownloadError(dataset, f"timed out after {limits.timeout:g} s connecting to {url}") from err
        raise DownloadError(dataset, f"cannot reach {url}: {clean_text(str(err.reason))}") from err
    except IncompleteRead as err:
        got, total = len(err.partial), len(err.partial) + (err.expected or 0)
        raise DownloadError(dataset, f"connection dropped after {got} of {total} bytes from {url}") from err
    except (HTTPException, OSError, ValueError) as err:
        raise DownloadError(dataset, f"download from {url} failed: {clean_text(str(err))}") from err


def _read_body(dataset: str, url: str, response, limits: Limits, started: float) -> bytes:
    """The body, read piece by piece so that neither its size nor its pace can run away."""
    announced = response.headers.get("Content-Length")
    if announced and announced.isdigit() and int(announced) > limits.max_bytes:
        raise DownloadError(
            dataset, f"{url} announces {int(announced):,} bytes, over the {limits.max_bytes:,}-byte limit"
        )
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() - started > limits.deadline:
            raise DownloadError(dataset, f"{url} took over {limits.deadline:g} s in all ({size:,} bytes so far)")
        chunk = response.read1(64 * 1024)  # returns what one receive brings, not a full 64 kB
        if not chunk:
            missing = getattr(response, "length", None)  # bytes announced but never sent
            if missing:
                raise DownloadError(dataset, f"connection dropped after {size} of {size + missing} bytes from {url}")
            return b"".join(chunks)
        size += len(chunk)
        if size > limits.max_bytes:
            raise DownloadError(dataset, f"{url} sent over the {limits.max_bytes:,}-byte limit")
        chunks.append(chunk)


def clean_text(text: str, limit: int = _ERROR_TEXT_LIMIT) -> str:
    """Text from the network made safe to print: control characters out, at most ``limit`` chars."""
    text = _CONTROL.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _error_detail(err: urllib.error.HTTPError) -> str:
    """`` (error_code: X: message)`` from the Data Hub's JSON error body, when there is one."""
    try:
        body = json.loads(err.read(_ERROR_BODY_LIMIT))
    except (ValueError, OSError, RecursionError):
        return ""
    if not isinstance(body, dict) or "error_code" not in body:
        return ""
    code, message = clean_text(str(body["error_code"]), 60), body.get("message")
    return f" (error_code: {code}{f': {clean_text(str(message))}' if message else ''})"


# --- validation ------------------------------------------------------------------------------


def _parse_json(dataset: str, what: str, body: bytes) -> Any:
    """Decode UTF-8 JSON, naming the byte where a truncated or broken document stops making sense."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data":
            raise ValidationError(dataset, f"{what} JSON truncated at byte {len(body)}") from err
        raise ValidationError(dataset, f"{what} is not UTF-8 (byte {err.start})") from err
    try:
        return json.loads(text)
    except RecursionError as err:
        raise ValidationError(dataset, f"{what} JSON is nested too deeply to be a Data Hub answer") from err
    except json.JSONDecodeError as err:
        at = len(text[: err.pos].encode("utf-8"))
        if err.pos >= len(text.rstrip()) or err.msg.startswith("Unterminated string"):
            raise ValidationError(dataset, f"{what} JSON truncated at byte {len(body)}") from err
        raise ValidationError(dataset, f"{what} is not valid JSON at byte {at}: {err.msg}") from err


def _read_metadata(dataset: str, metadata: Any) -> tuple[int, str]:
    """The metadata's ``records_count`` and data date (YYYY-MM-DD of ``data_processed``)."""
    metas = metadata.get("metas") if isinstance(metadata, dict) else None
    default = metas.get("default") if isinstance(metas, dict) else None
    default = default if isinstance(default, dict) else {}
    count, processed = default.get("records_count"), default.get("data_processed")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ValidationError(dataset, f"metadata has no usable metas.default.records_count ({count!r})")
    try:
        data_date = datetime.fromisoformat(str(processed)).date().isoformat()
    except ValueError as err:
        raise ValidationError(dataset, f"metadata has no usable metas.default.data_processed ({processed!r})") from err
    return count, data_date


def validate_records(dataset: str, records: Any, records_count: int) -> None:
    """Raise :class:`ValidationError` unless ``records`` is the export the spec and metadata describe."""
    if not isinstance(records, list):
        raise ValidationError(dataset, f"export is a JSON {type(records).__name__}, not a list of records")
    not_objects = [i for i, r in enumerate(records) if not isinstance(r, dict)]
    if not_objects:
        raise ValidationError(
            dataset, f"{len(not_objects)} records are not JSON objects (first at index {not_objects[0]})"
        )
    spec = SPECS[dataset]
    _check_fields(dataset, records, spec)
    if len(records) != records_count:
        raise ValidationError(dataset, f"{len(records)} records but metadata says {records_count}")
    _check_values(dataset, records, spec)
    _check_ids(dataset, [r[spec.id_field].strip() for r in records], spec.id_field)


def _check_fields(dataset: str, records: list[dict], spec: Spec) -> None:
    for name in spec.fields:
        lacking = sum(name not in r for r in records)
        if lacking and lacking == len(records):
            raise ValidationError(dataset, f"field '{name}' missing (renamed?)")
        if lacking:
            raise ValidationError(dataset, f"field '{name}' missing in {lacking} of {len(records)} records")


def _check_ids(dataset: str, ids: list[Any], id_field: str) -> None:
    seen, dupes = set(), []
    for value in ids:
        if value in seen:
            dupes.append(value)
        seen.add(value)
    if dupes:
        raise ValidationError(dataset, f"{len(dupes)} duplicate {id_field} values, e.g. {dupes[0]!r}")


def _check_values(dataset: str, records: list[dict], spec: Spec) -> None:
    bad = [
        (r[spec.id_field], name, r[name], fmt.expected)
        for r in records
        for name, fmt in spec.fields.items()
        if not fmt.ok(r[name])
    ]
    if bad:
        record_id, name, value, expected = bad[0]
        raise ValidationError(
            dataset,
            f"{len(bad)} bad values; first: {spec.id_field} {record_id!r}, "
            f"field '{name}' is {value!r}, expected {expected}",
        )


# --- download and store ----------------------------------------------------------------------


def fetch(dataset: str, base: str, limits: Limits, floor: int = 0) -> Download:
    """Download one dataset's metadata and JSON export and validate both (``floor``: the
    fewest records accepted)."""
    metadata_url, url = f"{base}/{dataset}", f"{base}/{dataset}/exports/json"
    metadata = _parse_json(dataset, "metadata", _get(dataset, metadata_url, limits))
    records_count, data_date = _read_metadata(dataset, metadata)
    _check_floor(dataset, records_count, floor)
    retrieved_at = datetime.now(UTC)
    body = _get(dataset, url, limits)
    validate_records(dataset, _parse_json(dataset, "export", body), records_count)
    return Download(dataset, url, metadata_url, body, metadata, records_count, data_date, retrieved_at)


# --- floors: a refresh never guts a kind -----------------------------------------------------


def _check_floor(dataset: str, records: int, floor: int) -> None:
    if records == 0:
        raise ValidationError(dataset, "the Data Hub reports 0 records: refusing an empty list")
    if records < floor:
        raise ValidationError(
            dataset,
            f"{records} records, below the floor of {floor}: the list would "
            "shrink too much (use --accept-shrink if this is real)",
        )


def floors(raw_dir: Path, reference_dir: Path | None = None, max_shrink: float = DEFAULT_MAX_SHRINK) -> dict[str, int]:
    """The fewest records each dataset may have: ``1 - max_shrink`` of the larger of the newest
    stored download's count and the reference total (``official_totals.csv``)."""
    reference = reference_floors(
        reference_dir if reference_dir is not None else raw_dir.parent / "reference", max_shrink
    )
    return {
        dataset: max(reference[dataset], math.ceil(_stored_count(raw_dir, dataset) * (1 - max_shrink)))
        for dataset in KIND_OF
    }


def reference_floors(reference_dir: Path, max_shrink: float = DEFAULT_MAX_SHRINK) -> dict[str, int]:
    """``1 - max_shrink`` of each dataset's reference total (0 where none is known)."""
    totals = _reference_totals(reference_dir)
    return {dataset: math.ceil(totals.get(kind, 0) * (1 - max_shrink)) for dataset, kind in KIND_OF.items()}


def _reference_totals(reference_dir: Path) -> dict[str, int]:
    """Official totals per kind from ``official_totals.csv`` (kinds without a total left out)."""
    try:
        with open(reference_dir / "official_totals.csv", newline="", encoding="utf-8") as handle:
            return {
                row["designation"]: int(row["total"])
                for row in csv.DictReader(handle)
                if (row.get("total") or "").isdigit()
            }
    except (OSError, KeyError, csv.Error):
        return {}


def _stored_count(raw_dir: Path, dataset: str) -> int:
    """The record count of the newest stored download of ``dataset`` (0 if none is readable)."""
    metas = sorted((raw_dir / "datahub" / dataset).glob("*.meta.json"), reverse=True)
    for meta in metas:
        try:
            records = json.loads(meta.read_text(encoding="utf-8")).get("records")
        except (OSError, ValueError, RecursionError, AttributeError):
            continue
        if isinstance(records, int) and not isinstance(records, bool):
            return records
    return 0


def _meta_document(download: Download) -> dict:
    return {
        "dataset": download.dataset,
        "url": download.url,
        "metadata_url": download.metadata_url,
        "retrieved_at": download.retrieved_at.isoformat(timespec="seconds"),
        "sha256": hashlib.sha256(download.body).hexdigest(),
        "bytes": len(download.body),
        "records": download.records,
        "data_date": download.data_date,
        "metadata": download.metadata,
    }


def store(downloads: list[Download], raw_dir: Path) -> dict[str, Path]:
    """Write every download to a temp file beside its target, then move them all into place.

    If any write fails, the temp files are removed, no target is touched and the error is
    raised. Only then do the renames (``os.replace``, same folder) run. A download of the same
    day replaces that day's files; other days' files are never touched. Returns the stored data
    file per dataset.
    """
    staged: list[tuple[Path, Path]] = []  # (temp file, target)
    stored: dict[str, Path] = {}
    try:
        for download in downloads:
            folder = raw_dir / "datahub" / download.dataset
            folder.mkdir(parents=True, exist_ok=True)
            day = download.retrieved_at.date().isoformat()
            meta = json.dumps(_meta_document(download), ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
            stored[download.dataset] = folder / f"{day}.json"
            staged.append((write_temp(folder, download.body, TEMP_PREFIX), stored[download.dataset]))
            staged.append((write_temp(folder, meta, TEMP_PREFIX), folder / f"{day}.meta.json"))
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise
    for temp, target in staged:
        os.replace(temp, target)
    return stored


def refresh(
    base_url: str | None = None,
    raw_dir: Path | str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    datasets: tuple[str, ...] = DATASETS,
    *,
    deadline: float = DEFAULT_DEADLINE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    accept_shrink: bool = False,
    max_shrink: float = DEFAULT_MAX_SHRINK,
    reference_dir: Path | str | None = None,
) -> RefreshResult:
    """Download, validate and store ``datasets``; all of them or none.

    The first failing dataset stops the refresh (the rest are ``skipped``); datasets fetched
    before it are reported ``valid, not stored``. A dataset below its floor (:func:`floors`)
    fails unless ``accept_shrink``; an empty one always fails. Prints nothing.
    """
    unknown = [d for d in datasets if d not in SPECS]
    if unknown:
        raise ValueError(f"unknown Data Hub datasets: {unknown} (known: {list(SPECS)})")
    base = resolve_base_url(base_url)
    target = Path(raw_dir) if raw_dir is not None else paths.raw_dir()
    limits = Limits(timeout=timeout, deadline=deadline, max_bytes=max_bytes)
    minimum = {} if accept_shrink else floors(target, Path(reference_dir) if reference_dir else None, max_shrink)
    results = {d: DatasetResult(d, "skipped") for d in datasets}
    downloads = []
    for dataset in datasets:  # in order, until one fails
        try:
            download = fetch(dataset, base, limits, minimum.get(dataset, 0))
        except RefreshError as err:
            results[dataset].status, results[dataset].reason = "failed", str(err)
            break
        downloads.append(download)
        results[dataset].status = "valid, not stored"
        results[dataset].records, results[dataset].data_date = download.records, download.data_date
    outcome = RefreshResult(list(results.values()))
    if len(downloads) == len(datasets):
        try:
            for dataset, path in store(downloads, target).items():
                results[dataset].status, results[dataset].path = "stored", path
        except OSError as err:
            outcome.store_error = f"could not write under {target}: {err}"
    return outcome
