"""The translation catalogues (locale/): complete, current, and safe to format."""

from __future__ import annotations

import re

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from geo import i18n

TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.SOURCE_LANGUAGE]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _catalogue(lang: str):
    with open(i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po", "rb") as handle:
        return read_po(handle, locale=lang)


def _template():
    with open(i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot", "rb") as handle:
        return read_po(handle)


def _ids(catalogue) -> set:
    return {m.id for m in catalogue if m.id}


def test_template_holds_every_text_of_labels():
    from babel.messages.extract import extract_from_file

    extracted = {
        message
        for _line, message, _comments, _context in extract_from_file(
            "python", "geo/labels.py", keywords={"N_": None, "P_": (1, 2)}
        )
    }
    assert extracted == _ids(_template()), "run `make i18n` to extract the texts again"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogue_is_complete_and_current(lang):
    catalogue = _catalogue(lang)
    assert _ids(catalogue) == _ids(_template()), f"run `make i18n` to update locale/{lang}"
    untranslated = [
        m.id for m in catalogue if m.id and not all(m.string if isinstance(m.string, tuple) else (m.string,))
    ]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_and_plural_forms_kept(lang):
    catalogue = _catalogue(lang)
    forms = Locale.parse(lang).plural_form
    assert catalogue.num_plurals == len({forms(n) for n in range(200)}) or lang == "es"
    for message in catalogue:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.pluralizable:
            assert len(strings) == catalogue.num_plurals, message.id
        wanted = sorted(set(PLACEHOLDER.findall(sources[-1])))
        for text in strings:
            found = sorted(set(PLACEHOLDER.findall(text)))
            # a form for exactly one (Arabic's 1 and 2, a single form) may leave out {n}
            assert found == wanted or found == [p for p in wanted if not p.startswith("{n")], (lang, message.id, text)
            assert text.count("**") % 2 == 0 and text.count("<br>") == sources[-1].count("<br>"), (lang, message.id)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_text_formats(lang):
    """Every translated text takes the values its English source takes (numbers for each field)."""
    from geo import labels

    with i18n.using(lang):
        for name in labels._SOURCES:
            value = getattr(labels, name)
            texts = value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else [value]
            for text in texts:
                forms = [text(n) for n in (0, 1, 2, 3, 5, 11, 21, 101)] if isinstance(text, i18n.Plural) else [text]
                for form in forms:
                    if isinstance(form, i18n.Text):
                        fields = {p[1:-1].split(":")[0] for p in PLACEHOLDER.findall(form)}
                        assert form.format(**dict.fromkeys(fields, 1234.5)), (lang, name)


def test_every_source_says_what_it_is_used_for_in_every_language():
    import csv

    from geo import labels
    from geo.paths import reference_dir

    with open(reference_dir() / "sources.csv", encoding="utf-8") as handle:
        sources = {row["source"] for row in csv.DictReader(handle)}
    assert sources == set(labels.SOURCE_USES)
