"""The reference platform as a real HTTP server on 127.0.0.1, spoken to with requests."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import uvicorn

from central.app import create_app


@pytest.fixture(scope="module")
def base_url(demo_catalogue: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("central")
    shutil.copy(demo_catalogue, data / "catalogue.sqlite")
    server = uvicorn.Server(
        uvicorn.Config(create_app(data), host="127.0.0.1", port=0, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        threading.Event().wait(0.05)
    assert server.started
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


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
