"""How a pass crawls its sources (``crawl:`` in the YAML): together, in one process."""

from __future__ import annotations

from pydantic import BaseModel, Field

from .fields import STRICT


class CrawlConfig(BaseModel):
    """``concurrency`` sources of a pass are crawled at once, all in one crawl process per
    pass (two when sources differ in ``allow_private``, which sets the process's resolver)."""

    model_config = STRICT

    concurrency: int = Field(default=4, ge=1, le=64)
