"""What the stylesheet does on a 360-pixel phone, checked through its cascade (tests/css.py).
Each was first seen in a real browser; the browser tests measure the same pages."""

from __future__ import annotations

from tests.css import computed


def test_the_language_menu_hangs_from_the_headers_edge_not_from_the_switcher():
    # The switcher wraps to the start of a line on a phone: a menu hung from it opens off-screen.
    assert computed("body header.site", "position") == "relative"
    assert computed("header.site details.languages", "position") == "static"
    assert computed("header.site details.languages form", "position") == "absolute"
    assert computed("header.site details.languages form", "inset-inline-end") == "1rem"


def test_a_scrolling_box_holds_what_is_positioned_inside_it():
    assert computed("main div.scroll", "overflow-x") == "auto"
    assert computed("main div.scroll", "position") == "relative"


def test_each_key_term_has_its_bullet_before_it():
    # The list wraps as a row of flex items: a bullet outside its item would sit in the gap,
    # against the end of the previous term.
    assert computed("aside.key-terms ul", "display") == "flex"
    assert computed("aside.key-terms ul li", "list-style-position") == "inside"


def test_an_unanswered_question_gets_the_error_border():
    question = "main form.quiz fieldset.question"
    assert computed(question, "border-color") == "1px solid var(--line)"
    assert computed(question + ".has-error", "border-color") == "var(--bad)"


def test_a_long_question_wraps_below_the_border_instead_of_under_it():
    # A legend of several lines straddles the fieldset's top border, which then runs through
    # the text; floated, the legend is an ordinary block inside the box.
    assert computed("main form.quiz fieldset.question legend", "float") == "inline-start"
    assert computed("main form.quiz fieldset.question", "min-inline-size") == "0"
