"""Logging to stderr for operators: plain lines or one JSON object per line (``--log-json``).

The daemon logs at INFO by default (every delivery outcome and crawl result is a line); the
one-shot commands at WARNING, since they print their own summary. ``-v`` and ``-q`` move
one level down or up. The handler looks stderr up at each record, so a redirected or
replaced stream (tests, daemons under supervisors) is honoured.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import TextIO

LEVELS = (logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR)
_HANDLER_NAME = "faceleak-stderr"


class _StderrHandler(logging.StreamHandler):
    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:  # StreamHandler assigns it; ignored
        pass


class JsonFormatter(logging.Formatter):
    """``{"ts", "level", "logger", "message"}`` (+ ``exc`` with a traceback) per line."""

    def format(self, record: logging.LogRecord) -> str:
        doc = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            doc["exc"] = self.formatException(record.exc_info)
        return json.dumps(doc, ensure_ascii=False)


def level_for(verbose: int, quiet: int, *, daemon: bool) -> int:
    base = LEVELS.index(logging.INFO if daemon else logging.WARNING)
    return LEVELS[max(0, min(len(LEVELS) - 1, base - verbose + quiet))]


def configure_logging(level: int, *, as_json: bool = False) -> logging.Handler:
    """One stderr handler on the root logger (replacing ours from an earlier call)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
    handler = _StderrHandler()
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(
        JsonFormatter() if as_json
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    handler.setLevel(level)
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("faceleak").setLevel(level)
    return handler
