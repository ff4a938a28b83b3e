"""Count faces in a picture with a cascade that ships inside a package.

Only a count is ever produced: the system never identifies anyone. The Haar
cascades come with opencv-python-headless 4.x (5.x dropped them); without
OpenCV there is no count (``None``), never a download at run time.

Which cascade, at which scale step, was measured by ``bench/bench_face_count.py``
on a labelled set (portraits, sheets of 2-4, ID cards, pictures without faces):
the ``alt2`` cascade on the reduced decode the hash already made finds as many
faces as the default cascade on a second decode, with fewer false faces, in a
fraction of the time. (scikit-image's LBP cascade does not load in OpenCV, and
scikit-image's own detector was ~3x slower than Haar here.)
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from PIL import Image

#: Faces are looked for on a copy whose longer side is at most this many pixels.
#: (300 found as many faces on bench/bench_face_count.py's set in ~half the time,
#: but missed the smaller of two portraits side by side: tests/media/test_faces.py.)
FACE_SIDE = 400
#: The cascade (a file of ``cv2.data.haarcascades``) and its scale step.
CASCADE = "haarcascade_frontalface_alt2.xml"
SCALE_FACTOR = 1.15
#: Smallest face counted, as a fraction of the shorter side (thumbnails of faces
#: in a collage still count; specks of texture do not).
MIN_FACE_FRACTION = 0.06

_local = threading.local()
# cv2 bootstraps itself by re-importing its native module: two threads importing it at
# once can see a half-initialised module without ``cv2.data``. Import it once, locked.
_import_lock = threading.Lock()
_UNRESOLVED = object()
_path: object = _UNRESOLVED


def _cascade_path(name: str = CASCADE) -> Path | None:
    global _path
    with _import_lock:
        if _path is _UNRESOLVED:
            try:
                import cv2
            except ImportError:
                _path = None
            else:
                _path = Path(cv2.data.haarcascades)
    if _path is None:
        return None
    path = _path / name  # type: ignore[operator]
    return path if path.is_file() else None


def _classifier(name: str = CASCADE):
    """One classifier per thread: OpenCV does not promise a shared one is thread-safe."""
    if not hasattr(_local, "classifiers"):
        _local.classifiers = {}
    if name not in _local.classifiers:
        path = _cascade_path(name)
        classifier = None
        if path is not None:
            import cv2

            classifier = cv2.CascadeClassifier(str(path))
            if classifier.empty():
                classifier = None
        _local.classifiers[name] = classifier
    return _local.classifiers[name]


def face_detector_available() -> bool:
    return _classifier() is not None


def count_faces(image: Image.Image | np.ndarray) -> int | None:
    """Number of frontal faces in ``image`` (gray or colour); ``None`` without a detector."""
    return count_faces_with(image, CASCADE, side=FACE_SIDE, scale_factor=SCALE_FACTOR)


def count_faces_with(image: Image.Image | np.ndarray, cascade: str, *, side: int,
                     scale_factor: float) -> int | None:
    """``count_faces`` with another cascade, working size or scale step (for the benchmark)."""
    classifier = _classifier(cascade)
    if classifier is None:
        return None
    import cv2

    img = image if isinstance(image, Image.Image) else Image.fromarray(np.asarray(image))
    img = img.convert("L")
    scale = side / max(img.size)
    if scale < 1:
        img = img.resize(
            (max(1, round(img.width * scale)), max(1, round(img.height * scale))),
            Image.Resampling.BILINEAR,
        )
    gray = np.ascontiguousarray(np.asarray(img, dtype=np.uint8))
    min_side = max(24, round(min(gray.shape) * MIN_FACE_FRACTION))
    if min(gray.shape) < min_side:
        return 0  # smaller than the smallest face we count
    try:
        faces = classifier.detectMultiScale(
            cv2.equalizeHist(gray),
            scaleFactor=scale_factor,
            minNeighbors=5,
            minSize=(min_side, min_side),
        )
    except cv2.error:
        return None  # a detector failure is no verdict on the image
    return len(faces)
