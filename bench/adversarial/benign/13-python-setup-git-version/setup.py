import subprocess
from pathlib import Path

from setuptools import setup, find_packages
from setuptools.command.build_py import build_py


def git_version():
    try:
        out = subprocess.check_output(["git", "describe", "--tags", "--always"], stderr=subprocess.DEVNULL)
        return out.decode().strip().lstrip("v")
    except Exception:
        return "0.0.0+unknown"


class BuildWithVersion(build_py):
    def run(self):
        Path("geo_utils/_version.py").write_text(f'__version__ = "{git_version()}"\n')
        super().run()


setup(
    name="geo-utils",
    version=git_version(),
    packages=find_packages(),
    install_requires=["shapely>=2.0"],
    cmdclass={"build_py": BuildWithVersion},
)
