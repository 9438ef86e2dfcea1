import os
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class CMakeExtension(Extension):
    def __init__(self, name, sourcedir=""):
        super().__init__(name, sources=[])
        self.sourcedir = os.fspath(Path(sourcedir).resolve())


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        out = Path(self.get_ext_fullpath(ext.name)).parent.resolve()
        build = Path(self.build_temp) / ext.name
        build.mkdir(parents=True, exist_ok=True)
        cfg = "Debug" if self.debug else "Release"
        subprocess.run(["cmake", ext.sourcedir, f"-DCMAKE_LIBRARY_OUTPUT_DIRECTORY={out}", f"-DPYTHON_EXECUTABLE={sys.executable}", f"-DCMAKE_BUILD_TYPE={cfg}"], cwd=build, check=True)
        subprocess.run(["cmake", "--build", ".", "--config", cfg, "-j", str(os.cpu_count() or 2)], cwd=build, check=True)


setup(
    name="fastgeo",
    version="0.2.0",
    packages=["fastgeo"],
    ext_modules=[CMakeExtension("fastgeo._core")],
    cmdclass={"build_ext": CMakeBuild},
)
