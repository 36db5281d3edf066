"""Every piece of interface text in one place, ready for translation.

The interface is English for now; site and country names come in six languages from the data.
Texts with values are ``str.format`` templates with named placeholders (``{n}``, ``{country}``
…), formatted where they are used; a translation keeps the placeholders and may move them.
Chart hover templates get Plotly's own placeholders (``%{y:,}``) as values. Some texts hold
Markdown (``**bold**``) or Plotly's HTML subset (``<br>``): keep it.
"""
from __future__ import annotations

# ---------------------------------------------------------------- the atlas, kinds, shared words

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
    "source": "located from a source",
    "locality": "host city or locality (geocoded)",
    "ambiguous": "one of several towns of that name (approximate)",
    "doubtful": "source point failed the checks (approximate)",
    "country": "country only (approximate)",
}
PRECISION_NOTE = ("Points researched from stored pages (UNESCO's own MAB pages, a reserve's core protected "
                  "area) count as located from a source; the map draws every approximate point hollow "
                  "and its popup says why.")
# The country line of a property no State Party holds (geo.schema.NO_STATE_PARTY).
NO_STATE_PARTY = "Jerusalem (site proposed by Jordan)"
NO_STATE_PARTY_NOTE = ("UNESCO lists the Old City of Jerusalem and its Walls as a site proposed by Jordan, "
                       "with no State Party: country charts and tables show it as a line of its own, "
                       "\"Jerusalem (site proposed by Jordan)\", and the country maps leave it out.")
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
BRI_GROUP_LABELS = ("Belt and Road countries", "Other countries")  # in the order of geo.stats.BRI_GROUPS
KIND_NAMES = {  # one designation of each kind: map legends and layers, the coverage table
    "world_heritage": "World Heritage property",
    "biosphere_reserve": "Biosphere Reserve",
    "global_geopark": "UNESCO Global Geopark",
    "category2_centre": "Category 2 institute or centre",
}
IMAGE_FORMAT_LABELS = {"png": "PNG", "svg": "SVG"}
SHOWN_OF_TOTAL = "{shown:,} of {total:,} designations shown"
N_DESIGNATIONS = "{n:,} designations"
ONE_DESIGNATION = "{n:,} designation"
COUNT_AND_RATE = "{count} ({rate:,.2f} {unit})"
ALL_DESIGNATIONS = "All designations"
ALL_KINDS = "All kinds"
TRANSBOUNDARY_NOTE = "A transboundary designation counts for each of its countries"
UNKNOWN = "unknown"
NOT_APPLICABLE = "n/a"
OPEN_LINK = "Open ↗"

# Table column headers (geo.tables.display_table and the pages' own tables).
COLUMNS = {
    "name": "Name", "kind": "Kind", "countries": "Countries", "region": "Region", "year": "Year",
    "subtype": "Category / sector", "in_danger": "In danger", "transboundary": "Transboundary",
    "area_ha": "Area (ha)", "precision": "Location precision", "verification": "Verification",
    "url": "Official page", "id": "ID",
    "country": "Country", "place": "Place", "places": "Places", "kinds": "Kinds", "years": "Years",
    "designations_years": "Designations (year)", "all": ALL_DESIGNATIONS,
    "wh_in_danger": "World Heritage in danger", "wh_danger_share": "Share of WH in danger",
    "shared_places": "Places with several kinds", "bri": "Belt and Road",
    "in_atlas": "In the atlas", "official_total": "Official total", "coverage": "Coverage",
    "countries_atlas": "Countries (atlas)", "countries_official": "Countries (official)",
    "official_as_of": "Official figure as of",
}

# ---------------------------------------------------------------- every page: navigation, loading

