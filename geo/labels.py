"""Every piece of interface text in one place, in English, marked for translation.

``N_("…")`` marks a text and ``P_("…", "…")`` a text with a count ``{n}`` (one form per plural of
the language); ``make i18n`` extracts them to ``locale/messages.pot``. Read a text as
``labels.NAME``: it comes back in the language of the current run (:func:`geo.i18n.use`), a plural
as an object whose ``format(n=…)`` picks the form. Texts are ``str.format`` templates with named
placeholders (``{n}``, ``{country}`` …); number fields (``{n:,}``) are written the language's way.
A translation keeps the placeholders and may move them. Chart hover templates get Plotly's own
placeholders (``%{y:,}``) as values. Some texts hold Markdown (``**bold**``) or Plotly's HTML
subset (``<br>``): keep it. Texts not marked (language names, file formats, markup) stay as written.
"""

from __future__ import annotations

from typing import Any

from geo import i18n
from geo.i18n import N_, P_

# ---------------------------------------------------------------- the atlas, kinds, shared words

APP_TITLE = N_("UNESCO Sites Atlas")
APP_TAGLINE = N_("World Heritage properties, Biosphere Reserves, Global Geoparks and category 2 centres on one map")

KIND_LABELS = {
    "world_heritage": N_("World Heritage"),
    "biosphere_reserve": N_("Biosphere Reserve"),
    "global_geopark": N_("Global Geopark"),
    "category2_centre": N_("Category 2 centre"),
}
KIND_LABELS_PLURAL = {
    "world_heritage": N_("World Heritage properties"),
    "biosphere_reserve": N_("Biosphere Reserves"),
    "global_geopark": N_("UNESCO Global Geoparks"),
    "category2_centre": N_("Category 2 institutes and centres"),
}
PRECISION_LABELS = {
    "source": N_("located from a source"),
    "locality": N_("host city or locality (geocoded)"),
    "ambiguous": N_("one of several towns of that name (approximate)"),
    "doubtful": N_("source point failed the checks (approximate)"),
    "country": N_("country only (approximate)"),
}
PRECISION_NOTE = N_(
    "Points researched from stored pages (UNESCO's own MAB pages, a reserve's core protected "
    "area) count as located from a source; the map draws every approximate point hollow "
    "and its popup says why."
)
# The country line of a property no State Party holds (geo.schema.NO_STATE_PARTY).
NO_STATE_PARTY = N_("Jerusalem (site proposed by Jordan)")
NO_STATE_PARTY_NOTE = N_(
    "UNESCO lists the Old City of Jerusalem and its Walls as a site proposed by Jordan, "
    "with no State Party: country charts and tables show it as a line of its own, "
    '"Jerusalem (site proposed by Jordan)", and the country maps leave it out.'
)
LANGUAGE_LABELS = {"en": "English", "fr": "Français", "es": "Español", "ru": "Русский", "ar": "العربية", "zh": "中文"}
DISCLAIMER = N_(
    "The designations employed and the presentation of material on this map do not imply "
    "the expression of any opinion whatsoever on the part of UNESCO concerning the legal "
    "status of any country, territory, city or area or of its authorities, or concerning "
    "the delimitation of its frontiers or boundaries."
)
BRI_CREDIT = N_(
    "Belt and Road countries: Nedopil, C. (2023), Countries of the Belt and Road "
    "Initiative, Green Finance & Development Center, FISF Fudan University (December 2023 list)."
)
PER_LABELS = {"raw": N_("designations"), "pop": N_("per million people"), "area": N_("per 100,000 km²")}
PER_TITLES = {
    "raw": N_("Designations per country"),
    "pop": N_("Designations per million people"),
    "area": N_("Designations per 100,000 km²"),
}
REGION_LABELS = {  # UNESCO's regions (geo.schema.REGIONS), as the data names them
    "Africa": N_("Africa"),
    "Arab States": N_("Arab States"),
    "Asia and the Pacific": N_("Asia and the Pacific"),
    "Europe and North America": N_("Europe and North America"),
    "Latin America and the Caribbean": N_("Latin America and the Caribbean"),
}
WH_CATEGORY_LABELS = {"Cultural": N_("Cultural"), "Natural": N_("Natural"), "Mixed": N_("Mixed")}
SECTOR_LABELS = {  # a category 2 centre's field of UNESCO's work, as the data codes it
    "culture": N_("Culture"),
    "education": N_("Education"),
    "natural_sciences": N_("Natural sciences"),
    "water": N_("Water"),
    "ocean": N_("Ocean"),
    "social_human_sciences": N_("Social and human sciences"),
    "communication_information": N_("Communication and information"),
    "other": N_("Other field"),
}
# How a record was checked (the data's verification codes; geo.readable.verification), e.g.
# "official; year: stored_source_partial" reads "from UNESCO's official list; year: partly …".
VERIFICATION_LABELS = {
    "official": N_("from UNESCO's official list"),
    "source_wikidata": N_("from Wikidata (checked against UNESCO's lists)"),
    "stored_source": N_("confirmed by a saved public page"),
    "stored_source_partial": N_("partly confirmed by a saved public page"),
    "compiler_knowledge_unverified": N_("not yet confirmed by a public page"),
}
VERIFICATION_ASPECTS = {"year": N_("year"), "danger status": N_("danger status")}
VERIFICATION_ASPECT = N_("{aspect}: {how}")
# Where a point comes from (the data's geocode_method; geo.readable.geocode_method).
GEOCODE_METHOD_LABELS = {
    "whc-en.xml latitude/longitude": N_("coordinates in UNESCO's World Heritage List"),
    "whc-sites-2025.xlsx latitude/longitude": N_("coordinates in UNESCO's World Heritage List"),
    "whc001 component point": N_("the point of one of the property's parts in UNESCO's records"),
    "UNESCO Data Hub eg0001 coordinates": N_("coordinates in UNESCO's Data Hub"),
    "Wikidata P625 via curated CSV": N_("coordinates from Wikidata"),
    "category2_centres.csv latitude/longitude": N_("coordinates gathered for the atlas"),
}
GEOCODE_TOWN = N_("the town of {town} (GeoNames)")
GEOCODE_COUNTRY = N_("the middle of the country (Natural Earth)")
GEOCODE_RESEARCHED = N_("researched: {what}")
MODE_LABELS = {"points": N_("Sites"), "choropleth": N_("Countries")}
BRI_STATUS = {
    "member": N_("a Belt and Road country (GFDC list, December 2023)"),
    "member_date_unconfirmed": N_("a Belt and Road country (GFDC list, December 2023; joining date unconfirmed)"),
    "exited": N_("left the Belt and Road Initiative (GFDC list, December 2023)"),
    "china": N_("China, the initiator of the Belt and Road Initiative"),
    None: N_("not on the GFDC list of Belt and Road countries (December 2023)"),
}
BRI_SHORT = {
    "member": N_("member"),
    "member_date_unconfirmed": N_("member (date unconfirmed)"),
    "exited": N_("exited"),
    "china": N_("initiator"),
    None: N_("not a member"),
}
BRI_GROUP_LABELS = (N_("Belt and Road countries"), N_("Other countries"))  # in the order of geo.stats.BRI_GROUPS
KIND_NAMES = {  # one designation of each kind: map legends and layers, the coverage table
    "world_heritage": N_("World Heritage property"),
    "biosphere_reserve": N_("Biosphere Reserve"),
    "global_geopark": N_("UNESCO Global Geopark"),
    "category2_centre": N_("Category 2 institute or centre"),
}
IMAGE_FORMAT_LABELS = {"png": "PNG", "svg": "SVG"}
SHOWN_OF_TOTAL = P_("{shown:,} of {n:,} designation shown", "{shown:,} of {n:,} designations shown")
N_DESIGNATIONS = P_("{n:,} designation", "{n:,} designations")
COUNT_AND_RATE = "{count} ({rate:,.2f} {unit})"
ALL_DESIGNATIONS = N_("All designations")
ALL_KINDS = N_("All kinds")
TRANSBOUNDARY_NOTE = N_("A transboundary designation counts for each of its countries")
UNKNOWN = N_("unknown")
NOT_APPLICABLE = N_("n/a")
OPEN_LINK = N_("Open ↗")

