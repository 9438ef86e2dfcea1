from setuptools import setup, Extension

setup(
    name='fastcsv',
    version='0.1.0',
    packages=['fastcsv'],
    ext_modules=[Extension('fastcsv._speedups', ['src/speedups.c'])],
)
