"""What 适老化 and readable text mean, in numbers: the MIIT guidelines for elderly-friendly apps
applied to a 1920×1080 kiosk, and WCAG 2 contrast. One place for the thresholds the kiosk's
themes are built to and the screen audit (walks.audit) checks them against."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextMode:
    """What a text mode promises: the smallest body text and touch target, and contrast."""

    name: str
    body_px: int
    heading_px: int
    target_px: int
    contrast: float


#: standard: body ≥ 24 px, targets ≥ 64 px, contrast ≥ 4.5:1 (WCAG AA)
STANDARD = TextMode("standard", body_px=24, heading_px=30, target_px=64, contrast=4.5)
#: large text with high contrast (one tap on every screen): body ≥ 36 px, headings ≥ 48 px,
#: targets ≥ 96 px, contrast ≥ 7:1 (WCAG AAA)
LARGE = TextMode("large", body_px=36, heading_px=48, target_px=96, contrast=7.0)
LINE_SPACING = 1.3  # large mode: at least 1.3 × the font size between lines


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0–255 channels)."""

    def linear(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio, 1 (none) to 21 (black on white)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
