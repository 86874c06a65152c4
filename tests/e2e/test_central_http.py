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


def test_the_openapi_document_describes_the_real_contract(base_url: str) -> None:
    """Authentication, the raw bodies terminal routes read and their error answers are in the
    OpenAPI document (it declared no authentication, no terminal bodies, only 200/422)."""
    doc = requests.get(f"{base_url}/openapi.json", timeout=5).json()
    schemes = doc["components"]["securitySchemes"]
    assert schemes["TerminalSignature"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-Hall-Signature",
        "description": schemes["TerminalSignature"]["description"],
    }
    assert "HMAC-SHA256" in schemes["TerminalSignature"]["description"]
    assert schemes["AdminToken"]["scheme"] == "bearer"
    submit = doc["paths"]["/v1/applications"]["post"]
    assert set(submit["security"][0]) == {
        "TerminalId",
        "TerminalTimestamp",
        "TerminalNonce",
        "TerminalSignature",
    }
    assert "application/json" in submit["requestBody"]["content"]
    assert {"401", "413", "422", "507"} <= set(submit["responses"])
    chunk = doc["paths"]["/v1/blobs/{sha256}"]["put"]
    assert chunk["requestBody"]["content"]["application/octet-stream"]["schema"]["format"] == (
        "binary"
    )
    assert any(p["name"] == "X-Hall-Blob-Size" for p in chunk["parameters"])
    assert doc["paths"]["/v1/admin/counts"]["get"]["security"] == [{"AdminToken": []}]
    assert "security" not in doc["paths"]["/v1/catalogue/search"]["get"]  # public
