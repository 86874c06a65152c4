"""A synthetic document camera: realistic frames with a known ground truth.

A page (a form with Chinese text, a table and a red seal) is drawn, warped onto a textured
desk with chosen corners, lit unevenly and given sensor noise; options add blur, glare and a
finger over a corner. The real pipeline runs on these frames in tests, the demo and the bench,
and its corners are compared with the truth.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from devices.printer.render import font_path

LINES = (
    "居民户口簿",
    "户主姓名：张三丰    户号：369901001234",
    "住址：示范省示范市青山区光明街道河畔路8号",
    "姓名  与户主关系  性别  出生日期  民族",
    "张三丰  户主  男  1990年01月01日  汉",
    "李小红  妻  女  1991年05月20日  汉",
    "公民身份号码：110101199001010031",
    "登记日期：2020年05月01日  承办人签章",
)


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(), size)


@functools.cache
def document(width: int = 620, seed: int = 0) -> np.ndarray:
    """An A4 page as BGR pixels."""
    height = round(width * 2**0.5)
    img = Image.new("RGB", (width, height), (250, 250, 246))
    d = ImageDraw.Draw(img)
    rng = np.random.default_rng(seed)
    s = width / 620
    d.text((width * 0.32, 40 * s), LINES[0], font=_font(round(34 * s)), fill=(20, 20, 20))
    y = 110 * s
    for line in LINES[1:]:
        d.text((50 * s, y), line, font=_font(round(17 * s)), fill=(30, 30, 30))
        y += 42 * s + rng.integers(0, 6)
    for k in range(6):
        yy = 430 * s + k * 48 * s
        d.line((45 * s, yy, width - 45 * s, yy), fill=(60, 60, 60), width=max(1, round(s)))
    for k in range(5):
        xx = 45 * s + k * (width - 90 * s) / 4
        d.line((xx, 430 * s, xx, 430 * s + 240 * s), fill=(60, 60, 60), width=max(1, round(s)))
    for r in range(8):
        d.text(
            (60 * s, 740 * s + r * 26 * s),
            "本页所载事项真实有效，复印无效。" * 2,
            font=_font(round(14 * s)),
            fill=(70, 70, 70),
        )
    cx, cy, rad = width * 0.72, height * 0.86, 55 * s
    d.ellipse((cx - rad, cy - rad, cx + rad, cy + rad), outline=(200, 30, 30), width=round(4 * s))
    d.text((cx - 36 * s, cy - 10 * s), "户口专用章", font=_font(round(15 * s)), fill=(200, 30, 30))
    return cv2.cvtColor(np.array(img), cv2.COLOR_RGB2BGR)


@dataclass(frozen=True)
class Options:
    blur: float = 0.0  # Gaussian sigma in frame pixels
    glare: bool = False
    finger: bool = False
    noise: float = 4.0


@dataclass(frozen=True)
class SyntheticFrame:
    frame: np.ndarray
    corners: np.ndarray  # true corners TL, TR, BR, BL of the page


def desk(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    """An empty desk: one of four surfaces a document camera stands on."""
    kind = rng.integers(0, 4)
    if kind == 0:  # dark wood
        base = np.array([40, 60, 90], np.float32) * rng.uniform(0.6, 1.2)
        streaks = np.sin(np.linspace(0, rng.uniform(20, 60), h))[:, None] * 12
        img = np.clip(
            base[None, None, :] + streaks[..., None] + rng.normal(0, 6, (h, w, 1)), 0, 255
        )
    elif kind == 1:  # grey desk mat
        img = np.full((h, w, 3), rng.uniform(60, 120), np.float32) + rng.normal(0, 5, (h, w, 1))
    elif kind == 2:  # dark blue/green cutting mat with a grid
        img = np.zeros((h, w, 3), np.float32) + np.array(rng.uniform(20, 90, 3), np.float32)
        step = int(rng.integers(40, 90))
        img[::step, :, :] += 40
        img[:, ::step, :] += 40
    else:  # textured beige, lower contrast with the page
        img = np.full((h, w, 3), rng.uniform(120, 170), np.float32) + rng.normal(0, 12, (h, w, 3))
    return np.asarray(np.clip(img, 0, 255), np.uint8)


def _quad(rng: np.random.Generator, w: int, h: int, page_w: int, page_h: int) -> np.ndarray:
    for _ in range(100):
        scale = rng.uniform(0.55, 0.85) * h / page_h
        angle = np.radians(rng.uniform(-25, 25))
        cx = w / 2 + rng.uniform(-0.12, 0.12) * w
        cy = h / 2 + rng.uniform(-0.08, 0.08) * h
        half = (
            np.array(
                [[-page_w, -page_h], [page_w, -page_h], [page_w, page_h], [-page_w, page_h]],
                np.float32,
            )
            * scale
            / 2
        )
        rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        pts = half @ rot.T + [cx, cy]
        pts += rng.normal(0, 0.025, (4, 2)) * [page_w * scale, page_h * scale]  # perspective
        margin = 0.03 * min(w, h)
        if (
            pts[:, 0].min() > margin
            and pts[:, 0].max() < w - margin
            and pts[:, 1].min() > margin
            and pts[:, 1].max() < h - margin
        ):
            return np.asarray(pts, np.float32)
    raise RuntimeError("could not place the page")


def frame(
    seed: int,
    size: tuple[int, int] = (1296, 972),
    options: Options | None = None,
    page: np.ndarray | None = None,
) -> SyntheticFrame:
    """One camera frame of ``size`` (width, height) with a page at known corners."""
    o = options or Options()
    rng = np.random.default_rng(seed)
    w, h = size
    doc = page if page is not None else document()
    ph, pw = doc.shape[:2]
    corners = _quad(rng, w, h, pw, ph)
    src = np.array([[0, 0], [pw - 1, 0], [pw - 1, ph - 1], [0, ph - 1]], np.float32)
    m = cv2.getPerspectiveTransform(src, corners)
    warped = cv2.warpPerspective(doc, m, (w, h), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), m, (w, h))
    out = desk(rng, h, w).copy()
    out[mask > 127] = warped[mask > 127]
    # uneven light: a soft gradient across the frame
    gx = np.linspace(rng.uniform(0.75, 1.0), rng.uniform(0.9, 1.1), w)[None, :]
    gy = np.linspace(rng.uniform(0.85, 1.05), rng.uniform(0.8, 1.05), h)[:, None]
    lit = out.astype(np.float32) * (gx * gy)[..., None]
    if o.glare:
        cx, cy = corners.mean(axis=0) + rng.normal(0, 0.05, 2) * [w, h]
        yy, xx = np.mgrid[0:h, 0:w]
        blob = np.exp(-(((xx - cx) / (0.12 * w)) ** 2 + ((yy - cy) / (0.08 * h)) ** 2))
        lit += (blob * 255)[..., None]
    if o.finger:
        k = int(rng.integers(0, 4))
        tip = corners[k]
        direction = tip - corners.mean(axis=0)
        direction /= np.linalg.norm(direction)
        base = tip + direction * 0.25 * h
        thickness = int(0.035 * h)
        skin = (
            int(rng.integers(140, 180)),
            int(rng.integers(160, 200)),
            int(rng.integers(200, 235)),
        )
        finger = np.zeros((h, w), np.uint8)
        start = (int(tip[0] - direction[0] * 0.02 * h), int(tip[1] - direction[1] * 0.02 * h))
        cv2.line(finger, start, (int(base[0]), int(base[1])), 255, thickness * 2)
        lit[finger > 0] = skin
    lit += rng.normal(0, o.noise, lit.shape)
    img = np.asarray(np.clip(lit, 0, 255), np.uint8)
    if o.blur > 0:
        img = np.asarray(cv2.GaussianBlur(img, (0, 0), o.blur), np.uint8)
    return SyntheticFrame(img, corners)
