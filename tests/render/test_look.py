"""One look per verdict: every colour readable on white, every verdict with a symbol of its own."""

from kehoach.render.look import VERDICT_LOOK, contrast_on_white


def test_every_verdict_colour_has_a_contrast_of_at_least_4_5_on_white():
    low = {s: round(contrast_on_white(v.rgb), 2) for s, v in VERDICT_LOOK.items() if contrast_on_white(v.rgb) < 4.5}
    assert low == {}


def test_contrast_formula_matches_wcag_reference_values():
    # WCAG 2: black on white is 21:1, white on white 1:1; #767676 is the usual 4.54:1 grey.
    assert round(contrast_on_white("#000000"), 1) == 21.0
    assert round(contrast_on_white("#ffffff"), 1) == 1.0
    assert round(contrast_on_white("#767676"), 2) == 4.54


def test_verdicts_that_mean_different_things_have_different_symbols():
    meaning = {s: v.symbol for s, v in VERDICT_LOOK.items() if s != "no_target"}
    assert len(set(meaning.values())) == len(meaning)


def test_what_failed_is_marked_bold():
    assert VERDICT_LOOK["missed"].bold and VERDICT_LOOK["off_track"].bold
