"""Writes per-test durations to .pytest-timings.json (used to balance CI shards)."""
import json
import pathlib

_durations: dict[str, float] = {}


def pytest_runtest_logreport(report):
    if report.when == "call":
        _durations[report.nodeid] = round(report.duration, 4)


def pytest_sessionfinish(session, exitstatus):
    pathlib.Path(session.config.rootpath, ".pytest-timings.json").write_text(json.dumps(_durations, indent=2))