PAGE_TITLES = {  # url path -> title in the navigation (and of the page, bar the map)
    "map": "Map",
    "charts": "Charts",
    "country": "Country profile",
    "table": "Table and export",
    "places": "Shared places",
    "compare": "Compare countries",
    "about": "About and sources",
}
LOADING_ATLAS = "Loading the atlas…"
DRAWING_MAP = "Drawing the map…"
DATA_CANT_LOAD = "**The atlas data can't be loaded.** {message}"
REBUILD_OFFER = "You can also rebuild it from the raw files bundled with the project (about a minute)."
REBUILD_BUTTON = "Rebuild the data now"
REBUILD_RUNNING = "Rebuilding from the bundled raw data…"
REBUILD_FAILED_STATUS = "The rebuild failed"
REBUILD_FAILED = "Rebuild failed: {error}. Run `make build` in a terminal to see the details."
REBUILD_OFF = ("Ask whoever runs this server to rebuild it (rebuilding from this page is switched off "
               "here; set UNESCO_ATLAS_REBUILD=on to allow it).")
REBUILD_DONE = "Rebuilt"

# What is wrong with the processed data (geo.store.DataError); {command} is REBUILD_COMMAND.
REBUILD_COMMAND = "make build   (or: python -m geo build)"
DATA_FILE_MISSING = "{file} is missing from the processed data. Build it with: {command}"
DATA_FILE_CORRUPT = ("{file} could not be read ({error}): the file looks truncated or corrupt. "
                     "Rebuild it with: {command}")
DATA_FILE_UNREADABLE = "{file} could not be read ({error}). Rebuild it with: {command}"
DATA_FILE_OLD = "{file} comes from an older build (missing columns: {missing}). Rebuild it with: {command}"
DATA_REPORT_OLD = "{file} comes from an older build (missing: {missing}). Rebuild it with: {command}"
DATA_OTHER_VERSION = ("The processed data comes from another version of the atlas (schema {found}, "
                      "expected {expected}). Rebuild it with: {command}")
DATA_FILE_INVALID = ("{file} holds values the atlas cannot use: {problems}. The file was changed or written "
                     "by something else than the build. Rebuild it with: {command}")
DATA_FILE_EMPTY = "{file} holds no rows: the build that wrote it went wrong. Rebuild it with: {command}"

# Notices about link parameters that were ignored or changed (geo.urlstate). {value} is quoted.
URL_FIRST_OF_SEVERAL = "Used the first of several '{key}' values."
URL_NOT_A_CHOICE = "Ignored {key} {value} (expected {choices})."
URL_NOT_A_FLAG = "Ignored {key} {value} (expected 1 or 0)."
URL_UNKNOWN = {  # what was not recognised: (one, several)
    "parameter": ("unknown parameter", "unknown parameters"),
    "kind": ("unknown kind", "unknown kinds"),
    "region": ("unknown region", "unknown regions"),
    "category": ("unknown category", "unknown categories"),
    "country": ("unknown country code", "unknown country codes"),
}
URL_IGNORED = "Ignored {what} {values}."
URL_IGNORED_MORE = "Ignored {what} {values} and {more} more."
URL_BAD_YEAR = "Ignored year {value} (expected e.g. 2000-2025)."
URL_BAD_VIEW = "Ignored map view {value} (expected latitude,longitude,zoom, e.g. 46.5,9.8,6)."
URL_YEAR_OUTSIDE = "Ignored year {value} (outside {low}-{high})."
URL_YEARS_SWAPPED = "Swapped the reversed year range {low}-{high}."
URL_SEARCH_SHORTENED = "Shortened the search text to {n} characters."
URL_BAD_MIN_KINDS = "Ignored minkinds {value} (expected 1 to {most})."
URL_UNKNOWN_SITE = "Ignored unknown site {value}."
URL_TOO_LONG = "Ignored the end of an over-long '{key}' value."

# ---------------------------------------------------------------- sidebar: filters and sharing

FILTERS = "Filters"
FILTER_KINDS = "Designation kinds"
FILTER_KINDS_HELP = "Nothing selected shows every kind."
FILTER_REGIONS = "UNESCO region"
ALL_REGIONS = "All regions"
FILTER_COUNTRIES = "Countries"
ALL_COUNTRIES = "All countries"
FILTER_YEARS = "Year designated"
FILTER_WH_CATEGORIES = "World Heritage category"
FILTER_WH_CATEGORIES_HELP = "Applies to World Heritage properties only; other kinds are unaffected."
FILTER_DANGER = "In danger only"
FILTER_DANGER_HELP = "World Heritage properties on the List of World Heritage in Danger."
FILTER_TRANSBOUNDARY = "Transboundary only"
FILTER_BRI = "Belt and Road countries only"
FILTER_MIN_KINDS = "Kinds held by the same place"
FILTER_MIN_KINDS_HELP = ("Keep designations whose place also holds other kinds (e.g. Huangshan: "
                         "World Heritage, Biosphere Reserve and Global Geopark).")
