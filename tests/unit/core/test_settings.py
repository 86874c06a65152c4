from pathlib import Path

import pytest

from core.errors import SettingsError
from core.settings import Role, load_settings, parse_settings

GOOD = """
[terminal]
id = "KIOSK-0001"
role = "kiosk"
region_code = "369901001000"
hall_name = "示范市青山区城关街道便民服务中心"

[storage]
data_dir = "data"
retention_days = 30

[platform]
url = "http://127.0.0.1:8700"
connect_timeout = 5

[devices.idcard]
type = "serial"
port = "hwgrep://0400:C35A"

[devices.printer]
type = "file"
port = "/dev/usb/lp0"
options = { profile = "TM-T88V", width_mm = "80" }
"""


def test_good_file_loads_with_types(tmp_path: Path) -> None:
    path = tmp_path / "hall.toml"
    path.write_text(GOOD, encoding="utf-8")
    s = load_settings(path)
    assert s.terminal.role is Role.KIOSK
    assert s.storage.data_dir == tmp_path / "data"  # relative to the file
    assert s.platform.connect_timeout == 5.0
    assert s.devices["idcard"].port == "hwgrep://0400:C35A"
    assert s.devices["printer"].options == {"profile": "TM-T88V", "width_mm": "80"}
    assert s.kiosk.idle_timeout_seconds == 90  # default


def test_every_problem_is_reported_with_file_section_and_key() -> None:
    with pytest.raises(SettingsError) as err:
        parse_settings(
            {
                "terminal": {"id": "K1", "role": "kisok", "region_code": "369901001000"},
                "platfrom": {},
                "kiosk": {"idle_timeout_seconds": "90"},
                "devices": {"idcard": {"port": 3}},
            },
            "hall.toml",
        )
    lines = err.value.detail.splitlines()
    assert "hall.toml: platfrom: unknown key (did you mean 'platform'?)" in lines
    assert (
        "hall.toml: [terminal] role: expected one of 'kiosk' | 'counter' | 'agent'"
        " | 'display', found 'kisok'" in lines
    )
    assert "hall.toml: [kiosk] idle_timeout_seconds: expected int, found str '90'" in lines
    assert "hall.toml: [devices.idcard] type: required but missing" in lines
    assert "hall.toml: [devices.idcard] port: expected str, found int 3" in lines
    assert err.value.user_message == "终端配置文件有误，请联系技术人员。"


def test_missing_required_section() -> None:
    with pytest.raises(SettingsError, match=r"\[terminal\]: required but missing"):
        parse_settings({}, "x.toml")


@pytest.mark.parametrize(
    ("section", "values", "fragment"),
    [
        ("terminal", {"region_code": "3699"}, "12-digit"),
        ("terminal", {"id": "K 1"}, "letters, digits"),
        ("terminal", {"language": "fr"}, "zh_CN or en"),
        ("terminal", {"language": "en"}, "for kiosks"),  # the counter is Chinese only
        ("kiosk", {"idle_timeout_seconds": 10, "idle_warning_seconds": 20}, "idle_warning"),
        ("platform", {"url": "ftp://x"}, "http"),
        ("storage", {"retention_days": -1}, "retention_days"),
    ],
)
def test_value_rules(section: str, values: dict[str, object], fragment: str) -> None:
    data: dict[str, dict[str, object]] = {
        "terminal": {"id": "K1", "role": "counter", "region_code": "369901001000"}
    }
    data.setdefault(section, {}).update(values)
    with pytest.raises(SettingsError) as err:
        parse_settings(data)
    assert fragment in err.value.detail


def test_bool_is_not_an_int() -> None:
    with pytest.raises(SettingsError, match="expected int, found bool"):
        parse_settings(
            {
                "terminal": {"id": "K1", "role": "agent", "region_code": "369901001000"},
                "storage": {"retention_days": True},
            }
        )


def test_broken_toml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[terminal\nid=", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(bad)
    with pytest.raises(SettingsError, match="file not found"):
        load_settings(tmp_path / "none.toml")


def test_relative_paths_resolve_against_the_settings_file(tmp_path: Path) -> None:
    """[storage] key_file used to be dropped whenever data_dir was relative."""
    cfg = tmp_path / "etc" / "hall.toml"
    cfg.parent.mkdir()
    cfg.write_text(
        '[terminal]\nid = "K1"\nrole = "kiosk"\nregion_code = "369901001000"\n'
        '[storage]\ndata_dir = "var"\nkey_file = "keys/master.key"\n'
        '[platform]\nurl = "https://hall.example"\nsecret_file = "/etc/hall/secret"\n',
        encoding="utf-8",
    )
    s = load_settings(cfg)
    assert s.storage.data_dir == tmp_path / "etc" / "var"
    assert s.storage.key_file == str(tmp_path / "etc" / "keys" / "master.key")
    assert s.platform.secret_file == "/etc/hall/secret"  # absolute stays


def test_device_options_follow_one_rule_for_every_device() -> None:
    """The printer read a misspelt boolean as false; the reader refused it: now both refuse."""
    from core.settings import DeviceSettings, parse_options
    from devices.idcard.reader import ReaderOptions
    from devices.pad.serial_pad import SerialPadOptions
    from devices.printer.printer import PrinterConfig

    spec = {"native_qr": True, "paper_mm": 80, "timeout": 1.5, "name": "x"}
    assert parse_options("printer", {"native_qr": "off", "paper_mm": " 58 "}, spec) == {
        "native_qr": False,
        "paper_mm": 58,
        "timeout": 1.5,
        "name": "x",
    }
    with pytest.raises(SettingsError) as err:
        parse_options("printer", {"native_qr": "ture", "papermm": "58"}, spec)
    assert "'native_qr': expected bool, got 'ture'" in str(err.value)
    assert "unknown option 'papermm'" in str(err.value)
    for build in (
        lambda: PrinterConfig.from_settings(DeviceSettings("file", "/dev/null", {"cut": "ja"})),
        lambda: ReaderOptions.from_options({"fingerprint": "ja"}),
        lambda: SerialPadOptions.from_options({"keys": "31=满意", "baudrate": "fast"}),
    ):
        with pytest.raises(SettingsError):
            build()
