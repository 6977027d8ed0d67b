import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.core.story_quality import (
    BacklogStory,
    Criterion,
    Finding,
    Template,
    check_backlog,
    check_story,
    compose_story,
    dominant_template,
)

USUAL = Template(role="as a", means="i want", ends="so that")


def criteria(text: str, **options: object) -> set[Criterion]:
    return {finding.criterion for finding in check_story(text, **options)}  # type: ignore[arg-type]


def finding(text: str, criterion: Criterion, **options: object) -> Finding:
    found = {f.criterion: f for f in check_story(text, **options)}  # type: ignore[arg-type]
    return found[criterion]


def test_a_good_story_has_no_findings() -> None:
    assert (
        check_story(
            "As a pilot, I want to export the flight log, so that I can file it with the CAA.",
            template=USUAL,
        )
        == ()
    )


def test_two_verbs_on_one_object_are_split_into_two_stories() -> None:
    assert finding(
        "As a parent, I want to see and edit my children, so that I can fix mistakes.",
        Criterion.ATOMIC,
    ).rewrite == (
        "As a parent, I want to see my children, so that I can fix mistakes.",
        "As a parent, I want to edit my children, so that I can fix mistakes.",
    )


def test_a_second_action_after_and_is_split_off() -> None:
    assert finding(
        "As a user, I want to be able to check my history and keep a record of it.",
        Criterion.ATOMIC,
    ).rewrite == (
        "As a user, I want to be able to check my history.",
        "As a user, I want to be able to keep a record of it.",
    )


@pytest.mark.parametrize(
    "text",
    [
        "As an editor, I want to show and hide the sidebar.",
        "As an owner, I want to invite someone to sign up and become a member.",
        "As a designer, I want to customise the name, icon and colour of the app.",
        "As a moderator, I want to copy/paste stories from a spreadsheet.",
    ],
)
def test_one_feature_with_and_in_it_stays_atomic(text: str) -> None:
    assert Criterion.ATOMIC not in criteria(text)


def test_text_in_brackets_is_not_minimal_and_the_rewrite_drops_it() -> None:
    assert finding(
        "As a clerk, I want to see this week's hours (split by project). See: mockup 3",
        Criterion.MINIMAL,
    ).rewrite == ("As a clerk, I want to see this week's hours.",)


def test_a_reason_that_repeats_the_want_is_not_conceptually_sound() -> None:
    assert Criterion.CONCEPTUALLY_SOUND in criteria(
        "As a member, I want to download the slides, so that I have them."
    )


def test_a_reason_that_asks_whether_i_want_something_is_still_a_reason() -> None:
    assert Criterion.CONCEPTUALLY_SOUND not in criteria(
        "As a visitor, I want to see upcoming events, so that I can decide if I want to go."
    )


def test_naming_a_widget_is_not_problem_oriented() -> None:
    assert Criterion.PROBLEM_ORIENTED in criteria(
        "As a clerk, I want a save button on the top right of the form."
    )


def test_vague_words_in_the_want_are_named() -> None:
    message = finding(
        "As a user, I want to find content easily, so that I can edit it.",
        Criterion.UNAMBIGUOUS,
    ).message
    assert '"easily"' in message


@pytest.mark.parametrize(
    ("text", "rewrite"),
    [
        (
            "As a publisher, I want to sign up, so that that I can publish.",
            "As a publisher, I want to sign up, so that I can publish.",
        ),
        (
            "As a researcher, I want validate my data.",
            "As a researcher, I want to validate my data.",
        ),
        (
            "As a manager, I want to be able t run a report.",
            "As a manager, I want to be able to run a report.",
        ),
        (
            "As a developer, I want an DSpace integration.",
            "As a developer, I want a DSpace integration.",
        ),
    ],
)
def test_slips_that_break_the_sentence_come_with_the_fix(text: str, rewrite: str) -> None:
    assert finding(text, Criterion.FULL_SENTENCE).rewrite == (rewrite,)


def test_a_heading_is_neither_well_formed_nor_a_sentence() -> None:
    assert criteria("Auditing & Reporting.") >= {Criterion.WELL_FORMED, Criterion.FULL_SENTENCE}


def test_a_broad_verb_makes_a_story_hard_to_estimate() -> None:
    assert Criterion.ESTIMATABLE in criteria("As a clerk, I want to manage hearing calendars.")


def test_duplicates_found_elsewhere_are_reported_by_key() -> None:
    assert (
        "DRN-7"
        in finding(
            "As a pilot, I want longer flights.", Criterion.UNIQUE, duplicates=("DRN-7",)
        ).message
    )


def test_another_template_is_rewritten_into_the_backlogs_own() -> None:
    assert finding(
        "As a camp worker, I'm able to report a camper, so my manager knows.",
        Criterion.UNIFORM,
        template=USUAL,
    ).rewrite == (
        "As a camp worker, I want to be able to report a camper, so that my manager knows.",
    )


def test_the_dominant_template_comes_from_the_backlog_itself() -> None:
    backlog = [
        "As a user, I need to log in, because my data is private.",
        "As an admin, I need to ban users, because spam hurts.",
        "As a user, I need exports, because I file taxes.",
        "As a user, I want a dark mode.",
        "As a guest, I need to browse, because I am curious.",
        "Reporting.",
    ]
    assert dominant_template(backlog) == Template(role="as a", means="i need", ends="because")


def test_a_backlog_with_no_majority_holds_no_part_against_a_story() -> None:
    backlog = [f"As a user, I {verb} thing {n}." for n, verb in enumerate(["want", "need"] * 3)]
    assert dominant_template(backlog) == Template(role="as a", means="", ends="")


def test_check_backlog_reports_duplicates_and_the_odd_template_out() -> None:
    stories = [
        BacklogStory("A-1", "As a camp worker, I want to see which campers I am in charge of."),
        BacklogStory("A-2", "As a camp worker, I want to see which campers I am in charge of."),
        BacklogStory("A-3", "As a parent, I want to pay online, so that I save a trip."),
        BacklogStory("A-4", "As a parent, I want to sign forms online, so that nothing gets lost."),
        BacklogStory("A-5", "As a parent, I want to read the menu, so that I can plan."),
        BacklogStory("A-6", "As a counsellor, I want to see my group, so I know where they are."),
    ]
    checked = check_backlog(stories)
    assert {f.criterion for f in checked["A-1"]} == {Criterion.UNIQUE}
    assert {f.criterion for f in checked["A-6"]} == {Criterion.UNIFORM}
    assert checked["A-3"] == ()


words = st.sampled_from(["pilot", "drone", "camera", "battery", "flight", "export", "report"])


@given(st.lists(words, min_size=1, max_size=5).map(" ".join), st.text(max_size=80))
def test_findings_always_carry_a_message_and_only_known_criteria(role: str, tail: str) -> None:
    for found in check_story(f"As a {role}, I want {tail}", template=USUAL):
        assert found.message
        assert found.criterion in Criterion


def test_an_items_fields_compose_into_the_sentence_the_checks_read() -> None:
    assert compose_story("admin", "to export users", "I can audit access") == (
        "As an admin, I want to export users, so that I can audit access."
    )
    assert compose_story("editor", "not to lose drafts", "") == (
        "As an editor, I don't want to lose drafts."
    )