MIN_KINDS_ANY = "any"
MIN_KINDS_AT_LEAST = "{n} or more"
FILTER_SEARCH = "Search names"
FILTER_SEARCH_PLACEHOLDER = "e.g. Huangshan, Venise, 黄山"
CLEAR_FILTERS = "Clear all filters"
NAMES_IN = "Names in"
NAMES_IN_HELP = "Site and country names in the six UN languages where the sources have them."
SHARE = "Share this view"
SHARE_LINK = "Anyone opening this link sees exactly this view."
SHARE_PRESENTATION = "Presentation mode (no sidebar, large type):"
SHARE_EMBED = "Embed this view in a web page:"

# ---------------------------------------------------------------- map page

SHOWN = "Shown"
MAP_SHOWS = "Map shows"
MAP_COUNT = "Count"
FIND_SITE = "Find a site"
FIND_SITE_PLACEHOLDER = "Type a name to zoom to it…"
FIND_SITE_NONE = "No site of that name among those the filters show."
SITE_CHOICE = "{name} — {kind}, {countries}"
MAP_HINT = "Click a marker, or find a site above, to see it here."
SHADED_HINT = "Click a country to open its profile."
TOO_MANY_TO_DRAW = ("{n:,} sites are too many to draw one by one, so the map shades countries. "
                    "Narrow the filters to see the sites.")
DOWNLOAD_MAP = "Download this map (HTML, opens offline)"
DOWNLOAD_MAP_HELP = ("A self-contained page: Leaflet and the data are inside the file. Charts can "
                     "be saved as PNG or SVG from their toolbar (camera icon).")
BASE_MAP = "Base map"
BASE_MAP_LABELS = {"offline": "Offline", "osm": "OpenStreetMap (online)"}
BASE_MAP_HELP = ("Offline: places, provinces, rivers, lakes and seas from Natural Earth, drawn from this "
                 "app's own files. OpenStreetMap: detailed online tiles, fetched from the tile server; "
                 "without a network the map says so and keeps the offline layers.")
SITE_SINCE = "since {year}"
SITE_YEAR_UNKNOWN = "year unknown"
SITE_IN_DANGER = "**in danger**"
SITE_LOCATION = "Location: {precision} ({method}). Verification: {verification}."
VERIFICATION_DEFAULT = "official list"
OFFICIAL_PAGE = "Official page ↗"

# ---------------------------------------------------------------- charts page (and charts elsewhere)

IMAGE_FORMAT = "Chart downloads"
IMAGE_FORMAT_HELP = ("The format the camera button in each chart's toolbar saves: PNG (an image) or "
                     "SVG (a drawing that stays sharp at any size).")
RANK_COUNTRIES_BY = "Countries ranked by"
PER_YEAR_TAB = "Per year"
CUMULATIVE_TAB = "Cumulative"
BRI_LENS = "Belt and Road lens"
BRI_LENS_HINT = ("To see the Belt and Road countries alone on the map or in any chart, switch on "
                 "“Belt and Road countries only” in the sidebar.")
YEAR_BY_YEAR = "Year by year"
YEAR_BY_YEAR_HINT = ("Press Play (or Tab to it and press Space) to watch the designations accumulate, "
                     "and again to pause; the slider picks a year. The year range filter applies.")
PLAY = "Play"
PAUSE = "Pause"
TIMELINE_YEAR = "Year shown"
REDUCED_MOTION_NOTE = ("Your system asks for reduced motion, so the years do not play by themselves: "
                       "move the slider (arrow keys) to step through them.")

