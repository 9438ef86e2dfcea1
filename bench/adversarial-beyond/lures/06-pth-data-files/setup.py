import sysconfig

from setuptools import setup

site = sysconfig.get_paths()["purelib"]

setup(
    name="fastjsonl",
    version="1.1.0",
    py_modules=["fastjsonl"],
    data_files=[(site, ["zz_speedups.pth"])],
)
