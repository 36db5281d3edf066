"""What starts and drives the app for tests (and for the benchmark, which uses them): server, offline browser page, websocket session."""
