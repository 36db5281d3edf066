"""What the pages share: data access, the view in the URL, links, the sidebar, display helpers,
the look of the page, and the live map component. Pages import from here; nothing here is a page."""
