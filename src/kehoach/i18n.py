"""The catalogue: every word kehoach says to a person, in Vietnamese (the default) or English.

Every word a person reads (messages, --help, table headers, verdicts, the report's prose, the
separators of numbers) is written in English in the code, as the msgid, and translated from the
catalogue src/kehoach/locale/<lang>/LC_MESSAGES/kehoach.po; the build (hatch_build.py) compiles
each .po to the .mo that gettext reads, and tests/test_i18n.py fails when a marked message has no
translation or its {placeholders} differ. A language is one .po file and its code in LANGUAGES.

A msgid is marked where it is written: `_()` translates it now, `N_()` marks it to translate later
(help texts made at import, tables of words), `NP_()` marks it with a context, for a short word whose
translation depends on where it stands ("Achieved" is "Đạt/vượt KH" as a verdict of the scoreboard,
"Đạt KH" as a row's).

Two ways to ask for words:
- `_()`, in the language of the session's messages, chosen once from --lang / KEHOACH_LANG before
  the command line is parsed (`set_language`): confirmations, warnings, errors, --help;
- `translator(lang)`, in a language given as a parameter, for a renderer that takes one: nothing
  global is switched, so no language leaks from one call to the next.

This is the only module that may name a language (tests/test_language_literals.py checks the rest);
the plan's own text in its two languages (`name` / `name_en`) is chosen by core.planview.plan_text.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # gettext and pathlib are imported when a catalogue is first read, not at start-up
    import gettext
    from pathlib import Path

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
SOURCE_LANGUAGE = "en"  # the language of the code's own text: the msgids
PLAN_LANGUAGE = "vi"  # the language of a plan's bare fields (name, unit, title); name_en etc. beside them
DOMAIN = "kehoach"


class Word(NamedTuple):
    """A msgid with its context (gettext's msgctxt), as NP_ marks it."""

    context: str
    message: str


def N_(message: str) -> str:
    """Marks a message for the catalogue without translating it yet (help texts made at import)."""
    return message


def NP_(context: str, message: str) -> Word:
    """Marks a message with its context for the catalogue, to be translated when shown."""
    return Word(context, message)


def locale_dir() -> Path:
    from pathlib import Path

    return Path(__file__).parent / "locale"


# What a message tells a person to type, as the front end in use spells it. A message of the core
# writes `{flag_force}`, `{cmd_import}`, `{env_ledger}` — the setting or the action it means —
# never the flag itself; the catalogue puts in the words of the front end. These are the command
# line's (the front end kehoach ships); another front end gives its own with `spell_as`.
_SPELLINGS: dict[str, str] = {
    "{flag_any_plan}": "--any-plan", "{flag_area}": "--area", "{flag_attention}": "--attention",
    "{flag_by_area}": "--by-area", "{flag_compare_known_at}": "--compare-known-at", "{flag_force}": "--force",
    "{flag_format}": "--format", "{flag_group}": "--group", "{flag_known_at}": "--known-at", "{flag_ledger}": "--ledger",
    "{flag_locale}": "--locale", "{flag_o}": "-o", "{flag_output}": "--output", "{flag_period}": "--period",
    "{flag_plan}": "--plan", "{flag_revise}": "--revise", "{flag_target}": "--target", "{flag_year}": "--year",
    "{cmd_export}": "kehoach export", "{cmd_export_all}": "kehoach export --all", "{cmd_import}": "kehoach import",
    "{cmd_list_areas}": "kehoach list --areas", "{cmd_record}": "kehoach record",
    "{env_ledger}": "KEHOACH_LEDGER", "{env_plan}": "KEHOACH_PLAN",
}
_SPELLED = ("{flag_", "{cmd_", "{env_")


def spell_as(spellings: Mapping[str, str]) -> None:
    """Let another front end spell what messages tell a person to type: {"flag_force": "…"}."""
    _SPELLINGS.update({"{" + name + "}": text for name, text in spellings.items()})


def spelling(name: str) -> str:
    """How the front end spells one option or command ("flag_area": "--area"), for a message that
    names one of several."""
    return _SPELLINGS["{" + name + "}"]


def _spelled(text: str) -> str:
    if "{" not in text or not any(mark in text for mark in _SPELLED):
        return text
    for mark, spelling in _SPELLINGS.items():
        text = text.replace(mark, spelling)
    return text


class Translator:
    """The catalogue of one language: its messages, plurals and words in context."""

    __slots__ = ("_catalogue", "lang")

    def __init__(self, lang: str, catalogue: gettext.NullTranslations) -> None:
        self.lang = lang
        self._catalogue = catalogue

    def __repr__(self) -> str:
        return f"Translator({self.lang!r})"

    def _(self, message: str) -> str:
        """The message in this language."""
        return _spelled(self._catalogue.gettext(message)) if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _spelled(self._catalogue.ngettext(singular, plural, n))

    def pgettext(self, context: str, message: str) -> str:
        return _spelled(self._catalogue.pgettext(context, message))

    def word(self, word: Word) -> str:
        """A word marked with NP_, in this language."""
        return self._catalogue.pgettext(word.context, word.message)

    def words(self, table: Mapping[str, Word]) -> dict[str, str]:
        return {key: self.word(w) for key, w in table.items()}


@functools.cache
def _load(lang: str) -> Translator:
    import gettext

    if lang == SOURCE_LANGUAGE:  # the code's own text
        return Translator(lang, gettext.NullTranslations())
    return Translator(lang, gettext.translation(DOMAIN, locale_dir(), languages=[lang], fallback=True))


def translator(lang: str | None = None) -> Translator:
    """The words of `lang`; None is the language of the session's messages, and a language that
    kehoach does not speak is the default (as `set_language` decides)."""
    if lang is None:
        lang = _session.lang
    return _load(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)


# ─────────────────────────── the language of the session's messages ───────────────────────────


class _Session:
    """The one place the session's language is held: set once, at the command line's edge, before
    anything is parsed; a renderer that takes a language is given it, and reads nothing here."""

    __slots__ = ("lang",)

    def __init__(self) -> None:
        self.lang = DEFAULT_LANGUAGE


_session = _Session()


def set_language(lang: str | None) -> str:
    """Choose the language of messages for this process; unknown or empty means the default."""
    _session.lang = lang if lang is not None and lang in LANGUAGES else DEFAULT_LANGUAGE
    return _session.lang


def language() -> str:
    return _session.lang


def _(message: str) -> str:
    """The message in the current language."""
    return translator(_session.lang)._(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translator(_session.lang).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message with its context, in the current language."""
    return translator(_session.lang).pgettext(context, message)


def language_from_args(args: list[str], environ: Mapping[str, str]) -> str | None:
    """The language asked for on a command line (`--lang X`, `--lang=X`) or in KEHOACH_LANG, read
    before the commands are parsed so that --help and usage errors speak it too. The last --lang
    wins, as Click takes the last of a repeated option: `kehoach --lang en status --lang vi` is one
    language, Vietnamese, for its messages and its tables alike."""
    asked = None
    for i, a in enumerate(args):
        if a == "--":
            break
        if a == "--lang" and i + 1 < len(args):
            asked = args[i + 1]
        elif a.startswith("--lang="):
            asked = a.split("=", 1)[1]
    return asked if asked is not None else environ.get("KEHOACH_LANG") or None


def other_languages(lang: str) -> tuple[str, ...]:
    """The languages besides `lang`, in the order of LANGUAGES (a note the plan has only in another)."""
    return tuple(other for other in LANGUAGES if other != lang)


# ─────────────────────────── tables of words ───────────────────────────


class Words(Mapping[str, Mapping[str, str]]):
    """A table of words by key, each marked with NP_: `table.word(lang, key)`; `table[lang]` is the
    whole table in one language (for callers that index a table by language)."""

    def __init__(self, entries: Mapping[str, Word]) -> None:
        self.entries = dict(entries)

    def __getitem__(self, lang: str) -> Mapping[str, str]:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        return translator(lang).words(self.entries)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)

    def word(self, lang: str, key: str) -> str:
        """The word for `key` in `lang`; a key the table does not have is shown as itself."""
        entry = self.entries.get(key)
        return key if entry is None else translator(lang).word(entry)


# The labels of the terminal's tables and panels (headers, legends, titles).
LABELS = Words({
    "number": NP_("label", "#"),
    "indicator": NP_("label", "Indicator"),
    "id": NP_("label", "ID"),
    "unit": NP_("label", "Unit"),
    "baseline": NP_("label", "Est. {year}"),
    "target": NP_("label", "Plan {year}"),
    "change": NP_("label", "Plan vs {year}"),
    "actual": NP_("label", "Actual"),
    "period": NP_("label", "Period"),
    "percent": NP_("label", "% of plan"),
    "gap": NP_("label", "Gap"),
    "status": NP_("label", "Status"),
    "group": NP_("label", "Group"),
    "kind": NP_("label", "Kind"),
    "direction": NP_("label", "Direction"),
    "legend_derived": NP_("label", "ᵈ derived from a change stated in the plan"),
    "legend_mid_year": NP_("label", "ᵍ a mid-year reading, not a full-year estimate"),
    "no_records": NP_("label", "No actuals recorded for {year} yet: the table compares the {base} estimate with "
                               "the {year} plan."),
    "target_n": NP_("label", "Target {n}"),
    "source_label": NP_("label", "labelled {label} in the source"),
    "as_of": NP_("label", "As of {period}"),
    "area": NP_("label", "Area: {area}"),
    "title_list": NP_("label", "Indicators — {title}"),
    "history_title": NP_("label", "History — {name}"),
    "recorded_at": NP_("label", "Recorded at"),
    "by": NP_("label", "By"),
    "note": NP_("label", "Note"),
    "source": NP_("label", "Source"),
    "value": NP_("label", "Value"),
    "revision": NP_("label", "revision"),
    "superseded": NP_("label", "superseded"),
    "conflicting": NP_("label", "offices disagree"),
    "trend": NP_("label", "Trend"),
    "area_col": NP_("label", "Area"),
    "no_history": NP_("label", "No records for {id} yet."),
    "whole_province": NP_("label", "whole province"),
})

# The verdicts as the scoreboard and the tables name them (an achieved row says "Đạt KH" or
# "Vượt KH": render/sentences.verdict_label).
STATUS_LABELS = Words({
    "achieved": NP_("verdict", "Achieved"),
    "on_track": NP_("verdict", "On track"),
    "at_risk": NP_("verdict", "At risk"),
    "off_track": NP_("verdict", "Off track"),
    "no_data": NP_("verdict", "No data"),
    "no_target": NP_("verdict", "No target"),
    "missed": NP_("verdict", "Missed"),
})

KIND_LABELS = Words({
    "flow": NP_("kind of indicator", "flow"),
    "rate": NP_("kind of indicator", "rate"),
    "level": NP_("kind of indicator", "level"),
    "share": NP_("kind of indicator", "share"),
    "count": NP_("kind of indicator", "count"),
})
DIRECTION_LABELS = Words({
    "higher": NP_("direction of an indicator", "higher is better"),
    "lower": NP_("direction of an indicator", "lower is better"),
    "toward": NP_("direction of an indicator", "toward the planned share"),
})


def label(lang: str, key: str, **kw: Any) -> str:
    text = LABELS.word(lang, key)
    return text.format(**kw) if kw else text


def status_label(lang: str, status: str) -> str:
    return STATUS_LABELS.word(lang, status)


def kind_label(lang: str, kind: str) -> str:
    return KIND_LABELS.word(lang, kind)


def direction_label(lang: str, direction: str) -> str:
    return DIRECTION_LABELS.word(lang, direction)


# ─────────────────────────── numbers, as each language writes them ───────────────────────────

THOUSANDS_SEPARATOR = NP_("thousands separator", ",")
DECIMAL_POINT = NP_("decimal point", ".")
# A number's style by its name, for a message about a number typed the wrong way ("…theo kiểu Việt Nam").
NUMBER_STYLES = {
    "vi": NP_("number style", "Vietnamese"),
    "en": NP_("number style", "English"),
}


@functools.cache
def number_separators(locale: str) -> tuple[str, str]:
    """(thousands separator, decimal point) of the numbers of `locale` (a language code): ("." ",")
    for Vietnamese, ("," ".") for English. A code kehoach does not know writes as the code's own text."""
    words = translator(locale if locale in LANGUAGES else SOURCE_LANGUAGE)
    return words.word(THOUSANDS_SEPARATOR), words.word(DECIMAL_POINT)


def number_style(locale: str, lang: str | None = None) -> str:
    """The name of `locale`'s way of writing numbers, in `lang` (None: the session's language)."""
    entry = NUMBER_STYLES.get(locale)
    return locale if entry is None else translator(lang).word(entry)


# ─────────────────────────── grammar that a translation cannot carry ───────────────────────────


def singular_unit(unit: str, value: Any, lang: str) -> str:
    """A unit agreeing with its number: "1 district", "2 districts" in English; Vietnamese nouns do
    not change with their number."""
    if lang == "en" and value is not None and abs(value) == 1 and unit.endswith("s") and " " not in unit.strip():
        return unit[:-1]
    return unit


def unit_of(ind: Any) -> str:
    """An indicator's unit in the message's language ("tỷ đồng" / "billion VND")."""
    return str(plan_text(ind, "unit", language()))


def own_text(obj: object, field: str, lang: str) -> Any:
    """The plan's own text `field` (name, unit, title, label, target_text) as the plan writes it in
    `lang`, or None when it has none in that language: the bare field is the plan's language
    (Vietnamese), `field_<lang>` (name_en, unit_en) another's."""
    if lang == PLAN_LANGUAGE:
        return getattr(obj, field, None)
    return getattr(obj, f"{field}_{lang}", None)


def plan_text(obj: object, field: str, lang: str) -> Any:
    """The plan's own text `field` in `lang`: `name` / `name_en`, `unit` / `unit_en`; where the plan
    has it only in its own language, that. (Data of the plan in its two languages, not a word of
    kehoach's: those come from the catalogue.)"""
    return own_text(obj, field, lang) or getattr(obj, field)


# ─────────────────────────── the plan's language, as kehoach reads it ───────────────────────────

# A unit of the plan (written in PLAN_LANGUAGE) that holds one of these is money: never negative.
MONEY_WORDS = ("đồng", "usd")
