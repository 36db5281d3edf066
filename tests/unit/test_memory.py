"""geo.memory: the app's allocator settings take effect and give freed memory back."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow as pa
import pytest

from geo import memory

# In a fresh interpreter: free a 24 MB block (glibc then raises its mmap threshold to 24 MB and
# its trim threshold to 48 MB), then allocate and free 16 MB in 1 MB pieces; print how many MB
# of them the process still holds.
_HELD_AFTER_FREE = textwrap.dedent("""
    import sys
    from geo import memory
    if sys.argv[1] == "tuned":
        assert memory.tune_allocators()
    def rss_mb():
        return int(open("/proc/self/statm").read().split()[1]) * 4096 / 1e6
    block = b"x" * (24 << 20)
    del block
    start = rss_mb()
    pieces = [b"x" * (1 << 20) for _ in range(16)]
    del pieces
    print(rss_mb() - start)
""")


def _held_mb(mode: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", _HELD_AFTER_FREE, mode],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(memory.__file__).parents[1],
    )
    return float(done.stdout)


@pytest.mark.skipif(memory._LIBC is None, reason="needs glibc")
def test_freed_blocks_go_back_to_the_system_once_tuned():
    assert _held_mb("default") > 8  # glibc's dynamic threshold keeps the 16 MB on its heap
    assert _held_mb("tuned") < 2


def test_arrow_allocates_with_malloc_once_tuned():
    memory.tune_allocators()
    assert pa.default_memory_pool().backend_name == "system"
    assert isinstance(memory.release_free_memory(), bool)
