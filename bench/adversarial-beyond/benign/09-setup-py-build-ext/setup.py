import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """Build the C speedups when a compiler is available; otherwise keep the pure-Python code."""

    def build_extension(self, ext):
        if sys.platform == "win32":
            ext.extra_compile_args = ["/O2"]
        else:
            ext.extra_compile_args = ["-O3", "-std=c99"]
        try:
            super().build_extension(ext)
        except Exception as exc:  # compiler missing
            print(f"warning: could not build {ext.name} ({exc}); using the pure-Python fallback")


setup(
    name="fasthash",
    version="0.4.0",
    packages=["fasthash"],
    ext_modules=[Extension("fasthash._speedups", ["fasthash/_speedups.c"])],
    cmdclass={"build_ext": OptionalBuildExt},
)
