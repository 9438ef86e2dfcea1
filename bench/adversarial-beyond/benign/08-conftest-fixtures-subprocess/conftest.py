import sqlite3
import subprocess
import sys

import pytest


@pytest.fixture(scope="session")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "test.sqlite"
    con = sqlite3.connect(path)
    con.executescript(open("schema.sql").read())
    con.close()
    return path


@pytest.fixture
def env(monkeypatch, db_path):
    monkeypatch.setenv("INVOICER_DB", str(db_path))
    monkeypatch.delenv("INVOICER_API_KEY", raising=False)


@pytest.fixture
def cli(env):
    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "invoicer", *args], capture_output=True, text=True, check=False
        )

    return run