# Table column headers (geo.tables.display_table and the pages' own tables).
COLUMNS = {
    "name": N_("Name"),
    "kind": N_("Kind"),
    "countries": N_("Countries"),
    "region": N_("Region"),
    "year": N_("Year"),
    "subtype": N_("Category / sector"),
    "in_danger": N_("In danger"),
    "transboundary": N_("Transboundary"),
    "area_ha": N_("Area (ha)"),
    "precision": N_("Location precision"),
    "verification": N_("Verification"),
    "url": N_("Official page"),
    "id": N_("ID"),
    "country": N_("Country"),
    "place": N_("Place"),
    "places": N_("Places"),
    "kinds": N_("Kinds"),
    "years": N_("Years"),
    "designations_years": N_("Designations (year)"),
    "all": ALL_DESIGNATIONS,
    "wh_in_danger": N_("World Heritage in danger"),
    "wh_danger_share": N_("Share of WH in danger"),
    "shared_places": N_("Places with several kinds"),
    "bri": N_("Belt and Road"),
    "in_atlas": N_("In the atlas"),
    "official_total": N_("Official total"),
    "coverage": N_("Coverage"),
    "countries_atlas": N_("Countries (atlas)"),
    "countries_official": N_("Countries (official)"),
    "official_as_of": N_("Official figure as of"),
}

# ---------------------------------------------------------------- every page: navigation, loading

