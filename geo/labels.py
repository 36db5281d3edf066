"""Every piece of interface text in one place, ready for translation.

The interface is English for now; site and country names come in six languages from the data.
"""
from __future__ import annotations

APP_TITLE = "UNESCO Sites Atlas"
APP_TAGLINE = ("World Heritage properties, Biosphere Reserves, Global Geoparks and category 2 "
               "centres on one map")

KIND_LABELS = {
    "world_heritage": "World Heritage",
    "biosphere_reserve": "Biosphere Reserve",
    "global_geopark": "Global Geopark",
    "category2_centre": "Category 2 centre",
}
KIND_LABELS_PLURAL = {
    "world_heritage": "World Heritage properties",
    "biosphere_reserve": "Biosphere Reserves",
    "global_geopark": "UNESCO Global Geoparks",
    "category2_centre": "Category 2 institutes and centres",
}
PRECISION_LABELS = {
    "source": "exact (from the source)",
    "locality": "host city or locality (geocoded)",
    "country": "country only (approximate)",
}
LANGUAGE_LABELS = {"en": "English", "fr": "Français", "es": "Español", "ru": "Русский",
                   "ar": "العربية", "zh": "中文"}
DISCLAIMER = ("The designations employed and the presentation of material on this map do not imply "
              "the expression of any opinion whatsoever on the part of UNESCO concerning the legal "
              "status of any country, territory, city or area or of its authorities, or concerning "
              "the delimitation of its frontiers or boundaries.")
BRI_CREDIT = ("Belt and Road countries: Nedopil, C. (2023), Countries of the Belt and Road "
              "Initiative, Green Finance & Development Center, FISF Fudan University (December 2023 list).")
PER_LABELS = {"raw": "designations", "pop": "per million people", "area": "per 100,000 km²"}
PER_TITLES = {"raw": "Designations per country", "pop": "Designations per million people",
              "area": "Designations per 100,000 km²"}
MODE_LABELS = {"points": "Sites", "choropleth": "Countries"}
BRI_STATUS = {
    "member": "a Belt and Road country (GFDC list, December 2023)",
    "member_date_unconfirmed": "a Belt and Road country (GFDC list, December 2023; joining date unconfirmed)",
    "exited": "left the Belt and Road Initiative (GFDC list, December 2023)",
    "china": "China, the initiator of the Belt and Road Initiative",
    None: "not on the GFDC list of Belt and Road countries (December 2023)",
}
BRI_SHORT = {"member": "member", "member_date_unconfirmed": "member (date unconfirmed)",
             "exited": "exited", "china": "initiator", None: "not a member"}
