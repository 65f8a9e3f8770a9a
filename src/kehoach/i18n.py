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
        "trend": "Trend",
        "area_col": "Area",
        "no_history": "No records for {id} yet.",
        "whole_province": "whole province",
    },
}

STATUS_LABELS = {
    "vi": {
        "achieved": "Đạt/vượt KH",  # shown per row as "Đạt KH" or "Vượt KH" (render/words.verdict_label)
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
