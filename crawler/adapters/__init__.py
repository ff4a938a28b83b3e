"""Marketplace adapters: one module per kind, each registering its ``Adapter`` subclass.

Importing this package imports every kind, so :func:`adapter_for` finds them all.
"""

from faceleak.crawler.adapters import autoshop, discourse, discuz, html, phpbb, telegram
from faceleak.crawler.adapters.base import Adapter, Page, RawPost, Thread, adapter_for

KINDS = (autoshop, discourse, discuz, html, phpbb, telegram)

__all__ = ["KINDS", "Adapter", "Page", "RawPost", "Thread", "adapter_for"]
