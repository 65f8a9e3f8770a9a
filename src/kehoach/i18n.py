"""User-facing labels in Vietnamese (the default) and English; code and data keys stay English."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "number": "#",
        "indicator": "Chỉ tiêu",
        "id": "Mã",
        "unit": "ĐVT",
        "baseline": "Ước {year}",
        "target": "KH {year}",
        "change": "KH so {year}",
        "actual": "Thực hiện",
        "period": "Kỳ",
        "percent": "% KH",
        "gap": "Chênh lệch",
        "status": "Đánh giá",
        "group": "Nhóm",
        "kind": "Loại",
        "direction": "Hướng",
        "legend_derived": "ᵈ ước tính suy ra từ mức thay đổi nêu trong kế hoạch",
        "legend_mid_year": "ᵍ số liệu giữa năm, không phải ước cả năm",
        "no_records": "Chưa có số liệu thực hiện năm {year}: bảng so sánh ước {base} với kế hoạch {year}.",
        "target_n": "Chỉ tiêu {n}",
        "source_label": "số thứ tự trong văn bản: {label}",
        "as_of": "Tính đến kỳ {period}",
        "area": "Địa bàn: {area}",
        "title_list": "Danh mục chỉ tiêu — {title}",
        "history_title": "Lịch sử số liệu — {name}",
        "recorded_at": "Ghi lúc",
        "by": "Người ghi",
        "note": "Ghi chú",
        "source": "Nguồn",
        "value": "Giá trị",
        "revision": "điều chỉnh",
        "superseded": "đã thay",
        "conflicting": "chưa thống nhất",
        "trend": "Xu hướng",
        "area_col": "Địa bàn",
        "no_history": "Chưa có số liệu nào cho {id}.",
        "whole_province": "toàn tỉnh",
    },
    "en": {
        "number": "#",
        "indicator": "Indicator",
        "id": "ID",
        "unit": "Unit",
        "baseline": "Est. {year}",
        "target": "Plan {year}",
        "change": "Plan vs {year}",
        "actual": "Actual",
        "period": "Period",
        "percent": "% of plan",
        "gap": "Gap",
        "status": "Status",
        "group": "Group",
        "kind": "Kind",
        "direction": "Direction",
        "legend_derived": "ᵈ derived from a change stated in the plan",
        "legend_mid_year": "ᵍ a mid-year reading, not a full-year estimate",
        "no_records": "No actuals recorded for {year} yet: the table compares the {base} estimate with the {year} plan.",
        "target_n": "Target {n}",
        "source_label": "labelled {label} in the source",
        "as_of": "As of {period}",
        "area": "Area: {area}",
        "title_list": "Indicators — {title}",
        "history_title": "History — {name}",
        "recorded_at": "Recorded at",
        "by": "By",
        "note": "Note",
        "source": "Source",
        "value": "Value",
        "revision": "revision",
        "superseded": "superseded",
        "conflicting": "offices disagree",
        "trend": "Trend",
        "area_col": "Area",
        "no_history": "No records for {id} yet.",
        "whole_province": "whole province",
    },
}

STATUS_LABELS = {
    "vi": {
        "achieved": "Đạt/vượt KH",  # shown per row as "Đạt KH" or "Vượt KH" (render/sentences.verdict_label)
        "on_track": "Đúng tiến độ",
        "at_risk": "Có nguy cơ",
        "off_track": "Chậm tiến độ",
        "no_data": "Chưa có số liệu",
        "no_target": "Không có KH",
        "missed": "Không đạt KH",
    },
    "en": {
        "achieved": "Achieved",
        "on_track": "On track",
        "at_risk": "At risk",
        "off_track": "Off track",
        "no_data": "No data",
        "no_target": "No target",
        "missed": "Missed",
    },
}

KIND_LABELS = {
    "vi": {"flow": "lũy kế", "rate": "tốc độ", "level": "mức", "share": "cơ cấu", "count": "số lượng"},
    "en": {"flow": "flow", "rate": "rate", "level": "level", "share": "share", "count": "count"},
}
DIRECTION_LABELS = {
    "vi": {"higher": "càng cao càng tốt", "lower": "càng thấp càng tốt", "toward": "hướng tới mức KH"},
    "en": {"higher": "higher is better", "lower": "lower is better", "toward": "toward the planned share"},
}


def label(lang: str, key: str, **kw) -> str:
    text = LABELS.get(lang, LABELS["vi"]).get(key, key)
    return text.format(**kw) if kw else text


def status_label(lang: str, status: str) -> str:
    return STATUS_LABELS.get(lang, STATUS_LABELS["vi"]).get(status, status)


# ─────────────────────────── messages: gettext catalogues ───────────────────────────
# Every sentence kehoach says to a person (confirmations, warnings, errors, hints, --help) is
# written in English in the code, marked with _() (or N_() where it must stay untranslated until
# shown), and translated from the catalogue src/kehoach/locale/<lang>/LC_MESSAGES/kehoach.po. The
# build (hatch_build.py) compiles each .po to the .mo that gettext reads; tests/test_i18n.py fails
# when a marked message has no translation or its {placeholders} differ.

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
DOMAIN = "kehoach"
_state: dict[str, object] = {"lang": DEFAULT_LANGUAGE, "translation": None}


def locale_dir():
    from pathlib import Path

    return Path(__file__).parent / "locale"


def set_language(lang: str | None) -> str:
    """Choose the language of messages for this process; unknown or empty means the default."""
    chosen = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    if chosen != _state["lang"]:
        _state["lang"], _state["translation"] = chosen, None
    return chosen


def language() -> str:
    return str(_state["lang"])


def _translation():
    t = _state["translation"]
    if t is None:
        import gettext

        if _state["lang"] == "en":  # the code's own text is English
            t = gettext.NullTranslations()
        else:
            t = gettext.translation(DOMAIN, locale_dir(), languages=[str(_state["lang"])], fallback=True)
        _state["translation"] = t
    return t


def _(message: str) -> str:
    """The message in the current language."""
    if not message:
        return message
    return _translation().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for the catalogue without translating it yet (help texts made at import)."""
    return message


def language_from_args(args: list[str], environ) -> str | None:
    """The language asked for on a command line (`--lang X`, `--lang=X`) or in KEHOACH_LANG, read
    before the commands are parsed so that --help and usage errors speak it too."""
    for i, a in enumerate(args):
        if a == "--":
            break
        if a == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return environ.get("KEHOACH_LANG") or None


def unit_of(ind) -> str:
    """An indicator's unit in the message's language ("tỷ đồng" / "billion VND")."""
    return ind.unit if language() == "vi" else (getattr(ind, "unit_en", None) or ind.unit)
