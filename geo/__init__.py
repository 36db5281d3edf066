"""UNESCO Sites Atlas data layer: sources, geocoding, filters, figures. No Streamlit here."""