# ---------------------------------------------------------------- country profile

COUNTRY = "Country"
CHOOSE_COUNTRY = "Choose a country…"
COUNTRY_HINT = "Choose a country above, or open one from the map's country shading."
NO_REGION = "No UNESCO region"
COUNTRY_FACTS = ("{region} · population {population:,.0f} · area {area:,.0f} km² (Natural Earth) · "
                 "figures follow the sidebar filters except the country list")
IN_DANGER_ONE = "{n} World Heritage property is on the List of World Heritage in Danger."
IN_DANGER_MANY = "{n} World Heritage properties are on the List of World Heritage in Danger."
BRI_LINE = "**Belt and Road:** {status}"
SITES_BY_KIND = "Sites by kind"
SHARED_PLACES_HEADING = "Places that hold several designations"
NO_SHARED_PLACES = "None among the designations shown."

# ---------------------------------------------------------------- table and export

TABLE_HINT = "{shown} · sort by clicking a column header; search with the table's magnifier or the sidebar."
DOWNLOAD_CSV = "Download CSV"
DOWNLOAD_GEOJSON = "Download GeoJSON"
TABLE_CAPPED = ("The table shows the first {limit:,} of {total:,} rows; the downloads hold them all. "
                "Narrow the filters to see the rest here.")
DOWNLOADS_NOTE = ("Downloads hold every designation the filters select. Credit the sources listed on the "
                  "About page.")

# ---------------------------------------------------------------- shared places

PLACES_INTRO = ("Places where UNESCO designations of different kinds overlap, linked by distance and "
                "name similarity during the build (a place's designations share a `place_id`).")
PLACES_SHOWN = "Places shown"
HOLDING_N_KINDS = "Holding {n} kinds"
PLACES_NOTE = "At least {n} kinds per place (change it in the sidebar) · other filters apply."
EVERY_SHARED_PLACE = "Every shared place"

# ---------------------------------------------------------------- compare countries

COMPARE_PICK = "Countries to compare (two to five)"
CHOOSE_COUNTRIES = "Choose countries…"
NOT_FOUND_TITLE = "Page not found"
NOT_FOUND_TEXT = "This address is not one of the UNESCO Sites Atlas's pages."
NOT_FOUND_HOME = "Open the atlas's map"
URL_BAD_TRIMMED = "Ignored trimmed {value} (expected the number of parameters left out)."
URL_TRIMMED = ("This link was longer than the dashboard accepts: its last {n} parameters were left out; "
               "the rest applies.")
COMPARE_DROPPED = ("The link names {n} countries; the comparison shows the first {most}. Left out: {dropped}.")
COMPARE_HINT = ("Choose at least two countries (for example China, France and Italy). They are kept in "
                "the link as the country filter.")
COUNTED_FOR_EACH_COUNTRY = "A transboundary designation counts once for each of its countries."

# ---------------------------------------------------------------- about and sources

ABOUT_INTRO = ("{tagline}. Every record is placed on the map; where a source gives no coordinates the "
               "atlas geocodes the host city or locality offline and says how precise the point is. "
               "Every filter lives in the page address, so a copied link reopens the same view.")
COVERAGE_HEADING = "Coverage against the official totals"
COVERAGE_NOTE = ("Official totals: UNESCO Data Hub metadata as read by a public client (late 2026). "
                 "UNESCO publishes no count of category 2 centres; its pages said \"over 100\" in 2018–2022.")
PRECISION_HEADING = "How precise the points are"
OUTSIDE_COUNTRY = "{n} points fall outside their country's outline (flagged, not moved)"
OUTSIDE_COUNTRY_NOTE = ("Countries always come from the UNESCO record. A point can fall outside because the "
                        "source point is wrong, because the site is offshore, or because Natural Earth draws a "
                        "disputed border its own way (Crimea, for example).")
MISSING_HEADING = "What is known to be missing"
SOURCE_SUMMARY = "{source}: {kept} kept of {read} read, {rejected} set aside"
SOURCES_HEADING = "Sources, licences and credits"
TILES_SOURCE = ("**Online base map (optional, off by default: Base map → OpenStreetMap)**  \n"
                "Tiles from {host}.  \nCredit: {credit}")