PAGE_TITLES = {  # url path -> title in the navigation (and of the page, bar the map)
    "map": N_("Map"),
    "charts": N_("Charts"),
    "country": N_("Country profile"),
    "table": N_("Table and export"),
    "places": N_("Shared places"),
    "compare": N_("Compare countries"),
    "about": N_("About and sources"),
}
LOADING_ATLAS = N_("Loading the atlas…")
DRAWING_MAP = N_("Drawing the map…")
DATA_CANT_LOAD = N_("**The atlas data can't be loaded.** {message}")
REBUILD_OFFER = N_("You can also rebuild it from the raw files bundled with the project (about a minute).")
REBUILD_BUTTON = N_("Rebuild the data now")
REBUILD_RUNNING = N_("Rebuilding from the bundled raw data…")
REBUILD_FAILED_STATUS = N_("The rebuild failed")
REBUILD_FAILED = N_("Rebuild failed: {error}. Run `make build` in a terminal to see the details.")
REBUILD_OFF = N_(
    "Ask whoever runs this server to rebuild it (rebuilding from this page is switched off "
    "here; set UNESCO_ATLAS_REBUILD=on to allow it)."
)
REBUILD_DONE = N_("Rebuilt")

# What is wrong with the processed data (geo.store.DataError); {command} is REBUILD_COMMAND.
REBUILD_COMMAND = "make build   (or: python -m geo build)"
DATA_FILE_MISSING = N_("{file} is missing from the processed data. Build it with: {command}")
DATA_FILE_CORRUPT = N_(
    "{file} could not be read ({error}): the file looks truncated or corrupt. Rebuild it with: {command}"
)
DATA_FILE_UNREADABLE = N_("{file} could not be read ({error}). Rebuild it with: {command}")
DATA_FILE_OLD = N_("{file} comes from an older build (missing columns: {missing}). Rebuild it with: {command}")
DATA_REPORT_OLD = N_("{file} comes from an older build (missing: {missing}). Rebuild it with: {command}")
DATA_OTHER_VERSION = N_(
    "The processed data comes from another version of the atlas (schema {found}, "
    "expected {expected}). Rebuild it with: {command}"
)
DATA_FILE_INVALID = N_(
    "{file} holds values the atlas cannot use: {problems}. The file was changed or written "
    "by something else than the build. Rebuild it with: {command}"
)
DATA_FILE_EMPTY = N_("{file} holds no rows: the build that wrote it went wrong. Rebuild it with: {command}")

# Notices about link parameters that were ignored or changed (geo.urlstate). {value} is quoted.
URL_FIRST_OF_SEVERAL = N_("Used the first of several '{key}' values.")
URL_NOT_A_CHOICE = N_("Ignored {key} {value} (expected {choices}).")
URL_NOT_A_FLAG = N_("Ignored {key} {value} (expected 1 or 0).")
URL_UNKNOWN = {  # what was not recognised, by how many
    "parameter": P_("unknown parameter", "unknown parameters"),
    "kind": P_("unknown kind", "unknown kinds"),
    "region": P_("unknown region", "unknown regions"),
    "category": P_("unknown category", "unknown categories"),
    "country": P_("unknown country code", "unknown country codes"),
}
URL_IGNORED = N_("Ignored {what} {values}.")
URL_IGNORED_MORE = N_("Ignored {what} {values} and {more} more.")
URL_BAD_YEAR = N_("Ignored year {value} (expected e.g. 2000-2025).")
URL_BAD_VIEW = N_("Ignored map view {value} (expected latitude,longitude,zoom, e.g. 46.5,9.8,6).")
URL_YEAR_OUTSIDE = N_("Ignored year {value} (outside {low}-{high}).")
URL_YEARS_SWAPPED = N_("Swapped the reversed year range {low}-{high}.")
URL_SEARCH_SHORTENED = P_("Shortened the search text to {n} character.", "Shortened the search text to {n} characters.")
URL_BAD_MIN_KINDS = N_("Ignored minkinds {value} (expected 1 to {most}).")
URL_UNKNOWN_SITE = N_("Ignored unknown site {value}.")
URL_TOO_LONG = N_("Ignored the end of an over-long '{key}' value.")

# ---------------------------------------------------------------- sidebar: filters and sharing

