"""The deploy tests run the nginx cluster of deploy/ (tests/deploy/cluster.py). Each is marked
``deploy`` and skipped, with the reason, where nginx is not installed; .ci/run installs Debian's
nginx, so there they run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.deploy.cluster import NGINX, NO_NGINX, start_cluster, stop_cluster


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.deploy)
            if not Path(NGINX).exists():
                item.add_marker(pytest.mark.skip(reason=NO_NGINX))


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two replicas behind nginx, for the whole module."""
    running = start_cluster(tmp_path_factory.mktemp("cluster"), 2)
    yield running
    stop_cluster(running)
