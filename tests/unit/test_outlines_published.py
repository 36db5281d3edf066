"""The app publishes the maps' code and country outlines as static files, or its maps carry them."""

from app_pages.shared import data
from geo.store import load_atlas


def test_map_files_are_published_or_the_maps_carry_them(tmp_path, monkeypatch):
    countries = load_atlas().countries
    monkeypatch.setattr(data, "STATIC_DIR", tmp_path / "generated")
    assert data._publish_map_files(countries) == data.STATIC_URL
    assert len(list((tmp_path / "generated").glob("*"))) == 4
    blocker = tmp_path / "read-only"
    blocker.write_text("a file where the folder would go")
    monkeypatch.setattr(data, "STATIC_DIR", blocker / "generated")  # mkdir fails: an OSError
    assert data._publish_map_files(countries) is None


def test_site_details_are_published_or_the_maps_carry_them(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "STATIC_DIR", tmp_path / "generated")
    data.site_details_job.clear()
    try:
        details = data.site_details("en")
        assert details is not None and details.prefix.startswith(data.STATIC_URL + "sites-")
        assert len(details.refs) == len(data.loaded().atlas.designations)
        assert len(list((tmp_path / "generated").glob("sites-*.json"))) == -(-len(details.refs) // details.per_file)
        blocker = tmp_path / "read-only"
        blocker.write_text("a file where the folder would go")
        monkeypatch.setattr(data, "STATIC_DIR", blocker / "generated")  # mkdir fails: an OSError
        assert data.site_details("fr") is None
    finally:
        data.site_details_job.clear()