FILTERS = N_("Filters")
FILTER_KINDS = N_("Designation kinds")
FILTER_KINDS_HELP = N_("Nothing selected shows every kind.")
FILTER_REGIONS = N_("UNESCO region")
ALL_REGIONS = N_("All regions")
FILTER_COUNTRIES = N_("Countries")
ALL_COUNTRIES = N_("All countries")
FILTER_YEARS = N_("Year designated")
FILTER_WH_CATEGORIES = N_("World Heritage category")
FILTER_WH_CATEGORIES_HELP = N_("Applies to World Heritage properties only; other kinds are unaffected.")
FILTER_DANGER = N_("In danger only")
FILTER_DANGER_HELP = N_("World Heritage properties on the List of World Heritage in Danger.")
FILTER_TRANSBOUNDARY = N_("Transboundary only")
FILTER_BRI = N_("Belt and Road countries only")
FILTER_MIN_KINDS = N_("Kinds held by the same place")
FILTER_MIN_KINDS_HELP = N_(
    "Keep designations whose place also holds other kinds (e.g. Huangshan: "
    "World Heritage, Biosphere Reserve and Global Geopark)."
)
MIN_KINDS_ANY = N_("any")
MIN_KINDS_AT_LEAST = N_("{n} or more")
FILTER_SEARCH = N_("Search names")
FILTER_SEARCH_PLACEHOLDER = N_("e.g. Huangshan, Venise, 黄山")
CLEAR_FILTERS = N_("Clear all filters")
LANGUAGE = N_("Language")
LANGUAGE_HELP = N_(
    "The interface, and the site and country names where the sources have them, in the six "
    "UN languages. The choice is kept in the link."
)
SHARE = N_("Share this view")
SHARE_LINK = N_("Anyone opening this link sees exactly this view.")
SHARE_PRESENTATION = N_("Presentation mode (no sidebar, large type):")
SHARE_EMBED = N_("Embed this view in a web page:")

# ---------------------------------------------------------------- map page

SHOWN = N_("Shown")
MAP_SHOWS = N_("Map shows")
MAP_COUNT = N_("Count")
FIND_SITE = N_("Find a site")
FIND_SITE_PLACEHOLDER = N_("Type a name to zoom to it…")
FIND_SITE_NONE = N_("No site of that name among those the filters show.")
SITE_CHOICE = "{name} — {kind}, {countries}"
MAP_HINT = N_("Click a marker, or find a site above, to see it here.")
SHADED_HINT = N_("Click a country to open its profile.")
TOO_MANY_TO_DRAW = P_(
    "{n:,} site is too many to draw one by one, so the map shades countries. Narrow the filters to see the sites.",
    "{n:,} sites are too many to draw one by one, so the map shades countries. Narrow the filters to see the sites.",
)
DOWNLOAD_MAP = N_("Download this map (HTML, opens offline)")
DOWNLOAD_MAP_HELP = N_(
    "A self-contained page: Leaflet and the data are inside the file. Charts can "
    "be saved as PNG or SVG from their toolbar (camera icon)."
)
BASE_MAP = N_("Base map")
BASE_MAP_LABELS = {"offline": N_("Offline"), "osm": N_("OpenStreetMap (online)")}
BASE_MAP_HELP = N_(
    "Offline: places, provinces, rivers, lakes and seas from Natural Earth, drawn from this "
    "app's own files. OpenStreetMap: detailed online tiles, fetched from the tile server; "
    "without a network the map says so and keeps the offline layers."
)
SITE_SINCE = N_("since {year}")
SITE_YEAR_UNKNOWN = N_("year unknown")
SITE_IN_DANGER = N_("**in danger**")
SITE_LOCATION = N_("Location: {precision} ({method}). Verification: {verification}.")
OFFICIAL_PAGE = N_("Official page ↗")

# ---------------------------------------------------------------- charts page (and charts elsewhere)

IMAGE_FORMAT = N_("Chart downloads")
IMAGE_FORMAT_HELP = N_(
    "The format the camera button in each chart's toolbar saves: PNG (an image) or "
    "SVG (a drawing that stays sharp at any size)."
)
RANK_COUNTRIES_BY = N_("Countries ranked by")
PER_YEAR_TAB = N_("Per year")
CUMULATIVE_TAB = N_("Cumulative")
BRI_LENS = N_("Belt and Road lens")
BRI_LENS_HINT = N_(
    "To see the Belt and Road countries alone on the map or in any chart, switch on "
    "“Belt and Road countries only” in the sidebar."
)
YEAR_BY_YEAR = N_("Year by year")
YEAR_BY_YEAR_HINT = N_(
    "Press Play (or Tab to it and press Space) to watch the designations accumulate, "
    "and again to pause; the slider picks a year. The year range filter applies."
)
PLAY = N_("Play")
PAUSE = N_("Pause")
TIMELINE_YEAR = N_("Year shown")
REDUCED_MOTION_NOTE = N_(
    "Your system asks for reduced motion, so the years do not play by themselves: "
    "move the slider (arrow keys) to step through them."
)

# ---------------------------------------------------------------- country profile

COUNTRY = N_("Country")
CHOOSE_COUNTRY = N_("Choose a country…")
COUNTRY_HINT = N_("Choose a country above, or open one from the map's country shading.")
NO_REGION = N_("No UNESCO region")
COUNTRY_FACTS = N_(
    "{region} · population {population:,.0f} · area {area:,.0f} km² (Natural Earth) · "
    "figures follow the sidebar filters except the country list"
)
IN_DANGER = P_(
    "{n} World Heritage property is on the List of World Heritage in Danger.",
    "{n} World Heritage properties are on the List of World Heritage in Danger.",
)
BRI_LINE = N_("**Belt and Road:** {status}")
SITES_BY_KIND = N_("Sites by kind")
SHARED_PLACES_HEADING = N_("Places that hold several designations")
NO_SHARED_PLACES = N_("None among the designations shown.")

