"""Crawl work spread over machines (``distributed:`` in the YAML): Redis, workers, leases."""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import BaseModel, Field, model_validator

from .fields import STRICT, NonBlank, located

REDIS_ENV = "FACELEAK_REDIS_URL"  # wins over the file: a URL with a password is a secret


class DistributedConfig(BaseModel):
    """How `faceleak daemon --distributed` and `faceleak worker` share the crawl work.

    ``lease_s``: a pass whose worker stops sending heartbeats for this long is taken again by
    another worker. ``queue_ttl_s``: a pass still waiting in the queue after this long is
    dropped, and its source may be enqueued again.
    """

    model_config = STRICT

    redis_url: NonBlank = "redis://127.0.0.1:6379/0"
    namespace: NonBlank = "faceleak"  # prefix of every Redis key (several monitors, one Redis)
    concurrency: int = Field(default=2, ge=1, le=64)  # passes a worker runs at once
    lease_s: float = Field(default=60, ge=1)
    queue_ttl_s: float = Field(default=3600, ge=1)

    @model_validator(mode="after")
    def _scheme(self) -> DistributedConfig:
        if not self.redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise located("redis_url must start with redis://, rediss:// or unix://", "redis_url")
        return self

    def resolved_redis_url(self, env: Mapping[str, str] = os.environ) -> str:
        """``FACELEAK_REDIS_URL`` > ``redis_url``."""
        return env.get(REDIS_ENV) or self.redis_url
