"""The reference platform as a real HTTP server on 127.0.0.1, spoken to with requests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.helpers.central import running_central


@pytest.fixture(scope="module")
def base_url(demo_catalogue: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_central(tmp_path_factory.mktemp("central"), demo_catalogue) as central:
        yield central.url


def test_health(base_url: str) -> None:
    r = requests.get(f"{base_url}/v1/health", timeout=5)
    assert r.status_code == 200
    assert r.json()["status"] == "ok"
    assert r.json()["catalogue_version"].startswith("demo-")


def test_catalogue_summary(base_url: str) -> None:
    body = requests.get(f"{base_url}/v1/catalogue", timeout=5).json()
    assert body["items"] > 48_000
    assert {"name": "户籍", "items": 20} in body["themes"]


def test_search_and_item_detail(base_url: str) -> None:
    hits = requests.get(
        f"{base_url}/v1/catalogue/search",
        params={"q": "sfz", "region": "369901001000", "limit": 3},
        timeout=5,
    ).json()
    assert hits[0]["name"] == "居民身份证申领"
    item = requests.get(f"{base_url}/v1/catalogue/items/{hits[0]['impl_code']}", timeout=5).json()
    assert item["name"] == "居民身份证申领"
    assert item["materials"][0]["name"] == "申请人居民身份证"


def test_bad_requests_are_answered_not_crashed(base_url: str) -> None:
    assert requests.get(f"{base_url}/v1/catalogue/items/nope", timeout=5).status_code == 404
    r = requests.get(
        f"{base_url}/v1/catalogue/search", params={"q": "x", "region": "12"}, timeout=5
    )
    assert r.status_code == 422


def test_openapi_is_published(base_url: str) -> None:
    spec = requests.get(f"{base_url}/openapi.json", timeout=5).json()
    assert "/v1/catalogue/search" in spec["paths"]
