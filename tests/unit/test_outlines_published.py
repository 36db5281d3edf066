"""The app publishes the country outlines as static files, or its maps carry them inline."""
from app_pages import common
from geo.store import load_atlas


def test_outlines_are_published_or_the_maps_carry_them(tmp_path, monkeypatch):
    countries = load_atlas().countries
    monkeypatch.setattr(common, "OUTLINES_DIR", tmp_path / "generated")
    assert common._publish_outlines(countries) == common.OUTLINES_URL
    assert len(list((tmp_path / "generated").glob("outlines-*.json"))) == 2
    blocker = tmp_path / "read-only"
    blocker.write_text("a file where the folder would go")
    monkeypatch.setattr(common, "OUTLINES_DIR", blocker / "generated")  # mkdir fails: an OSError
    assert common._publish_outlines(countries) is None