SOURCE_ENTRY = ("**{title}**  \nUsed for: {used_for}. Snapshot: {snapshot}.  \n"
                "Licence: {licence}.  \nCredit: {credit}")

# ---------------------------------------------------------------- charts (geo.charts)

CHART_NO_DATA = "No designations match the current filters"
CHART_NO_WH = "No World Heritage properties match the current filters"
CHART_NO_COUNTRIES = "Choose countries to compare"
AXIS_DESIGNATIONS = "Designations"
AXIS_YEAR = "Year"
AXIS_CUMULATIVE = "Designations (cumulative)"
AXIS_PER_COUNTRY = "Designations per country"
PER_AXIS = {
    "raw": "Designations",
    "pop": "Designations per million people",
    "area": "Designations per 100,000 km²",
}
TOP_COUNTRIES_TITLES = {
    "raw": "Countries with the most designations",
    "pop": "Most designations per million people",
    "area": "Most designations per 100,000 km²",
}
TOP_N = "Top {n} · {note}"
VS_REGION_TITLE = "{country} and its region's average"  # the legend names the region
BY_KIND_TITLE = "{country}: designations by kind"
NO_REGION_AVERAGE = "No region average: the country has no UNESCO region"
REGION_AVERAGE = "{region} average ({n} countries)"
COMPARE_KINDS_TITLE = "Designations by kind, country by country"
COMPARE_GROWTH_TITLE = "Designations over time, country by country"
CUMULATIVE_NOTE = "Cumulative · {note}"
HOVER_DESIGNATIONS_BY = "{count} designations by {year}"
DESIGNATIONS_PER_YEAR = "Designations per year"
CUMULATIVE_TITLE = "Designations over time (cumulative)"
UNDATED_NOTE = "Designations without a year are not shown ({n:,})"
TIMELINE_TITLE = "Designations over time, by region"
TIMELINE_NOTE = "Up to {year} · cumulative; each designation counted once, in its own region"
HIERARCHY_TITLE = "Designations by region, country and kind"
WORLD = "World"
WH_CATEGORIES_TITLE = "World Heritage properties by category"
PROPERTIES = "properties"
DANGER_TITLE = "World Heritage in danger, by region"
DANGER_NOTE = "World Heritage properties in the current selection"
DANGER_PANELS = ("Properties in danger", "Share of the region's properties")
HOVER_IN_DANGER = "World Heritage in danger: {count} of {total} ({share})"
CHOROPLETH_TITLES = {**PER_TITLES, "raw": "Designations by country"}  # the chart's; the map's legend: PER_TITLES
LOG_SCALE_NOTE = "{note} · logarithmic colour scale"
NO_FIGURE = {"pop": "no population figure", "area": "no area figure"}
NO_DESIGNATIONS = "No designations"
NO_VALUE = "No value"
BRI_TITLE = "Belt and Road countries and the rest: designations per country"
BRI_NOTE = "GFDC list of December 2023 · {note}"
HOVER_PER_COUNTRY = "{value} per country ({count} in all)"
PLACES_BY_COUNTRY_TITLE = "Countries with the most shared places"
PLACES_BY_COUNTRY_NOTE = "Top {n}"
PLACES_AXIS = "Places holding several kinds"
HOVER_PLACES = "{count} shared places (each counted in the country of its first designation)"

# Each chart's text alternative (geo.chart_text): "{title}. {sentence}" and its data on demand.
CHART_SUMMARY = "{title}. {sentence}"
SUMMARY_EMPTY = "{message}."
SUMMARY_ONE = "{top}: {top_value}."
SUMMARY_RANKED = "Highest: {top} ({top_value}); lowest: {bottom} ({bottom_value}); {n} in all."
SUMMARY_YEARS = "From {first} to {last}; the most in {peak} ({value})."
SUMMARY_BY_END = "By {last}: {values}."
SUMMARY_HIGHEST = "Highest: {category}, {series} ({value})."
SUMMARY_SHARE = "Largest share: {label}, {value} of {total} ({share:.0%})."
SUMMARY_PAIR = "{name} {value}"
CHART_DATA = "Data table: {title}"
CHART_CATEGORY = "Category"
CHART_VALUE = "Value"
CHART_PATH = "{parent} › {child}"

