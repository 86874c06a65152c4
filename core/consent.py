"""代办委托: the consent a villager gives a village agent to apply on their behalf. The text
shown is versioned; each consent records the version its signer saw."""

from __future__ import annotations

#: Change the version whenever the text changes (consents keep the version they were given, and
#: the villager's copy prints the text of that version). 2026-2 names the item: the consent is
#: given once the item is chosen (2026-1 said only "本次申请的政务服务事项").
CONSENT_VERSION = "2026-2"
#: The consent's evidence among an application's attachments (they are not the item's
#: materials): the signature as a PNG and its strokes as JSON, sealed like scans.
CONSENT_SIGNATURE, CONSENT_STROKES = "consent_signature", "consent_strokes"
#: …or the villager's signed paper mandate (委托书), scanned on the document camera.
CONSENT_MANDATE = "consent_mandate"


def consent_text(agent: str, hall: str, item: str, version: str = CONSENT_VERSION) -> str:
    """What the villager reads (or is read) before signing, naming the agent, the station and
    the item — in the wording of ``version`` (a consent is printed again as it was given)."""
    what = "本次申请的政务服务事项" if version == "2026-1" else f"“{item}”事项"
    return (
        f"本人自愿委托{hall}代办员{agent}代为办理{what}，"
        "包括填写申请表、提交材料、领取和转交办理结果。"
        "本人确认所提供的证件和材料真实有效，并同意代办员为办理本事项使用本人的身份信息。"
        "委托仅限本次申请，本人可随时撤回。"
    )
