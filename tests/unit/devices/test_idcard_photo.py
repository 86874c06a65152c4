"""The optional photo decoder plug-in, with a stand-in vendor library compiled for the test."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from core.errors import SettingsError
from devices.idcard.photo import (
    BMP_SIZE,
    HEIGHT,
    RAW_SIZE,
    WIDTH,
    NoPhotoDecoder,
    VendorPhotoDecoder,
    bmp_from_bgr,
    load_photo_decoder,
)

# Same calling convention as the vendor libraries; pixels derived from the input so the test
# can tell the blob really went through it. Returns -1 for a blob starting with FF.
FAKE_VENDOR_C = r"""
int unpack(const unsigned char *wlt, unsigned char *out, int flag) {
    if (wlt[0] == 0xFF) return -1;
    for (int i = 0; i < 102 * 126 * 3; i++) out[i] = wlt[i % 1024];
    return 1;
}
"""


@pytest.fixture(scope="module")
def vendor_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build the stand-in vendor library")
    d = tmp_path_factory.mktemp("vendor")
    (d / "wlt.c").write_text(FAKE_VENDOR_C)
    lib = d / "libwlt.so"
    subprocess.run([cc, "-shared", "-fPIC", "-O1", "-o", str(lib), str(d / "wlt.c")], check=True)
    return lib


def test_vendor_library_decodes_to_a_bmp(vendor_library: Path) -> None:
    decoder = load_photo_decoder(str(vendor_library))
    wlt = bytes(range(256)) * 4
    bmp = decoder.decode(wlt)
    assert bmp is not None
    assert bmp[:2] == b"BM"
    assert len(bmp) == BMP_SIZE
    assert struct.unpack_from("<ii", bmp, 18) == (WIDTH, HEIGHT)
    # the top-left pixel is the last row of the bottom-up file
    row = (WIDTH * 3 + 3) // 4 * 4
    assert bmp[54 + row * (HEIGHT - 1) : 54 + row * (HEIGHT - 1) + 3] == wlt[:3]


def test_vendor_failure_and_wrong_sizes_give_no_photo(
    vendor_library: Path, expected_warnings: None
) -> None:
    decoder = VendorPhotoDecoder(str(vendor_library))
    assert decoder.decode(b"\xff" + bytes(1023)) is None
    assert decoder.decode(b"short") is None


def test_misconfigured_library_is_a_settings_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as missing:
        load_photo_decoder(str(tmp_path / "nope.so"))
    assert "不存在" in missing.value.user_message
    (tmp_path / "bad.so").write_bytes(b"not a library")
    with pytest.raises(SettingsError):
        load_photo_decoder(str(tmp_path / "bad.so"))


def test_without_a_library_there_is_no_photo_and_no_failure() -> None:
    assert isinstance(load_photo_decoder(""), NoPhotoDecoder)
    assert NoPhotoDecoder().decode(bytes(1024)) is None


def test_bmp_wrapping_checks_its_input() -> None:
    assert len(bmp_from_bgr(bytes(RAW_SIZE))) == BMP_SIZE
    with pytest.raises(ValueError, match="bytes of pixels"):
        bmp_from_bgr(bytes(10))
