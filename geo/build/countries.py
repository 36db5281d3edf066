"""The country table: Natural Earth 50m polygons keyed by ISO3, with names, region, population,
area and Belt and Road status. Used for choropleths, country views and the point-in-country check.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.iso import country_name

NE_FILE = "base/ne_50m_admin_0_countries.geojson"
REGIONS_FILE = "base/unesco_regions_iso3.csv"
REGIONS_EXTRA_FILE = "unesco_regions_extra.csv"  # in data/reference
BRI_FILE = "base/bri_countries_gfdc_2023-12.csv"

# Natural Earth's own codes where ISO_A3_EH is -99 or differs from ISO 3166.
NE_CODE_FIXES = {"PSX": "PSE", "SDS": "SSD", "KOS": "XKX", "SAH": "ESH", "ALD": "ALA"}
# NE sovereignty codes of the form XX1 → the sovereign's ISO3.
NE_SOVEREIGN_FIXES = {
    "US1": "USA",
    "GB1": "GBR",
    "FR1": "FRA",
    "NL1": "NLD",
    "NZ1": "NZL",
    "AU1": "AUS",
    "DN1": "DNK",
    "FI1": "FIN",
    "CH1": "CHN",
}
LANG_COLUMNS = {"en": "NAME_EN", "fr": "NAME_FR", "es": "NAME_ES", "ru": "NAME_RU", "ar": "NAME_AR", "zh": "NAME_ZH"}
EQUAL_AREA_CRS = "EPSG:6933"


def _ne_iso3(ne: pd.DataFrame) -> pd.Series:
    """ISO3 per NE feature: ISO_A3_EH, else ADM0_A3, with NE's private codes mapped to ISO."""
    code = ne["ISO_A3_EH"].where(ne["ISO_A3_EH"] != "-99", ne["ADM0_A3"])
    return code.replace(NE_CODE_FIXES)


def _sovereign_iso3(ne: pd.DataFrame, iso3: pd.Series) -> pd.Series:
    """The sovereign's ISO3 for dependencies (Puerto Rico → USA); a feature's own code otherwise."""
    return ne["SOV_A3"].map(NE_SOVEREIGN_FIXES).fillna(iso3)


def _display_name(iso3: str, ne_name: str) -> str:
    """pycountry's common name, unless it is of the 'Korea, Republic of' kind or unknown."""
    name = country_name(iso3)
    return ne_name if name == iso3 or "," in name else name


def load_regions(raw_dir: Path, reference_dir: Path) -> dict[str, str]:
    """ISO3 → UNESCO region: the WHC-derived table, then the project's documented additions."""
    regions = pd.read_csv(raw_dir / REGIONS_FILE, usecols=["iso3", "unesco_region"])
    extra = pd.read_csv(reference_dir / REGIONS_EXTRA_FILE, usecols=["iso3", "unesco_region"])
    merged = pd.concat([regions, extra]).drop_duplicates("iso3", keep="first")
    return dict(zip(merged["iso3"], merged["unesco_region"]))


def load_bri(raw_dir: Path) -> pd.DataFrame:
    """GFDC Belt and Road list: iso3, status (member, member_date_unconfirmed, exited, china)."""
    return pd.read_csv(raw_dir / BRI_FILE, usecols=["iso3", "status", "likely_date_joined"])


def build_countries(raw_dir: Path, reference_dir: Path) -> gpd.GeoDataFrame:
    """One row per ISO3 (features sharing a code, like Australia's islands, are dissolved)."""
    ne = gpd.read_file(raw_dir / NE_FILE)
    ne["iso3"] = _ne_iso3(ne)
    ne["sovereign_iso3"] = _sovereign_iso3(ne, ne["iso3"])
    ne = ne.sort_values(["iso3", "POP_EST"], ascending=[True, False])
    attrs = ne.groupby("iso3", sort=True).first()
    shapes = ne[["iso3", "geometry"]].dissolve(by="iso3", sort=True)
    table = gpd.GeoDataFrame(attrs.drop(columns="geometry"), geometry=shapes.geometry, crs=ne.crs)
    table = table.reset_index()

    regions = load_regions(raw_dir, reference_dir)
    region_of = table["iso3"].map(regions)
    # Dependencies take their sovereign's region, as UNESCO files their sites under the sovereign.
    region_of = region_of.fillna(table["sovereign_iso3"].map(regions))
    bri = load_bri(raw_dir).set_index("iso3")

    out = gpd.GeoDataFrame(
        {
            "iso3": table["iso3"],
            "name": [_display_name(c, n) for c, n in zip(table["iso3"], table["NAME_EN"])],
            **{f"name_{lang}": table[col] for lang, col in LANG_COLUMNS.items() if lang != "en"},
            "ne_name": table["NAME_EN"],
            "sovereign_iso3": table["sovereign_iso3"],
            "region": region_of,
            "population": table["POP_EST"].astype("float64"),
            "area_km2": table.geometry.to_crs(EQUAL_AREA_CRS).area / 1e6,
            "bri_status": table["iso3"].map(bri["status"]),
            "bri_member": table["iso3"].map(bri["status"]).isin(["member", "member_date_unconfirmed", "china"]),
            "label_x": table["LABEL_X"].astype("float64"),
            "label_y": table["LABEL_Y"].astype("float64"),
        },
        geometry=table.geometry,
        crs="EPSG:4326",
    )
    return out.sort_values("iso3").reset_index(drop=True)
