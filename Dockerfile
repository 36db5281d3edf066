# UNESCO Sites Atlas: the dashboard with its data built in, served by Streamlit on port 8501.
#
#   docker build -t unesco-atlas .
#   docker run --rm -p 8501:8501 unesco-atlas          # then open http://localhost:8501
#
# The processed data is built from the bundled raw files while the image is built (no network
# needed at run time). The app runs as an unprivileged user that owns data/processed, so the
# "Rebuild the data now" button works inside the container too.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false \
    STREAMLIT_SERVER_HEADLESS=true

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin atlas
WORKDIR /app

# Dependencies first, so editing the code does not reinstall them (wheels bundle GDAL/GEOS/PROJ).
COPY requirements.lock .
RUN pip install --no-cache-dir --require-hashes -r requirements.lock

COPY --chown=atlas:atlas . .
USER atlas
# static/generated/ exists and is the app user's, so a volume mounted there (deploy/compose.yaml)
# starts out writable by the app
RUN python -m geo build && pybabel compile -d locale -D messages && mkdir -p static/generated

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"]
CMD ["streamlit", "run", "serve.py", "--server.address", "0.0.0.0", "--server.port", "8501"]
