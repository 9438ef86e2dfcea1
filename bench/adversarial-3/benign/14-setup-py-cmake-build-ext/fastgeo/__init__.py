from ._core import add  # noqa: F401
