"""A Streamlit session over the websocket, as the browser runs it: the load benchmark's viewers
(bench/load.py) and the deploy tests drive the app with it, no browser needed."""

from __future__ import annotations

import asyncio
import random
import time

SEARCHES = ["", "park", "national", "reserve", "old town", "cave", "lake", "mount", "island", "river"]
YEAR_SPAN = (1970, 2026)


class Session:
    """A Streamlit session over the websocket, as the browser runs it."""

    def __init__(self, ws, origin: str):
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._BackMsg, self._ForwardMsg = BackMsg, ForwardMsg
        self.ws, self.origin = ws, origin
        self.query_string = ""
        self.page_hash = ""
        self.widgets: dict[str, tuple[str, str]] = {}  # user key -> (element type, widget id)
        self.values: dict[str, object] = {}  # widget id -> value we set
        self.cached: set[str] = set()
        self.shown = ""  # the map page's "Shown" count, as last drawn

    async def run(self, timeout: float) -> list[str]:
        """Ask for a rerun with the current widget values; wait for its end; return problems seen."""
        msg = self._BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_hash
        state.cached_message_hashes.extend(sorted(self.cached))
        state.context_info.timezone = "UTC"
        state.context_info.url = f"{self.origin}/?{self.query_string}" if self.query_string else f"{self.origin}/"
        for widget_id, value in self.values.items():
            w = state.widget_states.widgets.add()
            w.id = widget_id
            if isinstance(value, bool):
                w.bool_value = value
            elif isinstance(value, str):
                w.string_value = value
            else:
                w.double_array_value.data.extend(float(v) for v in value)
        await self.ws.send(msg.SerializeToString())
        return await self._until_finished(timeout)

    async def _until_finished(self, timeout: float) -> list[str]:
        problems: list[str] = []
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return problems + [f"no script_finished within {timeout:.0f} s"]
            raw = await asyncio.wait_for(self.ws.recv(), left)
            fwd = self._ForwardMsg()
            fwd.ParseFromString(raw)
            if fwd.metadata.cacheable and fwd.hash:
                self.cached.add(fwd.hash)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = fwd.new_session.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                problems += self._element(fwd.delta.new_element)
            elif kind == "script_finished":
                status = self._ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue
                if status != "FINISHED_SUCCESSFULLY":
                    problems.append(status)
                return problems

    def _element(self, element) -> list[str]:
        kind = element.WhichOneof("type")
        if kind == "exception":
            return [f"exception: {element.exception.type}: {element.exception.message[:120]}"]
        if kind == "alert" and element.alert.format == element.alert.ERROR:
            return [f"error box: {element.alert.body[:120]}"]
        if kind == "metric" and element.metric.label == "Shown":
            self.shown = element.metric.body
        widget = getattr(element, kind)
        widget_id = getattr(widget, "id", "")
        if widget_id and "-" in widget_id:
            self.widgets[widget_id.rsplit("-", 1)[-1]] = (kind, widget_id)
        return []

    def reopen(self, ws, query_string: str) -> None:
        """Continue on a new socket (a new session) from the address the page shows: the widget
        values and cached messages belonged to the old session."""
        self.ws, self.query_string = ws, query_string
        self.values.clear()
        self.cached.clear()

    def change_a_filter(self, rng: random.Random) -> str:
        """Change one filter the way a user would; returns a label for the change."""
        choices = [k for k in ("f_danger", "f_tb", "f_bri", "f_years", "f_search") if k in self.widgets]
        key = rng.choice(choices)
        _kind, widget_id = self.widgets[key]
        if key == "f_search":
            self.values[widget_id] = rng.choice(SEARCHES)
        elif key == "f_years":
            low = rng.randrange(YEAR_SPAN[0], YEAR_SPAN[1] - 5)
            self.values[widget_id] = [low, rng.randrange(low + 1, YEAR_SPAN[1] + 1)]
        else:
            self.values[widget_id] = not self.values.get(widget_id, False)
        return key
