"""Count faces in a picture with a cascade that ships inside a package.

Only a count is ever produced: the system never identifies anyone. The Haar
cascades come with opencv-python-headless 4.x (5.x dropped them); without
OpenCV there is no count (``None``), never a download at run time.

Which cascade, working size and scale step were measured by
``bench/bench_face_count.py`` on a labelled set (portraits, sheets of 2-4, 3x3
preview grids, ID cards, pictures without faces) and a face-size sweep: Haar
``alt2`` on a 150 px (shorter side) copy of the decode the hash already made
(1/8 scale for 1600 px samples), scale step 1.15, finds 0.951 of the 391 faces
of the full labelled set (415 pictures) with no false face, where the 400 px copy
of a 1/4 decode it replaced found 0.964 in ~2.3x the time (step 1.1: 0.969, ~1.7x
the time; 1.2: 0.910). Faces under ~13% of the
shorter side (20 px of the working copy) are not counted: a 40 px face on a
1200 px page is not. Tried and not taken: scikit-image's copy of OpenCV's LBP
cascade (loadable here, ~2x faster than ``alt2``, but 0.83 of the faces and
false faces), libfacedetection (``yuface``, ~5x slower than ``alt2`` on this
CPU), MediaPipe BlazeFace through ``cv2.dnn`` (~10 ms a picture, and a model
file no dependency of ours ships).
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from PIL import Image

#: Faces are looked for on a copy whose *shorter* side is at most this many pixels
#: (and whose longer side is at most ``MAX_ASPECT`` times that): the cascade's cost
#: grows with the pixels it scans, and the 20-pixel window of the cascade then finds
#: faces of at least ``20 / FACE_SHORT_SIDE`` (13%) of the shorter side, the size of a
#: face on a portrait, an ID card, a selfie with an ID, or a preview sheet of up to
#: about 6 photos a row. Chosen with ``bench/bench_face_count.py``.
FACE_SHORT_SIDE = 150
MAX_ASPECT = 4
#: OpenCV's LBP frontal-face cascade as scikit-image ships it (OpenCV's wheels ship only
#: the Haar ones): ~3x faster than Haar ``alt2`` at the same working size, fewer faces.
LBP_CASCADE = "lbpcascade_frontalface_opencv.xml"
#: The cascade (``LBP_CASCADE`` or a file of ``cv2.data.haarcascades``), its scale
#: step and how many overlapping detections make a face.
CASCADE = "haarcascade_frontalface_alt2.xml"
SCALE_FACTOR = 1.15
MIN_NEIGHBORS = 3
#: The cascades' own window (LBP 24, Haar alt2 20): nothing smaller is a face.
MIN_FACE = 20

_local = threading.local()
# cv2 bootstraps itself by re-importing its native module: two threads importing it at
# once can see a half-initialised module without ``cv2.data``. Import it once, locked.
_import_lock = threading.Lock()
_UNRESOLVED = object()
_path: object = _UNRESOLVED


def _cascade_path(name: str = CASCADE) -> Path | None:
    """The cascade file: scikit-image's LBP cascade, or one of OpenCV's Haar cascades."""
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
    if name == LBP_CASCADE:
        try:
            from skimage import data
        except ImportError:
            return None
        path = Path(data.lbp_frontal_face_cascade_filename())
    else:
        path = _path / name  # type: ignore[operator]
    return path if path.is_file() else None


def _load(path: Path):
    """A classifier from ``path``; scikit-image's copy of OpenCV's LBP cascade misspells one
    tag (``featuhreParams``), so it is read from memory with the tag put right."""
    import cv2

    text = path.read_text(encoding="utf-8", errors="replace")
    classifier = cv2.CascadeClassifier()
    if "<featuhreParams>" in text:
        text = text.replace("featuhreParams", "featureParams")
        storage = cv2.FileStorage(text, cv2.FILE_STORAGE_READ | cv2.FILE_STORAGE_MEMORY)
        classifier.read(storage.getFirstTopLevelNode())
    else:
        classifier.load(str(path))
    return None if classifier.empty() else classifier


def _classifier(name: str = CASCADE):
    """One classifier per thread: OpenCV does not promise a shared one is thread-safe."""
    if not hasattr(_local, "classifiers"):
        _local.classifiers = {}
    if name not in _local.classifiers:
        path = _cascade_path(name)
        _local.classifiers[name] = None if path is None else _load(path)
    return _local.classifiers[name]


def face_detector_available() -> bool:
    return _classifier() is not None


def count_faces(image: Image.Image | np.ndarray) -> int | None:
    """Number of frontal faces in ``image`` (gray or colour); ``None`` without a detector."""
    return count_faces_with(image, CASCADE, short_side=FACE_SHORT_SIDE,
                            scale_factor=SCALE_FACTOR, min_neighbors=MIN_NEIGHBORS)


def working_copy(image: Image.Image | np.ndarray, short_side: int) -> np.ndarray:
    """``image`` as 8-bit gray, shrunk so its shorter side is at most ``short_side``.

    A very long strip keeps at most ``MAX_ASPECT`` times that on its longer side, so
    no picture costs more than a few squares of scanning.
    """
    img = image if isinstance(image, Image.Image) else Image.fromarray(np.asarray(image))
    if img.mode != "L":
        img = img.convert("L")
    w, h = img.size
    scale = min(1.0, short_side / max(1, min(w, h)), MAX_ASPECT * short_side / max(w, h))
    if scale < 1:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        # reduce() first: a box filter by an integer factor is cheap and alias-free,
        # then a small bilinear step to the exact size.
        factor = int(1 / scale)
        if factor >= 2:
            img = img.reduce(factor)
        img = img.resize(size, Image.Resampling.BILINEAR)
    return np.ascontiguousarray(np.asarray(img, dtype=np.uint8))


def count_faces_with(image: Image.Image | np.ndarray, cascade: str, *, short_side: int,
                     scale_factor: float, min_neighbors: int = MIN_NEIGHBORS) -> int | None:
    """``count_faces`` with another cascade, working size or scale step (for the benchmark)."""
    classifier = _classifier(cascade)
    if classifier is None:
        return None
    import cv2

    gray = working_copy(image, short_side)
    if min(gray.shape) < MIN_FACE:
        return 0  # smaller than the smallest face we count
    try:
        faces = classifier.detectMultiScale(
            cv2.equalizeHist(gray),
            scaleFactor=scale_factor,
            minNeighbors=min_neighbors,
            minSize=(MIN_FACE, MIN_FACE),
        )
    except cv2.error:
        return None  # a detector failure is no verdict on the image
    return len(faces)
