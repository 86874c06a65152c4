"""Document-camera page processing: find the page, straighten it, judge it, encode it.

Detection works on a downscaled grey frame along two paths — Otsu threshold + morphological
close (a white sheet on a darker desk) and Canny edges + dilation (low contrast) — and keeps the
best four-sided candidate. Corners are then refined by fitting a line to each side's contour
points and intersecting neighbours, so a finger over a corner does not move it. The page is
warped from the full-resolution frame, snapped to A4 proportions when close, checked for blur
(variance of the Laplacian) and glare (share of saturated pixels), enhanced, and encoded as a
JPEG within a size target. Multi-page materials become one PDF (img2pdf, no re-encoding).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import cv2
import img2pdf
import numpy as np

from core.ports import Verdict

A4 = 2**0.5  # height / width
DETECT_SIDE = 800  # about the longest side of the frame used for detection
MIN_PAGE_SHARE = 0.12  # of the frame's area
BLUR_THRESHOLD = 100.0
GLARE_THRESHOLD = 0.02
JPEG_TARGET = 300_000


class Mode(enum.Enum):
    COLOUR = "colour"
    GREY = "grey"
    TEXT = "bw"  # black and white, for text documents


@dataclass(frozen=True)
class Quality:
    blur: float  # variance of the Laplacian (higher is sharper)
    glare: float  # share of near-saturated pixels on the page
    verdict: Verdict


@dataclass(frozen=True)
class Scan:
    corners: np.ndarray  # 4 × 2, frame pixels, ordered TL, TR, BR, BL
    page: np.ndarray  # the straightened page (BGR or grey)
    quality: Quality


def order_corners(pts: np.ndarray) -> np.ndarray:
    """TL, TR, BR, BL (by sums and differences of coordinates)."""
    pts = pts.reshape(4, 2).astype(np.float32)
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array(
        [pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]],
        np.float32,
    )


def _intersect(
    l1: tuple[np.ndarray, np.ndarray], l2: tuple[np.ndarray, np.ndarray]
) -> np.ndarray | None:
    (p1, d1), (p2, d2) = l1, l2
    m = np.array([[d1[0], -d2[0]], [d1[1], -d2[1]]], np.float64)
    if abs(np.linalg.det(m)) < 1e-6:
        return None
    t = np.linalg.solve(m, (p2 - p1).astype(np.float64))
    return np.asarray(p1 + d1 * t[0], np.float32)


def _corners(lines: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray | None:
    """Where each side's line meets the next one's: the four corners, or None if two
    neighbouring sides are parallel."""
    out = []
    for k in range(4):
        p = _intersect(lines[k - 1], lines[k])
        if p is None:
            return None
        out.append(p)
    return np.array(out, np.float32)


def _quad_from_sides(contour: np.ndarray) -> np.ndarray | None:
    """The four longest straight runs of the outline, extended and intersected: a corner
    hidden under a finger is where its two sides meet."""
    peri = cv2.arcLength(contour, True)
    poly = cv2.approxPolyDP(contour, 0.01 * peri, True).reshape(-1, 2).astype(np.float32)
    n = len(poly)
    if n < 4:
        return None
    lengths = [float(np.hypot(*(poly[(i + 1) % n] - poly[i]))) for i in range(n)]
    longest = sorted(sorted(range(n), key=lambda i: -lengths[i])[:4])
    lines = []
    for i in longest:
        a, b = poly[i], poly[(i + 1) % n]
        lines.append((a, (b - a) / max(lengths[i], 1e-6)))
    return _corners(lines)


def _support(quad: np.ndarray, pts: np.ndarray, tol: float) -> float:
    """Share of outline points lying on the quad's sides."""
    best = np.full(len(pts), np.inf, np.float32)
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        ab = b - a
        length2 = float(ab @ ab)
        if length2 < 1:
            return 0.0
        t = np.clip(((pts - a) @ ab) / length2, 0, 1)
        d = np.linalg.norm(pts - (a + t[:, None] * ab), axis=1)
        best = np.minimum(best, d)
    return float((best < tol).mean())