# ---------------------------------------------------------------- country brief (geo.brief, to print)

BRIEF_DOWNLOAD = N_("Country brief (A4, print or save as PDF)")
BRIEF_DOWNLOAD_HELP = N_(
    "A page that opens in any browser, offline, and prints on two A4 pages at most: figures, "
    "map, sites by kind, places holding several designations, the region comparison and sources. "
    "Print it, or choose “Save as PDF” in the print dialogue."
)
BRIEF_TITLE = N_("Country brief")
BRIEF_PAGE_TITLE = "{country} · {what}"
BRIEF_FACTS = N_("{region} · population {population:,.0f} · area {area:,.0f} km² (Natural Earth)")
BRIEF_DATA_DATE = N_("Data as of {date}")
BRIEF_FILTERED = N_("The figures follow the atlas's filters when the brief was made (all but the country list).")
BRIEF_IN_DANGER = P_("{n:,} in danger", "{n:,} in danger")
BRIEF_MAP_HEADING = N_("Where the sites are")
BRIEF_OUTSIDE_MAP = P_(
    "{n:,} site lies outside this map (overseas, or mapped in a neighbouring country).",
    "{n:,} sites lie outside this map (overseas, or mapped in a neighbouring country).",
)
BRIEF_KIND_HEADING = "{kind} ({n:,})"
BRIEF_KIND_YEAR = "{kind} ({year})"
BRIEF_SOURCE = N_("Snapshot: {snapshot}. Licence: {licence}. Credit: {credit}")
BRIEF_AVERAGE = N_("Average")

# ---------------------------------------------------------------- table and export

TABLE_HINT = N_("{shown} · sort by clicking a column header; search with the table's magnifier or the sidebar.")
DOWNLOAD_CSV = N_("Download CSV")
DOWNLOAD_GEOJSON = N_("Download GeoJSON")
TABLE_CAPPED = P_(
    "The table shows the first {limit:,} of {n:,} row; the downloads hold them all. "
    "Narrow the filters to see the rest here.",
    "The table shows the first {limit:,} of {n:,} rows; the downloads hold them all. "
    "Narrow the filters to see the rest here.",
)
DOWNLOADS_NOTE = N_("Downloads hold every designation the filters select. Credit the sources listed on the About page.")
DOWNLOAD_EXCEL = N_("Download Excel")
SHEET_DESIGNATIONS = N_("Designations")  # Excel sheet names: at most 31 characters, no []:*?/\\
SHEET_ABOUT = N_("About this data")
ABOUT_SHEET_ROWS = {  # the "About this data" sheet: one line each
    "filters": N_("Filters"),
    "data_date": N_("Data of"),
    "rows": N_("Rows"),
    "sources": N_("Sources"),
    "disclaimer": N_("Disclaimer"),
}
SOURCE_FIELDS = {  # the sources' columns on the "About this data" sheet (data/reference/sources.csv)
    "title": N_("Source"),
    "licence": N_("Licence"),
    "credit": N_("Credit"),
    "snapshot_date": N_("Snapshot date"),
}

# ---------------------------------------------------------------- shared places

PLACES_INTRO = N_(
    "Places where UNESCO designations of different kinds overlap: designations close to each "
    "other with similar names are counted as one place."
)
PLACES_SHOWN = N_("Places shown")
HOLDING_N_KINDS = P_("Holding {n} kind", "Holding {n} kinds")
PLACES_NOTE = P_(
    "At least {n} kind per place (change it in the sidebar) · other filters apply.",
    "At least {n} kinds per place (change it in the sidebar) · other filters apply.",
)
EVERY_SHARED_PLACE = N_("Every shared place")

# ---------------------------------------------------------------- compare countries

COMPARE_PICK = N_("Countries to compare (two to five)")
CHOOSE_COUNTRIES = N_("Choose countries…")
NOT_FOUND_TITLE = N_("Page not found")
NOT_FOUND_TEXT = N_("This address is not one of the UNESCO Sites Atlas's pages.")
NOT_FOUND_HOME = N_("Open the atlas's map")
URL_BAD_TRIMMED = N_("Ignored trimmed {value} (expected the number of parameters left out).")
URL_TRIMMED = P_(
    "This link was longer than the dashboard accepts: its last parameter was left out; the rest applies.",
    "This link was longer than the dashboard accepts: its last {n} parameters were left out; the rest applies.",
)
COMPARE_DROPPED = P_(
    "The link names {n} country; the comparison shows the first {most}. Left out: {dropped}.",
    "The link names {n} countries; the comparison shows the first {most}. Left out: {dropped}.",
)
COMPARE_HINT = N_(
    "Choose at least two countries (for example China, France and Italy). They are kept in "
    "the link as the country filter."
)
COUNTED_FOR_EACH_COUNTRY = N_("A transboundary designation counts once for each of its countries.")

