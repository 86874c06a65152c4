"""The SAM frame codec: public frames from reference/devices.md, round trips, fuzzing."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import ProtocolError
from devices.idcard.frames import (
    PREAMBLE,
    STATUS,
    ChecksumError,
    Cmd,
    FrameDecoder,
    FrameError,
    Outcome,
    decode_request,
    decode_response,
    encode_baud_request,
    encode_read_payload,
    encode_request,
    encode_response,
    encode_sam_id,
    format_sam_id,
    parse_read_payload,
    status_info,
)


def h(text: str) -> bytes:
    return bytes.fromhex(text)


# Request frames as printed in devices.md.
@pytest.mark.parametrize(
    ("cmd", "frame"),
    [
        (Cmd.RESET_SAM, "AA AA AA 96 69 00 03 10 FF EC"),
        (Cmd.SAM_STATUS, "AA AA AA 96 69 00 03 11 FF ED"),
        (Cmd.SAM_ID, "AA AA AA 96 69 00 03 12 FF EE"),
        (Cmd.FIND, "AA AA AA 96 69 00 03 20 01 22"),
        (Cmd.SELECT, "AA AA AA 96 69 00 03 20 02 21"),
        (Cmd.READ_TEXT_PHOTO, "AA AA AA 96 69 00 03 30 01 32"),
        (Cmd.READ_ADDRESS, "AA AA AA 96 69 00 03 30 03 30"),
        (Cmd.READ_TEXT_PHOTO_FINGERPRINT, "AA AA AA 96 69 00 03 30 10 23"),
    ],
)
def test_request_frames_match_the_reference(cmd: Cmd, frame: str) -> None:
    assert encode_request(cmd) == h(frame)
    req = decode_request(h(frame))
    assert (req.cmd, req.para) == cmd.value


@pytest.mark.parametrize(
    ("frame", "sw3", "data_len"),
    [
        ("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97", 0x9F, 4),
        ("AA AA AA 96 69 00 04 00 00 80 84", 0x80, 0),
        ("AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C", 0x90, 8),
        ("AA AA AA 96 69 00 04 00 00 81 85", 0x81, 0),
        ("AA AA AA 96 69 00 04 00 00 41 45", 0x41, 0),
        ("AA AA AA 96 69 00 04 00 00 90 94", 0x90, 0),
    ],
)
def test_public_response_frames_decode_as_stated(frame: str, sw3: int, data_len: int) -> None:
    r = decode_response(h(frame))
    assert (r.sw1, r.sw2, r.sw3) == (0, 0, sw3)
    assert len(r.data) == data_len


def test_read_answer_header_and_size_match_the_reference() -> None:
    frame = encode_response(0x90, encode_read_payload(bytes(256), bytes(1024)))
    assert frame[:14] == h("AA AA AA 96 69 05 08 00 00 90 01 00 04 00")
    assert len(frame) == 1295


@pytest.mark.parametrize(("fp", "size"), [(0, 1297), (512, 1809), (1024, 2321)])
def test_fingerprint_read_sizes(fp: int, size: int) -> None:
    frame = encode_response(0x90, encode_read_payload(bytes(256), bytes(1024), bytes(fp)))
    assert len(frame) == size
    payload = parse_read_payload(decode_response(frame).data, with_fingerprint=True)
    assert len(payload.fingerprint) == fp


def test_baud_switch_frames() -> None:
    assert encode_baud_request(9600) == encode_request((0x60, 0x04))
    with pytest.raises(ValueError, match="unsupported"):
        encode_baud_request(12345)


def test_every_documented_status_has_both_messages() -> None:
    for code in (
        0x90,
        0x9F,
        0x80,
        0x81,
        0x41,
        0x91,
        0x10,
        0x11,
        0x21,
        0x23,
        0x24,
        0x31,
        0x32,
        0x33,
        0x40,
        0x47,
        0x60,
        0x66,
    ):
        info = STATUS[code]
        assert info.user_message
        assert info.detail
    assert status_info(0x80).outcome is Outcome.NO_CARD
    assert status_info(0x60).outcome is Outcome.FAULT
    assert status_info(0x31).outcome is Outcome.CARD
    assert status_info(0x77).outcome is Outcome.FAULT
    assert "0x77" in status_info(0x77).detail


def test_bad_checksum_is_detected() -> None:
    frame = bytearray(h("AA AA AA 96 69 00 04 00 00 80 84"))
    frame[-1] ^= 0xFF
    with pytest.raises(ChecksumError):
        decode_response(bytes(frame))


@pytest.mark.parametrize(
    "frame",
    [
        "AA AA AA 96 69 00",
        "AA AA AA 96 68 00 04 00 00 80 84",
        "AA AA AA 96 69 00 05 00 00 80 84",
        "AA AA AA 96 69 00 00 00",
        "AA AA AA 96 69 00 02 00 02",
    ],
)
def test_malformed_frames_raise_frame_errors(frame: str) -> None:
    with pytest.raises(FrameError):
        decode_response(h(frame))


@given(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255), st.binary(max_size=3000))
def test_response_round_trip(sw1: int, sw2: int, sw3: int, data: bytes) -> None:
    r = decode_response(encode_response(sw3, data, sw1, sw2))
    assert (r.sw1, r.sw2, r.sw3, r.data) == (sw1, sw2, sw3, data)


@given(st.integers(0, 255), st.integers(0, 255), st.binary(max_size=100))
def test_request_round_trip(cmd: int, para: int, data: bytes) -> None:
    r = decode_request(encode_request((cmd, para), data))
    assert (r.cmd, r.para, r.data) == (cmd, para, data)


@given(st.binary(max_size=600), st.binary(max_size=600))
def test_frames_are_found_between_noise_in_any_chunking(before: bytes, after: bytes) -> None:
    frames = [
        encode_response(0x90, b"x" * 10),
        encode_response(0x80),
        encode_response(0x9F, bytes(4)),
    ]
    stream = before + frames[0] + frames[1] + after + frames[2]
    dec = FrameDecoder()
    found = []
    for i in range(0, len(stream), 7):  # arbitrary chunks
        found += [f for f in dec.feed(stream[i : i + 7]) if isinstance(f, bytes)]
    while dec.pending:  # the line went quiet: a false header must not swallow what follows
        found += [f for f in dec.resync() if isinstance(f, bytes)]
    for frame in frames:
        assert frame in found


@given(st.binary(max_size=2000))
def test_random_streams_only_yield_frames_or_frame_errors(data: bytes) -> None:
    dec = FrameDecoder()
    for item in dec.feed(data):
        assert isinstance(item, bytes | FrameError)
        if isinstance(item, bytes):
            assert item.startswith(PREAMBLE)  # a frame the decoder accepted is well formed


@given(st.binary(min_size=1, max_size=1400), st.data())
def test_mutated_frames_never_raise_foreign_errors(data: bytes, draw: st.DataObject) -> None:
    frame = bytearray(encode_response(0x90, data))
    for _ in range(draw.draw(st.integers(1, 4))):
        i = draw.draw(st.integers(0, len(frame) - 1))
        frame[i] = draw.draw(st.integers(0, 255))
    try:
        r = decode_response(bytes(frame))
        parse_read_payload(r.data, with_fingerprint=False)
    except ProtocolError:
        pass


def test_a_corrupted_frame_is_reported_and_the_next_one_found() -> None:
    bad = bytearray(encode_response(0x90, b"abc"))
    bad[-1] ^= 1
    good = encode_response(0x80)
    dec = FrameDecoder()
    out = dec.feed(bytes(bad) + good)
    assert any(isinstance(x, ChecksumError) for x in out)
    assert out[-1] == good
    assert dec.pending == 0


def test_preamble_split_across_reads_is_kept() -> None:
    dec = FrameDecoder()
    frame = encode_response(0x80)
    first = dec.feed(b"\x01\x02" + frame[:3])
    assert not [x for x in first if isinstance(x, bytes)]
    assert dec.pending == len(PREAMBLE) - 1  # a tail that may start a preamble is kept
    rest = dec.feed(frame[3:])
    assert rest[-1] == frame
    assert [x for x in rest if isinstance(x, bytes)] == [frame]


def test_implausible_length_resynchronises_quickly() -> None:
    dec = FrameDecoder()
    out = dec.feed(PREAMBLE + b"\xff\xff" + encode_response(0x80))
    assert out[-1] == encode_response(0x80)


def test_read_payload_length_mismatch() -> None:
    with pytest.raises(FrameError):
        parse_read_payload(b"\x01\x00\x04\x00" + bytes(10), with_fingerprint=False)
    with pytest.raises(FrameError):
        parse_read_payload(b"\x01", with_fingerprint=False)


@given(
    st.integers(0, 99),
    st.integers(0, 99),
    st.integers(0, 2**32 - 1),
    st.integers(0, 2**32 - 1),
    st.integers(0, 2**32 - 1),
)
def test_sam_id_round_trip(a: int, b: int, c: int, d: int, e: int) -> None:
    text = format_sam_id(encode_sam_id(a, b, c, d, e))
    assert text == f"{a:02d}.{b:02d}-{c}-{d:09d}-{e:09d}"


def test_short_sam_id_is_a_frame_error() -> None:
    with pytest.raises(FrameError):
        format_sam_id(bytes(8))


@given(st.integers(100, 4000), st.binary(max_size=40))
def test_a_false_header_never_hides_the_frame_behind_it(claimed: int, junk: bytes) -> None:
    """Noise that looks like a header with a long LEN: once the line is quiet, resync finds the
    real frame that followed it."""
    real = encode_response(0x90, b"card")
    stream = PREAMBLE + claimed.to_bytes(2, "big") + junk + real
    dec = FrameDecoder()
    items = dec.feed(stream)
    frames = [i for i in items if isinstance(i, bytes)]
    while not frames and dec.pending:
        assert dec.needed >= 1
        frames = [i for i in dec.resync() if isinstance(i, bytes)]
    assert frames[0] == real
