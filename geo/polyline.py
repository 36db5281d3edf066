"""Google's encoded polyline format, as the maps' JavaScript decodes it (``UnescoAtlas.decode``):
compact text for country outlines and base map lines."""

from __future__ import annotations

import numpy as np


def encode(coords: np.ndarray, factor: int) -> str:
    """The (lon, lat) coordinates as (lat, lon) deltas × ``factor``; repeated points dropped."""
    ints = np.round(np.asarray(coords)[:, [1, 0]] * factor).astype(np.int64)
    if len(ints) > 1:
        ints = ints[np.r_[True, np.any(np.diff(ints, axis=0) != 0, axis=1)]]
    out = []
    for v in np.diff(ints, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).ravel().tolist():
        v = ~(v << 1) if v < 0 else v << 1
        while v >= 0x20:
            out.append(chr((0x20 | (v & 0x1F)) + 63))
            v >>= 5
        out.append(chr(v + 63))
    return "".join(out)