def _quad(contour: np.ndarray) -> np.ndarray | None:
    hull = cv2.convexHull(contour)
    peri = cv2.arcLength(hull, True)
    for eps in (0.02, 0.03, 0.05, 0.08):
        approx = cv2.approxPolyDP(hull, eps * peri, True)
        if len(approx) == 4:
            return approx.reshape(4, 2).astype(np.float32)
    if len(hull) >= 4:  # e.g. a corner hidden by a finger: the enclosing rectangle, refined later
        return cv2.boxPoints(cv2.minAreaRect(hull)).astype(np.float32)
    return None


def _refine(quad: np.ndarray, contour: np.ndarray) -> np.ndarray:
    """Fits a line to the contour points along each side and intersects neighbours."""
    quad = order_corners(quad)
    pts = contour.reshape(-1, 2).astype(np.float32)
    lines = []
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        ab = b - a
        length = float(np.hypot(*ab))
        if length < 1:
            return quad
        n = np.array([-ab[1], ab[0]]) / length
        dist = np.abs((pts - a) @ n)
        t = ((pts - a) @ ab) / (length * length)
        near = pts[(dist < max(3.0, 0.02 * length)) & (t > 0.15) & (t < 0.85)]
        if len(near) < 8:
            lines.append((a, ab / length))
            continue
        vx, vy, x0, y0 = cv2.fitLine(near, cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((np.array([x0, y0], np.float32), np.array([vx, vy], np.float32)))
    refined = _corners(lines)
    if refined is None:
        return quad
    if np.max(np.abs(refined - quad)) > 0.1 * max(np.ptp(quad[:, 0]), np.ptp(quad[:, 1])):
        return quad  # the fit went astray: keep the polygon
    return refined


def _candidates(gray: np.ndarray) -> list[np.ndarray]:
    blurred = cv2.GaussianBlur(gray, (5, 5), 0)
    _, otsu = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    closed = cv2.morphologyEx(otsu, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    edges = cv2.dilate(cv2.Canny(blurred, 40, 120), np.ones((3, 3), np.uint8), iterations=2)
    found = []
    for binary in (closed, edges):
        contours, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        found += sorted(contours, key=cv2.contourArea, reverse=True)[:3]
    return found


def _edge_refine(frame: np.ndarray, quad: np.ndarray, reach: float = 6.0) -> np.ndarray:
    """Sub-pixel sides at full resolution: along each side, the strongest brightness step
    across the side (within ``reach`` pixels) is found at ~48 places, a line is fitted through
    them (robustly: a finger or a shadow only spoils a few), and neighbouring lines meet at the
    corners. Only a band around each side is made grey and smoothed (a twentieth of the
    frame's pixels; the smoothing reaches 4 pixels and the band has 8 to spare, so the values
    sampled are the same as over the whole frame)."""
    h, w = frame.shape[:2]
    offsets = np.arange(-reach, reach + 0.5, 0.5, dtype=np.float32)
    lines = []
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        ab = b - a
        length = float(np.hypot(*ab))
        if length < 20:
            return quad
        u = ab / length
        n = np.array([-u[1], u[0]], np.float32)
        ts = np.linspace(0.12, 0.88, 48, dtype=np.float32)
        base = a[None, :] + ts[:, None] * ab[None, :]
        pts = base[:, None, :] + offsets[None, :, None] * n[None, None, :]
        map_x = np.clip(pts[..., 0], 0, w - 1).astype(np.float32)
        map_y = np.clip(pts[..., 1], 0, h - 1).astype(np.float32)
        margin = 8
        x0 = max(int(np.floor(map_x.min())) - margin, 0)
        y0 = max(int(np.floor(map_y.min())) - margin, 0)
        x1 = min(int(np.ceil(map_x.max())) + margin + 1, w)
        y1 = min(int(np.ceil(map_y.max())) + margin + 1, h)
        band = frame[y0:y1, x0:x1]
        band = cv2.cvtColor(band, cv2.COLOR_BGR2GRAY) if band.ndim == 3 else band
        g = cv2.GaussianBlur(band, (0, 0), 1.2).astype(np.float32)
        prof = cv2.remap(g, map_x - x0, map_y - y0, cv2.INTER_LINEAR)
        grad = np.abs(np.diff(prof, axis=1))
        k = np.argmax(grad, axis=1)
        good = (k > 0) & (k < grad.shape[1] - 1) & (grad.max(axis=1) > 4)
        if good.sum() < 12:
            lines.append((a, u))
            continue
        kk = k[good]
        rows = np.arange(len(k))[good]
        g0, g1, g2 = grad[rows, kk - 1], grad[rows, kk], grad[rows, kk + 1]
        denom = g0 - 2 * g1 + g2
        frac = np.where(np.abs(denom) > 1e-6, 0.5 * (g0 - g2) / denom, 0.0)
        pos = offsets[kk] + 0.25 + (np.clip(frac, -0.5, 0.5) * 0.5)  # diff sits between samples
        found = base[good] + pos[:, None] * n[None, :]
        vx, vy, x0, y0 = cv2.fitLine(
            found.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01
        ).ravel()
        lines.append((np.array([x0, y0], np.float32), np.array([vx, vy], np.float32)))
    refined = _corners(lines)
    if refined is None or np.max(np.linalg.norm(refined - quad, axis=1)) > 3 * reach:
        return quad
    return refined


def find_page(frame: np.ndarray) -> np.ndarray | None:
    """The page's four corners in frame pixels (TL, TR, BR, BL), or None."""
    h, w = frame.shape[:2]
    # a whole step down (1/2, 1/3 …): OpenCV averages whole blocks of pixels three times as
    # fast as any other ratio (3.5 vs 11 ms for a 5-megapixel frame)
    step = max(1, round(max(h, w) / DETECT_SIDE))
    scale = 1 / step
    small = (
        cv2.resize(frame, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
        if step > 1
        else frame
    )
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
    area = gray.shape[0] * gray.shape[1]
    best: tuple[float, np.ndarray] | None = None
    for contour in _candidates(gray):
        if cv2.contourArea(contour) < MIN_PAGE_SHARE * area:
            continue
        pts = contour.reshape(-1, 2).astype(np.float32)
        tol = 0.006 * max(gray.shape)
        for quad in (_quad(contour), _quad_from_sides(contour)):
            if quad is None:
                continue
            quad = _refine(order_corners(quad), contour)
            quad_area = float(cv2.contourArea(quad))
            if (
                not cv2.isContourConvex(quad.reshape(-1, 1, 2))
                or quad_area > 0.98 * area
                or quad_area < MIN_PAGE_SHARE * area
            ):
                continue
            score = _support(quad, pts, tol) * quad_area**0.5
            if best is None or score > best[0]:
                best = (score, quad)
    if best is None:
        return None
    coarse = order_corners(best[1] / scale)
    return order_corners(_edge_refine(frame, coarse, reach=max(4.0, 3.0 / scale)))


def page_size(corners: np.ndarray, snap: bool = True) -> tuple[int, int]:
    tl, tr, br, bl = corners
    width = max(np.hypot(*(tr - tl)), np.hypot(*(br - bl)))
    height = max(np.hypot(*(bl - tl)), np.hypot(*(br - tr)))
    if snap:
        ratio = height / width
        for target in (A4, 1 / A4):
            if abs(ratio - target) / target < 0.06:
                height = width * target
    return round(width), round(height)


def straighten(frame: np.ndarray, corners: np.ndarray, snap: bool = True) -> np.ndarray:
    w, h = page_size(corners, snap)
    dst = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    m = cv2.getPerspectiveTransform(corners.astype(np.float32), dst)
    return cv2.warpPerspective(frame, m, (w, h), flags=cv2.INTER_LINEAR)


def quality(page: np.ndarray) -> Quality:
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY) if page.ndim == 3 else page
    h, w = gray.shape
    norm = cv2.resize(gray, (1000, max(round(1000 * h / w), 1)), interpolation=cv2.INTER_AREA)
    blur = float(cv2.Laplacian(norm, cv2.CV_64F).var())
    # Glare: clipped pixels clearly brighter than the paper around them (a brightly lit white
    # page is not glare; a specular patch on a normally lit one is).
    paper = _median(norm)
    glare = float(((norm >= 250) & (norm > paper + 20)).mean())
    if glare > GLARE_THRESHOLD:
        verdict = Verdict.GLARE
    elif blur < BLUR_THRESHOLD:
        verdict = Verdict.BLURRY
    else:
        verdict = Verdict.OK
    return Quality(blur, glare, verdict)


def _median(gray: np.ndarray) -> float:
    """np.median of 8-bit pixels, from their histogram (no sort of a million values)."""
    counts = np.cumsum(np.bincount(gray.ravel(), minlength=256))
    n = int(counts[-1])
    lower = int(np.searchsorted(counts, (n - 1) // 2 + 1))
    upper = int(np.searchsorted(counts, n // 2 + 1))
    return (lower + upper) / 2


def upright(page: np.ndarray) -> np.ndarray:
    """Turns a page by 90° when its text runs vertically (horizontal text lines give rows of
    very different darkness; a quarter-turned page gives that in columns instead)."""
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY) if page.ndim == 3 else page
    small = cv2.resize(gray, (400, 400), interpolation=cv2.INTER_AREA)
    ink = 255 - cv2.adaptiveThreshold(
        small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 25, 15
    )
    rows, cols = ink.sum(axis=1).var(), ink.sum(axis=0).var()
    return cv2.rotate(page, cv2.ROTATE_90_CLOCKWISE) if cols > 1.5 * rows else page


def enhance(page: np.ndarray, mode: Mode) -> np.ndarray:
    if mode is Mode.COLOUR:
        return page
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY) if page.ndim == 3 else page
    if mode is Mode.GREY:  # stretch to the full range
        lo, hi = int(gray.min()), int(gray.max())
        scaled = (gray.astype(np.float32) - lo) * (255.0 / max(hi - lo, 1))
        return np.asarray(scaled, np.float32).clip(0, 255).astype(np.uint8)
    return cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 31, 15
    )


def encode_jpeg(image: np.ndarray, target: int = JPEG_TARGET, floor: int = 50) -> bytes:
    """The best quality (90 → ``floor``) under ``target`` bytes; downscales if even the floor
    is too big (a page stays readable at about 1600 px on its long side)."""
    img = image
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 90])
    if ok and len(buf) <= target:  # the best quality fits (a text page mostly does): done
        return bytes(buf)
    while True:
        lo, hi, best = floor, 90, b""
        while lo <= hi:
            q = (lo + hi) // 2
            ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, q])
            if ok and len(buf) <= target:
                best, lo = bytes(buf), q + 1
            else:
                hi = q - 1
        if best:
            return best
        img = cv2.resize(img, None, fx=0.8, fy=0.8, interpolation=cv2.INTER_AREA)


def to_pdf(jpegs: list[bytes]) -> bytes:
    """One PDF page per JPEG, embedded as is."""
    return bytes(img2pdf.convert(jpegs))


def scan(frame: np.ndarray, mode: Mode = Mode.TEXT, *, auto_rotate: bool = False) -> Scan | None:
    corners = find_page(frame)
    if corners is None:
        return None
    page = straighten(frame, corners)
    q = quality(page)
    if auto_rotate:
        page = upright(page)
    return Scan(corners, enhance(page, mode), q)
