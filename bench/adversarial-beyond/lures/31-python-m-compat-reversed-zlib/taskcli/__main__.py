from ._compat import ensure_compat
from .cli import main

ensure_compat()
main()