# ---------------------------------------------------------------- maps (geo.maps, static/atlas/atlas.js)

MAP_LEGEND_TITLE = "UNESCO designations"
MAP_DISCLAIMER = ("The boundaries and names shown and the designations used on this map do not imply "
                  "official endorsement or acceptance by the United Nations/UNESCO.")
MAP_ATTRIBUTION = "Leaflet | Made with Natural Earth"
MAP_PRECISION_LABELS = {
    "source": "Located from a source",
    "locality": "Approximate location: the town the record names",
    "ambiguous": "Approximate location: one of several towns of the name the record gives",
    "doubtful": "Approximate location: the source's point failed the atlas's checks",
    "country": "Approximate location: the country's centre (no closer location known)",
}
PRECISION_REASONS = {  # why a point is approximate: one sentence per geocode_precision (not "source")
    "locality": "The source names a town or locality, not the site itself, so the point is that place.",
    "ambiguous": "The source names a town that exists several times in the country; the point is one of them.",
    "doubtful": ("The source's point failed the atlas's checks (it lies outside the site's country, or the "
                 "source's own note doubts it), so it may be wrong."),
    "country": "The source gives no place within the country, so the point is the middle of the country.",
}
MAP_REGION_LABEL = "Map of UNESCO designations"
MAP_SUMMARY = "{what} in {where}"
MAP_SUMMARY_WORLD = "{what} worldwide"
MAP_SUMMARY_ONE_KIND = "{n:,} {kind}"
MAP_SUMMARY_KINDS = "{n:,} designations: {parts}"
MAP_SUMMARY_SHADED = "Countries shaded by {what}"
AND_LIST = "{first} and {last}"
MAP_SUMMARY_NONE = "No designation matches the filters"
YEAR_LABELS = {  # the year line of a popup
    "world_heritage": "Inscribed",
    "biosphere_reserve": "Designated",
    "global_geopark": "Designated",
    "category2_centre": "Established",
}
YEAR_LABEL = "Year"
UNNAMED = "(unnamed)"
NO_DATA_LABEL = "None"
# The online tiles' credit on the map (Leaflet shows attributions as HTML: constant markup only).
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
OSM_CREDIT = "© OpenStreetMap contributors (openstreetmap.org/copyright), ODbL"
TILES_CREDIT_DEFAULT = "Map tiles: {host}"
BASEMAP_TEXT = {  # drawn by static/atlas/basemap.js
    "tilesUnavailable": ("The online base map could not be reached (no network?): showing the offline "
                         "base map instead."),
}
NOT_DRAWN = "Not drawn at this scale: {countries}"
MAP_TEXT = {  # popups and legends drawn by static/atlas/atlas.js ({n}: a number)
    "country": "Country",
    "countries": "Countries",
    "status": "Status",
    "inDanger": "In Danger",
    "notInDanger": "Not in Danger",
    "location": "Location",
    "verification": "Verification",
    "officialPage": OFFICIAL_PAGE,
    "toggle": "Show or hide on the map",
    "dangerRow": "World Heritage in Danger",
    "legendNote": "Click a row to show or hide it. Numbers count grouped sites; zoom in or click to expand.",
    "missingOne": "{n} site has no coordinates and is not shown.",
    "missingMany": "{n} sites have no coordinates and are not shown.",
    "noDetails": "The details of this site could not be loaded. Try again in a moment.",
    "approximate": "Approximate location.",
    "approxRow": "Hollow: approximate location",
    "cluster": "Group of {n} {kind}: press Enter to zoom in",
    "fit": "Fit to results",
    "fitTitle": "Reset the view to fit the filtered sites",
    "listSummary": "List of the {n} sites in view",
    "listMore": "… and {n} more: zoom in to list them",
    "noMap": "The map could not be loaded. Reload the page to try again.",
}
