"""The adapter against a reader implementation it has never seen, on a real pty."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from core.errors import CardUnreadable, DeviceFault, DeviceUnavailable
from core.identity import CardType, Sex
from core.ports import DeviceState
from devices.idcard.reader import ReaderOptions, SamReader
from tests.helpers.foreign_reader import (
    ForeignReader,
    foreigner_2017_block,
    foreigner_2023_block,
    permit_block,
    resident_block,
)

FAST = ReaderOptions(find_timeout=0.3, select_timeout=0.3, read_timeout=0.5, sam_timeout=0.3)


@pytest.fixture
def foreign(tmp_path: Path) -> Iterator[ForeignReader]:
    r = ForeignReader(tmp_path / "ttyID").start()
    yield r
    r.stop()


@pytest.fixture
def reader(foreign: ForeignReader) -> Iterator[SamReader]:
    r = SamReader(str(foreign.link), FAST)
    r.open()
    yield r
    r.close()


def test_opens_checks_the_sam_and_reports_no_card(
    reader: SamReader, foreign: ForeignReader
) -> None:
    assert reader.state is DeviceState.READY
    assert reader.sam_id == "05.02-7-000000007-000000007"
    assert reader.read_card() is None
    assert foreign.requests[-1] == bytes.fromhex("AAAAAA96690003200122")  # find, as documented


def test_reads_a_resident_card(reader: SamReader, foreign: ForeignReader) -> None:
    foreign.text = resident_block(
        name="王小明",
        sex="2",
        nation="05",
        birth="19491231",
        address="北京市西城区某某胡同8号",
        number="11010519491231002X",
        authority="北京市公安局西城分局",
        start="20100101",
        end="长期",
    )
    card = reader.read_card()
    assert card is not None
    who = card.identity
    assert who.card_type is CardType.RESIDENT
    assert (who.name, who.sex, who.nation) == ("王小明", Sex.FEMALE, "维吾尔")
    assert who.birth == date(1949, 12, 31)
    assert who.address == "北京市西城区某某胡同8号"
    assert who.id_number == "11010519491231002X"
    assert who.authority == "北京市公安局西城分局"
    assert (who.valid_from, who.valid_to) == (date(2010, 1, 1), None)
    assert card.photo == foreign.photo  # raw bytes kept
    sent = [r[7:9].hex() for r in foreign.requests]
    assert sent[-4:] == ["2001", "2002", "3001", "3003"]
    # This reader keeps answering "found" while the card lies there: not reported twice.
    assert reader.read_card() is None


def test_reads_a_residence_permit(reader: SamReader, foreign: ForeignReader) -> None:
    foreign.text = permit_block(
        pass_number="H98765432",
        issues="03",
        name="李嘉欣",
        sex="2",
        birth="19700101",
        address="广东省深圳市南山区某路1号",
        number="810000197001010029",
        authority="深圳市公安局南山分局",
        start="20200101",
        end="20250101",
    )
    card = reader.read_card()
    assert card is not None
    who = card.identity
    assert who.card_type is CardType.HMT_PERMIT
    assert (who.name, who.pass_number, who.issue_count) == ("李嘉欣", "H98765432", "03")
    assert who.nation_code == ""
    assert who.valid_to == date(2025, 1, 1)


def test_reads_a_2017_foreigner_card(reader: SamReader, foreign: ForeignReader) -> None:
    foreign.text = foreigner_2017_block(
        english="MUELLER, ANNA",
        sex="2",
        number="DEU310080123101",
        nationality="DEU",
        chinese="安娜",
        issued="20180301",
        expires="20280301",
        birth="19800123",
        version="01",
        authority_code="1100",
    )
    card = reader.read_card()
    assert card is not None
    who = card.identity
    assert who.card_type is CardType.FOREIGN_2017
    assert (who.english_name, who.name, who.nationality) == ("MUELLER, ANNA", "安娜", "DEU")
    assert who.id_number == "DEU310080123101"
    assert who.birth == date(1980, 1, 23)
    assert (who.card_version, who.authority_code) == ("01", "1100")


def test_reads_a_2023_foreigner_card_with_a_split_english_name(
    reader: SamReader, foreign: ForeignReader
) -> None:
    english = "HERNANDEZ GARCIA, MARIA FERNANDA LUISA"  # split inside a word
    foreign.text = foreigner_2023_block(
        chinese="范德贝",
        sex="1",
        renewals="01",
        birth="19851020",
        english_1=english[:35],
        number="931156198510200013",
        issued="20240101",
        expires="20340101",
        english_2=english[35:],
        country="NLD",
    )
    card = reader.read_card()
    assert card is not None
    who = card.identity
    assert who.card_type is CardType.FOREIGN_2023
    assert who.english_name == english
    assert (who.name, who.nationality, who.renewal_count) == ("范德贝", "NLD", "01")
    assert who.id_number == "931156198510200013"


def test_bad_checksums_are_reported_as_such(
    reader: SamReader, foreign: ForeignReader, expected_warnings: None
) -> None:
    foreign.mode = "bad_checksum"
    with pytest.raises(CardUnreadable) as err:
        reader.read_card()
    assert "checksum" in err.value.detail
    assert "校验错误" in err.value.user_message
    assert reader.state is DeviceState.READY  # the line is noisy, the reader is there
    foreign.mode = "ok"
    assert reader.read_card() is None


def test_sam_failure_is_a_fault_needing_a_technician(
    foreign: ForeignReader, expected_warnings: None
) -> None:
    foreign.mode = "sam_failure"
    r = SamReader(str(foreign.link), FAST)
    with pytest.raises(DeviceFault) as err:
        r.open()
    assert "安全模块" in err.value.user_message
    assert r.state is DeviceState.FAULT
    assert r.health().checks == {"port_open": True, "sam_ok": False}
    foreign.mode = "ok"
    r.open()
    assert r.state is DeviceState.READY
    r.close()


def test_a_silent_reader_is_unavailable(foreign: ForeignReader) -> None:
    foreign.mode = "mute"
    r = SamReader(str(foreign.link), FAST)
    with pytest.raises(DeviceUnavailable) as err:
        r.open()
    assert "没有响应" in err.value.user_message
    assert r.state is DeviceState.DISCONNECTED


def test_survives_the_port_disappearing_and_coming_back(
    reader: SamReader, foreign: ForeignReader
) -> None:
    foreign.pull()
    with pytest.raises(DeviceUnavailable) as err:
        reader.read_card()
    assert "断开" in err.value.user_message
    assert reader.state is DeviceState.DISCONNECTED
    with pytest.raises(DeviceUnavailable):
        reader.open()  # still unplugged: the node does not exist
    foreign.plug()
    reader.open()
    assert reader.state is DeviceState.READY
    foreign.text = resident_block(
        name="赵六",
        sex="1",
        nation="01",
        birth="19900101",
        address="示范路1号",
        number="110101199001010031",
        authority="示范分局",
        start="20200101",
        end="20400101",
    )
    card = reader.read_card()
    assert card is not None
    assert card.identity.name == "赵六"
    assert reader.stats.reconnects == 1
