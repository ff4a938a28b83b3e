"""Digest several images on every core: a process pool, because the GIL serialises the numpy
and Python parts of hashing, and the face cascade dominates the cost of a sample.

Workers are started with ``spawn`` (never ``fork``): the callers are a Scrapy
process with a running reactor and threads, and a CLI; a forked child of either
could inherit held locks. The pool is created on first use and reused; a pool
whose worker died is replaced. One image, or ``workers=1``, is digested in the
calling process: no pool is worth starting for it.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial

from .digest import digest_image
from .limits import DEFAULT_LIMITS, MediaLimits
from .model import BadImage, SampleDigest

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_pool_workers = 0


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _one(data: bytes, limits: MediaLimits, count_faces: bool) -> SampleDigest | BadImage:
    try:
        return digest_image(data, limits, count_faces=count_faces)
    except BadImage as exc:  # returned, not raised: one bad sample must not lose the others
        return exc


def _init_worker() -> None:
    """One OpenCV thread per worker: the pool already has a process per core."""
    try:
        import cv2
    except ImportError:
        return
    cv2.setNumThreads(1)


def _get_pool(workers: int) -> ProcessPoolExecutor:
    global _pool, _pool_workers
    with _lock:
        if _pool is None or _pool_workers != workers:
            if _pool is not None:
                _pool.shutdown(wait=False, cancel_futures=True)
            _pool = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker
            )
            _pool_workers = workers
        return _pool


def shutdown() -> None:
    """Stop the workers (also done at exit)."""
    global _pool
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=True, cancel_futures=True)
            _pool = None


atexit.register(shutdown)


def digest_images(
    items: Sequence[bytes],
    limits: MediaLimits = DEFAULT_LIMITS,
    *,
    count_faces: bool = True,
    workers: int | None = None,
) -> list[SampleDigest | BadImage]:
    """``digest_image`` of each item, in order; a ``BadImage`` in place of each refused one."""
    workers = default_workers() if workers is None else max(1, workers)
    work = partial(_one, limits=limits, count_faces=count_faces)
    if len(items) <= 1 or workers == 1:
        return [work(data) for data in items]
    chunk = max(1, len(items) // (workers * 4))
    try:
        return list(_get_pool(workers).map(work, items, chunksize=chunk))
    except BrokenProcessPool:  # a worker died (killed, out of memory): start afresh once
        shutdown()
        return list(_get_pool(workers).map(work, items, chunksize=chunk))