# ---------------------------------------------------------------- about and sources

ABOUT_INTRO = N_(
    "{tagline}. Every record is placed on the map; where a source gives no coordinates the "
    "atlas geocodes the host city or locality offline and says how precise the point is. "
    "Every filter lives in the page address, so a copied link reopens the same view."
)
COVERAGE_HEADING = N_("Coverage against the official totals")
COVERAGE_NOTE = N_(
    "Official totals: UNESCO Data Hub metadata as read by a public client (late 2026). "
    'UNESCO publishes no count of category 2 centres; its pages said "over 100" in 2018–2022.'
)
PRECISION_HEADING = N_("How precise the points are")
OUTSIDE_COUNTRY = P_(
    "{n} point falls outside its country's outline (flagged, not moved)",
    "{n} points fall outside their country's outline (flagged, not moved)",
)
OUTSIDE_COUNTRY_NOTE = N_(
    "Countries always come from the UNESCO record. A point can fall outside because the "
    "source point is wrong, because the site is offshore, or because Natural Earth draws a "
    "disputed border its own way (Crimea, for example)."
)
MISSING_HEADING = N_("What is known to be missing")
SOURCE_SUMMARY = N_("{source}: {kept} kept of {read} read, {rejected} set aside")
SOURCES_HEADING = N_("Sources, licences and credits")
TILES_SOURCE = N_(
    "**Online base map (optional, off by default: Base map → OpenStreetMap)**  \nTiles from {host}.  \nCredit: {credit}"
)
SOURCE_USES = {  # what each source of data/reference/sources.csv is used for (its title and credit stay as cited)
    "world_heritage": N_(
        "World Heritage properties: names in six languages, coordinates, category, criteria, area, danger status"
    ),
    "world_heritage_2026": N_("The 25 inscriptions of 2026 and the List in Danger changes of 2026"),
    "biosphere_reserve": N_("Biosphere Reserves of the Man and the Biosphere (MAB) Programme"),
    "global_geopark": N_("UNESCO Global Geoparks: names, countries, dates, area, coordinates, official pages"),
    "category2_centre": N_("Category 2 centres by host city (geocoded offline by this project)"),
    "natural_earth": N_(
        "Country polygons, names, population; the offline base map (places in five languages, provinces, rivers, lakes, seas)"
    ),
    "geonames": N_("Offline geocoding of host cities and localities"),
    "bri": N_("Belt and Road filter and lens"),
    "unesco_regions": N_("Region of each country (for non-WH kinds and country views)"),
}
SOURCE_ENTRY = N_(
    "**{title}**  \nUsed for: {used_for}. Snapshot: {snapshot}.  \nLicence: {licence}.  \nCredit: {credit}"
)

# ---------------------------------------------------------------- charts (geo.charts)

CHART_NO_DATA = N_("No designations match the current filters")
CHART_NO_WH = N_("No World Heritage properties match the current filters")
CHART_NO_COUNTRIES = N_("Choose countries to compare")
AXIS_DESIGNATIONS = N_("Designations")
AXIS_YEAR = N_("Year")
AXIS_CUMULATIVE = N_("Designations (cumulative)")
AXIS_PER_COUNTRY = N_("Designations per country")
PER_AXIS = {
    "raw": N_("Designations"),
    "pop": N_("Designations per million people"),
    "area": N_("Designations per 100,000 km²"),
}
TOP_COUNTRIES_TITLES = {
    "raw": N_("Countries with the most designations"),
    "pop": N_("Most designations per million people"),
    "area": N_("Most designations per 100,000 km²"),
}
TOP_N = N_("Top {n} · {note}")
VS_REGION_TITLE = N_("{country} and its region's average")  # the legend names the region
BY_KIND_TITLE = N_("{country}: designations by kind")
NO_REGION_AVERAGE = N_("No region average: the country has no UNESCO region")
REGION_AVERAGE = P_("{region} average ({n} country)", "{region} average ({n} countries)")
COMPARE_KINDS_TITLE = N_("Designations by kind, country by country")
COMPARE_GROWTH_TITLE = N_("Designations over time, country by country")
CUMULATIVE_NOTE = N_("Cumulative · {note}")
HOVER_DESIGNATIONS_BY = N_("{count} designations by {year}")
DESIGNATIONS_PER_YEAR = N_("Designations per year")
CUMULATIVE_TITLE = N_("Designations over time (cumulative)")
UNDATED_NOTE = N_("Designations without a year are not shown ({n:,})")
TIMELINE_TITLE = N_("Designations over time, by region")
TIMELINE_NOTE = N_("Up to {year} · cumulative; each designation counted once, in its own region")
HIERARCHY_TITLE = N_("Designations by region, country and kind")
WORLD = N_("World")
WH_CATEGORIES_TITLE = N_("World Heritage properties by category")
PROPERTIES = N_("properties")
DANGER_TITLE = N_("World Heritage in danger, by region")
DANGER_NOTE = N_("World Heritage properties in the current selection")
DANGER_PANELS = (N_("Properties in danger"), N_("Share of the region's properties"))
HOVER_IN_DANGER = N_("World Heritage in danger: {count} of {total} ({share})")
CHOROPLETH_TITLES = {**PER_TITLES, "raw": N_("Designations by country")}  # the chart's; the map's legend: PER_TITLES
LOG_SCALE_NOTE = N_("{note} · logarithmic colour scale")
NO_FIGURE = {"pop": N_("no population figure"), "area": N_("no area figure")}
NO_DESIGNATIONS = N_("No designations")
NO_VALUE = N_("No value")
BRI_TITLE = N_("Belt and Road countries and the rest: designations per country")
BRI_NOTE = N_("GFDC list of December 2023 · {note}")
HOVER_PER_COUNTRY = N_("{value} per country ({count} in all)")
PLACES_BY_COUNTRY_TITLE = N_("Countries with the most shared places")
PLACES_BY_COUNTRY_NOTE = N_("Top {n}")
PLACES_AXIS = N_("Places holding several kinds")
HOVER_PLACES = N_("{count} shared places (each counted in the country of its first designation)")

