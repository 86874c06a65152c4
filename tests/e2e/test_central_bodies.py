"""Central's door for odd JSON (the hardening issue's items 3 and 7): NaN and Infinity, UTF-16,
documents nested thousands deep and attachments of the wrong type are refused with a 4xx in the
one error shape, never a 500; a row stored before these checks can never fail other rows'
look-ups. Over real HTTP, with signed requests."""

from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import protocol
from sync.client import Credentials, PlatformClient
from tests.helpers.central import RunningCentral

ITEM = "3699010000000101001"


def _application(key: str, **changes: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "local_id": key,
        "receipt_number": f"K0001-261204-{key[:6].upper()}",
        "item_impl_code": ITEM,
        "item_name": "居民身份证申领",
        "applicant": {"name": "张三", "id_number": "110101199001010031"},
        "attachments": [],
    }
    doc.update(changes)
    return doc


def _post(client: PlatformClient, path: str, key: str, body: bytes) -> tuple[int, object]:
    r = client._send("POST", path, body=body, headers={protocol.IDEMPOTENCY_KEY: key})
    return r.status_code, r.json()


@pytest.fixture
def client(central: RunningCentral) -> PlatformClient:
    return PlatformClient(central.url, Credentials("K0001", central.enrol("K0001")))


def test_non_standard_json_is_refused_at_the_door(client: PlatformClient) -> None:
    key = str(uuid.uuid4())
    nan = json.dumps(_application(key, form={"age": float("nan")})).encode()
    assert b"NaN" in nan
    status, doc = _post(client, "/v1/applications", key, nan)
    assert status == 400
    assert "standard JSON" in doc["error"]  # type: ignore[index]
    infinity = json.dumps({"local_id": key, "satisfaction": float("inf")}).encode()
    assert _post(client, "/v1/evaluations", key, infinity)[0] == 400
    utf16 = json.dumps(_application(key), ensure_ascii=False).encode("utf-16")
    assert _post(client, "/v1/applications", key, utf16)[0] == 400
    deep = b"[" * 5000 + b"]" * 5000
    for path in ("/v1/applications", "/v1/evaluations", "/v1/heartbeat"):
        status, doc = _post(client, path, key, b'{"x": ' + deep + b"}")
        assert status == 400, path
        assert set(doc) == {"error"}  # type: ignore[arg-type]


@pytest.mark.parametrize("attachments", ["abc", [1, 2], 5, [None], [{"sha256": 1, "size": "9"}]])
def test_attachments_of_the_wrong_type_are_refused(
    client: PlatformClient, attachments: object
) -> None:
    key = str(uuid.uuid4())
    body = json.dumps(_application(key, attachments=attachments)).encode()
    status, doc = _post(client, "/v1/applications", key, body)
    assert status == 422, doc
    assert "attachments" in doc["error"]  # type: ignore[index]


def test_a_bad_row_from_before_never_fails_other_look_ups(
    central: RunningCentral, client: PlatformClient
) -> None:
    good = str(uuid.uuid4())
    status, answer = _post(
        client, "/v1/applications", good, json.dumps(_application(good)).encode()
    )
    assert status == 201
    # a row stored verbatim before the door checked documents
    central.platform.db.conn.execute(
        "INSERT INTO applications VALUES ('K0001', 'poisoned-key-0001', 'x', '999', ?, 'delivered',"
        " ?, '2026-12-01T00:00:00', '2026-12-01T00:00:00')",
        (ITEM, '{"receipt_number": "K0001-261201-BAD", "form": {"age": NaN}}'),
    )
    official = answer["official_number"]  # type: ignore[index]
    for code in (official, _application(good)["receipt_number"]):
        found = central.platform.lookup(code=str(code)).doc["applications"]
        assert [a["official_number"] for a in found] == [official]
    assert central.platform.lookup(id_number="110101199001010031").doc["applications"]
    assert client.lookup(code=str(official))[0]["official_number"] == official


# -- a fuzz of deep and odd bodies (schemathesis's are shallow and well-typed) -----------------

_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)


def _nested(depth: int, leaf: str) -> str:
    """``leaf`` (JSON text) inside ``depth`` lists and objects, alternating: built as text,
    deeper than any JSON library writes."""
    opening = "".join("[" if level % 2 else '{"x": ' for level in range(depth))
    closing = "".join("]" if level % 2 else "}" for level in reversed(range(depth)))
    return opening + leaf + closing


@st.composite
def _odd_json(draw: st.DrawFn) -> str:
    """JSON text of a value of any kind: a scalar (NaN and Infinity among the floats), a
    shallow mix, or one nested hundreds to thousands deep."""
    kind = draw(st.sampled_from(["scalar", "mix", "deep"]))
    if kind == "deep":
        leaf = json.dumps(draw(_SCALARS), allow_nan=True)
        return _nested(draw(st.integers(50, 6000)), leaf)
    value = draw(
        _SCALARS
        if kind == "scalar"
        else st.recursive(
            _SCALARS,
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.text(max_size=5), inner, max_size=3)
            ),
            max_leaves=10,
        )
    )
    return json.dumps(value, ensure_ascii=False, allow_nan=True)


_FIELDS = {
    "/v1/applications": (
        "local_id",
        "receipt_number",
        "item_impl_code",
        "item_name",
        "applicant",
        "form",
        "checklist",
        "attachments",
        "consent",
        "decisions",
        "channel",
        "created_at",
    ),
    "/v1/evaluations": (
        "local_id",
        "application_id",
        "satisfaction",
        "channel",
        "at",
        "reasons",
        "comment",
        "window",
    ),
    "/v1/heartbeat": ("software_version", "devices", "queue", "disk"),
}


def _encoded(text: str, encoding: str) -> bytes:
    if encoding == "utf-8-bom":
        return b"\xef\xbb\xbf" + text.encode()
    return text.encode(encoding, errors="replace")


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(sorted(_FIELDS)),
    data=st.data(),
    encoding=st.sampled_from(["utf-8", "utf-8", "utf-16", "utf-8-bom", "latin-1", "gb18030"]),
)
def test_deep_and_odd_bodies_get_a_4xx_in_the_one_shape_never_a_500(
    client: PlatformClient, path: str, data: st.DataObject, encoding: str
) -> None:
    """Signed bodies whose fields take any type, nested up to 6,000 deep, in odd encodings:
    refused with a 4xx and ``{"error": …}`` (or taken: a 2xx), never a 500 — the hardening
    issue's item 7 found 500s for each of these kinds."""
    key = str(uuid.uuid4())
    base = _application(key) if path == "/v1/applications" else {"local_id": key}
    fields = {name: json.dumps(value, ensure_ascii=False) for name, value in base.items()}
    for name in data.draw(st.lists(st.sampled_from(_FIELDS[path]), min_size=1, max_size=3)):
        fields[name] = data.draw(_odd_json())
    text = "{" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in fields.items()) + "}"
    if data.draw(st.booleans()):  # now and then the document itself is odd
        text = data.draw(_odd_json())
    body = _encoded(text, encoding)
    status, answer = _post(client, path, key, body)
    assert status < 500, (path, status, answer)
    if status >= 400:
        assert isinstance(answer, dict)
        assert set(answer) == {"error"}, answer
