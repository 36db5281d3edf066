"""Source text is capped at build, so no record can make every page heavy."""

import pandas as pd

from geo.schema import TEXT_LIMITS, cap_text


def test_long_text_is_cut_at_its_limit_with_an_ellipsis():
    frame = pd.DataFrame(
        {
            "name": ["x" * 50_000_000, "Huangshan", None],
            "description": ["y" * 6000, "", None],
            "other": ["z" * 10_000, "", None],
        }
    )
    capped = cap_text(frame)
    assert len(capped.at[0, "name"]) == TEXT_LIMITS["name"] and capped.at[0, "name"].endswith("…")
    assert capped.at[1, "name"] == "Huangshan" and pd.isna(capped.at[2, "name"])
    assert len(capped.at[0, "description"]) == TEXT_LIMITS["description"]
    assert len(capped.at[0, "other"]) == 10_000  # only the columns the schema limits
    assert len(frame.at[0, "name"]) == 50_000_000  # the input is left as it was
