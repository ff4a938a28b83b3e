"""Package facades whose heavy members load on first use (PEP 562 module ``__getattr__``).

Importing ``pkg.small`` runs ``pkg/__init__.py`` first, so a facade that imports all its
submodules makes every one of them cost what the heaviest does: the store's migrations load
Alembic, the extraction parsers compile hundreds of patterns, the media stack loads Pillow.
A facade names those members here instead; each is imported when first looked up, and
``from pkg import name`` works as before.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module
from typing import Any


def on_first_use(package: str, members: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``members`` maps each name to the submodule
    (relative to ``package``) that defines it."""

    def __getattr__(name: str) -> Any:
        if name not in members:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{members[name]}"), name)
        setattr(sys.modules[package], name, value)  # found directly from now on
        return value

    return __getattr__
