"""Prints the five slowest tests at the end of the session."""
import time

_durations = {}


def pytest_runtest_setup(item):
    item._t0 = time.perf_counter()


def pytest_runtest_teardown(item):
    _durations[item.nodeid] = time.perf_counter() - item._t0


def pytest_terminal_summary(terminalreporter):
    for nodeid, d in sorted(_durations.items(), key=lambda kv: -kv[1])[:5]:
        terminalreporter.write_line(f"{d:.3f}s {nodeid}")