# Each chart's text alternative (geo.chart_text): "{title}. {sentence}" and its data on demand.
CHART_SUMMARY = "{title}. {sentence}"
SUMMARY_EMPTY = "{message}."
SUMMARY_ONE = "{top}: {top_value}."
SUMMARY_RANKED = N_("Highest: {top} ({top_value}); lowest: {bottom} ({bottom_value}); {n} in all.")
SUMMARY_YEARS = N_("From {first} to {last}; the most in {peak} ({value}).")
SUMMARY_BY_END = N_("By {last}: {values}.")
SUMMARY_HIGHEST = N_("Highest: {category}, {series} ({value}).")
SUMMARY_SHARE = N_("Largest share: {label}, {value} of {total} ({share:.0%}).")
SUMMARY_PAIR = "{name} {value}"
CHART_DATA = N_("Data table: {title}")
CHART_CATEGORY = N_("Category")
CHART_VALUE = N_("Value")
CHART_PATH = "{parent} › {child}"

# ---------------------------------------------------------------- maps (geo.maps, static/atlas/atlas.js)

MAP_LEGEND_TITLE = N_("UNESCO designations")
MAP_DISCLAIMER = N_(
    "The boundaries and names shown and the designations used on this map do not imply "
    "official endorsement or acceptance by the United Nations/UNESCO."
)
MAP_ATTRIBUTION = "Leaflet | Made with Natural Earth"
MAP_PRECISION_LABELS = {
    "source": N_("Located from a source"),
    "locality": N_("Approximate location: the town the record names"),
    "ambiguous": N_("Approximate location: one of several towns of the name the record gives"),
    "doubtful": N_("Approximate location: the source's point failed the atlas's checks"),
    "country": N_("Approximate location: the country's centre (no closer location known)"),
}
PRECISION_REASONS = {  # why a point is approximate: one sentence per geocode_precision (not "source")
    "locality": N_("The source names a town or locality, not the site itself, so the point is that place."),
    "ambiguous": N_("The source names a town that exists several times in the country; the point is one of them."),
    "doubtful": (
        N_(
            "The source's point failed the atlas's checks (it lies outside the site's country, or the "
            "source's own note doubts it), so it may be wrong."
        )
    ),
    "country": N_("The source gives no place within the country, so the point is the middle of the country."),
}
MAP_REGION_LABEL = N_("Map of UNESCO designations")
MAP_SUMMARY = N_("{what} in {where}")
MAP_SUMMARY_WORLD = N_("{what} worldwide")
KIND_COUNTS = {  # "12 World Heritage properties": a count of one kind (map summaries)
    "world_heritage": P_("{n:,} World Heritage property", "{n:,} World Heritage properties"),
    "biosphere_reserve": P_("{n:,} Biosphere Reserve", "{n:,} Biosphere Reserves"),
    "global_geopark": P_("{n:,} UNESCO Global Geopark", "{n:,} UNESCO Global Geoparks"),
    "category2_centre": P_("{n:,} category 2 institute or centre", "{n:,} category 2 institutes and centres"),
}
MAP_SUMMARY_KINDS = P_("{n:,} designation: {parts}", "{n:,} designations: {parts}")
MAP_SUMMARY_SHADED = N_("Countries shaded by {what}")
AND_LIST = N_("{first} and {last}")
MAP_SUMMARY_NONE = N_("No designation matches the filters")
YEAR_LABELS = {  # the year line of a popup
    "world_heritage": N_("Inscribed"),
    "biosphere_reserve": N_("Designated"),
    "global_geopark": N_("Designated"),
    "category2_centre": N_("Established"),
}
YEAR_LABEL = N_("Year")
UNNAMED = N_("(unnamed)")
NO_DATA_LABEL = N_("No designation (or no data)")
# The online tiles' credit on the map (Leaflet shows attributions as HTML: constant markup only).
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
OSM_CREDIT = N_("© OpenStreetMap contributors (openstreetmap.org/copyright), ODbL")
TILES_CREDIT_DEFAULT = N_("Map tiles: {host}")
BASEMAP_TEXT = {  # drawn by static/atlas/basemap.js
    "tilesUnavailable": (
        N_("The online base map could not be reached (no network?): showing the offline base map instead.")
    ),
}
NOT_DRAWN = N_("Not drawn at this scale: {countries}")
# Counted texts of the maps are written here (the count is known); atlas.js's own texts put the
# number after a colon ("Sites in view: 12"), which reads right in every language without plural forms.
MAP_MISSING = P_(
    "{n:,} site has no coordinates and is not shown.", "{n:,} sites have no coordinates and are not shown."
)
MAP_TEXT = {  # popups and legends drawn by static/atlas/atlas.js ({n}: a number)
    "country": N_("Country"),
    "countries": N_("Countries"),
    "status": N_("Status"),
    "inDanger": N_("In Danger"),
    "notInDanger": N_("Not in Danger"),
    "location": N_("Location"),
    "verification": N_("Verification"),
    "officialPage": OFFICIAL_PAGE,
    "toggle": N_("Show or hide on the map"),
    "dangerRow": N_("World Heritage in Danger"),
    "legendNote": N_("Click a row to show or hide it. Numbers count grouped sites; zoom in or click to expand."),
    "noDetails": N_("The details of this site could not be loaded. Try again in a moment."),
    "approximate": N_("Approximate location."),
    "approxRow": N_("Hollow: approximate location"),
    "cluster": N_("{kind}, a group: {n}. Press Enter to zoom in"),
    "fit": N_("Fit to results"),
    "fitTitle": N_("Reset the view to fit the filtered sites"),
    "listSummary": N_("Sites in view: {n}"),
    "listMore": N_("Not listed here: {n}. Zoom in to list them."),
    "noMap": N_("The map could not be loaded. Reload the page to try again."),
}


