/* UNESCO Sites Atlas — the live map, a Streamlit custom component (st.components.v2).
 *
 * Streamlit calls this module's function when the map is mounted and again whenever the app
 * sends new data; the map is made once and updated in place (UnescoAtlas.live). The map code
 * (Leaflet, Leaflet.markercluster, atlas.js as one bundle, published in the app's static folder)
 * is loaded once per page by URL, so it comes from the app itself and the browser caches it; the
 * page may have started loading it already (app_pages/livemap.py::preload_code).
 *
 * Back to the app: `select` (a site id), `country` (an ISO3 code) and `view` ("lat,lon,zoom")
 * triggers. The view also goes straight into the address (replacing the history entry), in
 * the place the app writes it, so the app's own update of the address adds no entry either.
 */
// Shared with the loader the page may have started early (app_pages/livemap.py::preload_code).
const loading = (window.UnescoAtlasLoading = window.UnescoAtlasLoading || {});

function load(url, tag) {
  if (!loading[url]) {
    loading[url] = new Promise((resolve, reject) => {
      const node = document.createElement(tag);
      if (tag === "link") {
        node.rel = "stylesheet";
        node.href = url;
      } else {
        node.src = url;
      }
      node.onload = resolve;
      node.onerror = () => {
        delete loading[url];
        reject(new Error("could not load " + url));
      };
      document.head.appendChild(node);
    });
  }
  return loading[url];
}

const EMBED = /^embed(_options)?=/;

/* The address with `view=` set: Streamlit's order (its embed options first, then the app's
 * parameters, `view` last), so the app writing the same view finds the address unchanged. */
function addressWithView(text) {
  const parts = window.location.search.replace(/^\?/, "").split("&").filter((p) => p && !p.startsWith("view="));
  const ordered = parts.filter((p) => EMBED.test(p)).concat(parts.filter((p) => !EMBED.test(p)));
  ordered.push("view=" + encodeURIComponent(text));
  return window.location.pathname + "?" + ordered.join("&") + window.location.hash;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const events = {
    select: (site) => setTriggerValue("select", site),
    country: (iso3) => setTriggerValue("country", iso3),
  };
  if (data.writeView) {
    events.view = (text) => {
      const params = new URLSearchParams(window.location.search);
      if (params.get("view") === text) return;
      window.history.replaceState(window.history.state, "", addressWithView(text));
      setTriggerValue("view", text);
    };
  }
  Promise.all([load(data.code.css, "link"), load(data.code.js, "script")]).then(() => {
    const atlas = window.UnescoAtlas;
    const view = data.writeView ? atlas.parseView(new URLSearchParams(window.location.search).get("view")) : null;
    atlas.live(parentElement, data, events, view);
  }, (err) => {
    parentElement.textContent = data.text.noMap;
    if (window.console) console.warn("UNESCO Sites Atlas: " + err.message);
  });
  return () => window.UnescoAtlas && window.UnescoAtlas.unmount(parentElement);
}
