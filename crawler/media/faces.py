"""Count faces in a picture with a cascade that ships inside a package.

Only a count is ever produced: the system never identifies anyone. The Haar
cascade comes with opencv-python-headless 4.x (5.x dropped them); without
OpenCV there is no count (``None``), never a download at run time.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from PIL import Image

#: Faces are looked for on a copy whose longer side is at most this many pixels.
FACE_SIDE = 400
#: Smallest face counted, as a fraction of the shorter side (thumbnails of faces
#: in a collage still count; specks of texture do not).
MIN_FACE_FRACTION = 0.06

_local = threading.local()
# cv2 bootstraps itself by re-importing its native module: two threads importing it at
# once can see a half-initialised module without ``cv2.data``. Import it once, locked.
_import_lock = threading.Lock()
_UNRESOLVED = object()
_path: object = _UNRESOLVED


def _cascade_path() -> Path | None:
    global _path
    with _import_lock:
        if _path is _UNRESOLVED:
            try:
                import cv2
            except ImportError:
                _path = None
            else:
                path = Path(cv2.data.haarcascades) / "haarcascade_frontalface_default.xml"
                _path = path if path.is_file() else None
    return _path  # type: ignore[return-value]


def _classifier():
    """One classifier per thread: OpenCV does not promise a shared one is thread-safe."""
    if not hasattr(_local, "classifier"):
        path = _cascade_path()
        classifier = None
        if path is not None:
            import cv2

            classifier = cv2.CascadeClassifier(str(path))
            if classifier.empty():
                classifier = None
        _local.classifier = classifier
    return _local.classifier


def face_detector_available() -> bool:
    return _classifier() is not None


def count_faces(image: Image.Image | np.ndarray) -> int | None:
    """Number of frontal faces in ``image`` (gray or colour); ``None`` without a detector."""
    classifier = _classifier()
    if classifier is None:
        return None
    import cv2

    img = image if isinstance(image, Image.Image) else Image.fromarray(np.asarray(image))
    img = img.convert("L")
    scale = FACE_SIDE / max(img.size)
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
            cv2.equalizeHist(gray), scaleFactor=1.15, minNeighbors=5, minSize=(min_side, min_side)
        )
    except cv2.error:
        return None  # a detector failure is no verdict on the image
    return len(faces)
