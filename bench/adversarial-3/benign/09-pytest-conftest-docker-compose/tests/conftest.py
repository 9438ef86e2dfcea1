import os
import shutil
import subprocess
import time

import pytest


def pytest_addoption(parser):
    parser.addoption("--integration", action="store_true", help="run tests that need Postgres")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--integration"):
        return
    skip = pytest.mark.skip(reason="needs --integration")
    for item in items:
        if "integration" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def postgres_url(request):
    if not request.config.getoption("--integration"):
        pytest.skip("integration only")
    if shutil.which("docker") is None:
        pytest.skip("docker not installed")
    subprocess.run(["docker", "compose", "-f", "tests/compose.yml", "up", "-d", "--wait"], check=True)
    request.addfinalizer(lambda: subprocess.run(["docker", "compose", "-f", "tests/compose.yml", "down", "-v"], check=False))
    time.sleep(1)
    return os.environ.get("TEST_DATABASE_URL", "postgresql://postgres:postgres@localhost:55432/test")
