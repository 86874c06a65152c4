"""One rule makes a platform client from a terminal's settings (it was written five times)."""

from __future__ import annotations

import pytest

from core.settings import PlatformSettings
from sync.client import client_for


def test_each_purpose_waits_as_long_as_it_should() -> None:
    p = PlatformSettings(url="http://central.example:8700", connect_timeout=5, read_timeout=30)
    delivery = client_for(p, "K0001", "s3cret")
    assert (delivery.base_url, delivery.timeout) == ("http://central.example:8700", (5, 30))
    assert delivery.credentials.terminal_id == "K0001"
    assert client_for(p, "K0001", "s3cret", "lookup").timeout == (3.0, 5.0)  # a citizen waits
    assert client_for(p, "K0001", "s3cret", "bundle").timeout == (5, 300.0)  # minutes of upload
    with pytest.raises(ValueError, match="purpose"):
        client_for(p, "K0001", "s3cret", "fast")
