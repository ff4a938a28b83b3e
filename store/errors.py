"""The one exception type the store raises for problems a user can fix (URL, driver, schema)."""

from __future__ import annotations


class StoreError(Exception):
    """A one-line, printable reason; the CLI shows ``str(exc)`` without a traceback."""