# ---------------------------------------------------------------- presentation mode and embedded views

# Under the title line in presentation mode (geo.describe.view_title): the data's date and sources.
PRESENT_DATA_DATE = N_("Data of {date}")
EXIT_PRESENTATION = N_("Exit presentation")
EXIT_PRESENTATION_HELP = N_("Open this view with the sidebar and the page's controls")

# ---------------------------------------------------------------- exports: what a file says of itself

# The filters in words (geo.describe.filters_in_words), parts joined by " · ".
ALL_UNESCO_DESIGNATIONS = N_("All UNESCO designations")
WORLDWIDE = N_("worldwide")
MORE_PLACES = P_("{first} and {n:,} other", "{first} and {n:,} others")
YEARS_SINCE = N_("since {year}")
YEARS_UNTIL = N_("until {year}")
YEARS_IN = N_("in {year}")
YEARS_FROM_TO = N_("{first}–{last}")
WORDS_WH_CATEGORIES = N_("World Heritage: {categories}")
WORDS_IN_DANGER = N_("in danger")
WORDS_TRANSBOUNDARY = N_("transboundary")
WORDS_SEARCH = N_("names with “{text}”")
WORDS_MIN_KINDS = P_("places holding {n:,} kind or more", "places holding {n:,} kinds or more")
# Under a downloaded chart's title, and on a downloaded map.
EXPORT_NOTE = N_("Filters: {filters} · data of {date}")
CREDIT_LINE = N_(
    "Sources: UNESCO World Heritage Centre, UNESCO Data Hub, UNESCO MAB Programme, Wikidata, "
    "Natural Earth, GeoNames, Green Finance & Development Center"
)
EXPORT_TITLE = "{app} — {filters}"
SOURCE_CREDIT = N_("{credit} (licence: {licence})")
LEAFLET_CREDIT = N_("Map drawn with Leaflet (BSD 2-Clause licence) and Leaflet.markercluster (MIT licence).")


# ---------------------------------------------------------------- reading a text in the run's language

# The English sources leave the module's namespace, so that every ``labels.NAME`` goes through
# __getattr__ below and comes back translated (PEP 562).
_SOURCES = {name: value for name, value in globals().items() if name.isupper() and not callable(value)}
for _name in _SOURCES:
    del globals()[_name]
_LOCALIZED: dict[tuple[str, str], Any] = {}


def __getattr__(name: str) -> Any:
    try:
        source = _SOURCES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    key = (name, i18n.current())
    if key not in _LOCALIZED:
        _LOCALIZED[key] = i18n.localize(source)
    return _LOCALIZED[key]
