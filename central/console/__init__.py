"""The supervision console (电子监察 and 好差评 for the people who run the halls): web pages served
by central — the overview with its KPI cards, the 红黄牌 warning pool, 差评 cases worked to their
end, the statistics with each figure's 办件 behind it, and the fleet of terminals."""

from central.console.app import error_page, install

__all__ = ["error_page", "install"]
