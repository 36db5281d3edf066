/* UNESCO Sites Atlas — starts loading the map code as soon as the page draws its first element
 * (app_pages/livemap.py::preload_code puts it at the top of a page with a map; __URLS__ becomes
 * {css: url, js: url} of the published bundle). The live map (live.js), mounted only once
 * Streamlit has loaded its component code and drawn the whole page, then finds the code loaded
 * or loading: both share window.UnescoAtlasLoading (address -> promise). */
(function () {
  var loading = (window.UnescoAtlasLoading = window.UnescoAtlasLoading || {}), urls = __URLS__;
  Object.keys(urls).forEach(function (kind) {
    var url = urls[kind];
    if (loading[url]) return;
    loading[url] = new Promise(function (resolve, reject) {
      var node = document.createElement(kind === "css" ? "link" : "script");
      if (kind === "css") { node.rel = "stylesheet"; node.href = url; } else { node.src = url; }
      node.onload = resolve;
      node.onerror = function () { delete loading[url]; reject(new Error("could not load " + url)); };
      document.head.appendChild(node);
    });
  });
})();
