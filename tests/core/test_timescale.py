"""The roadmap timeline's scale: whole units, labels once each, the zoom that fits."""

from __future__ import annotations

import datetime as dt

from tandem.core import timescale
from tandem.core.timescale import Zoom

D = dt.date


def test_a_year_long_plan_is_drawn_in_months_labelled_once_with_the_year_on_january() -> None:
    scale = timescale.scale(D(2026, 11, 10), D(2027, 6, 3))
    assert scale.zoom is Zoom.MONTHS
    assert (scale.starts_on, scale.ends_on) == (D(2026, 11, 1), D(2027, 7, 1))
    labels = [t.label for t in scale.ticks]
    assert labels == ["Nov 2026", "Dec", "Jan 2027", "Feb", "Mar", "Apr", "May", "Jun"]


def test_a_plan_to_2030_fits_in_years_and_each_unit_is_wider_than_its_label() -> None:
    scale = timescale.scale(D(2026, 3, 1), D(2030, 12, 31))
    assert scale.zoom is Zoom.YEARS
    assert [t.label for t in scale.ticks] == ["2026", "2027", "2028", "2029", "2030"]
    assert scale.min_width_rem == 5 * timescale.UNIT_REM[Zoom.YEARS]


def test_three_years_fit_in_quarters() -> None:
    scale = timescale.scale(D(2026, 2, 1), D(2028, 12, 1))
    assert scale.zoom is Zoom.QUARTERS
    assert scale.starts_on == D(2026, 1, 1)
    assert [t.label for t in scale.ticks][:5] == ["Q1 2026", "Q2", "Q3", "Q4", "Q1 2027"]


def test_a_chosen_zoom_wins_over_the_fitting_one() -> None:
    scale = timescale.scale(D(2026, 3, 1), D(2030, 12, 31), Zoom.MONTHS)
    assert len(scale.ticks) == 58
    assert scale.at(scale.starts_on) == 0
    assert scale.at(scale.ends_on) == 100


def test_the_horizon_of_dates_is_now_while_running_next_soon_later_after() -> None:
    today = D(2026, 12, 7)
    assert timescale.horizon_of(D(2026, 11, 1), D(2027, 1, 1), today, 3) == "now"
    assert timescale.horizon_of(D(2027, 2, 1), D(2027, 5, 1), today, 3) == "next"
    assert timescale.horizon_of(D(2027, 6, 1), D(2027, 9, 1), today, 3) == "later"
    assert timescale.horizon_of(D(2027, 6, 1), D(2027, 9, 1), today, 12) == "next"


def test_undated_or_finished_initiatives_keep_their_own_horizon() -> None:
    today = D(2026, 12, 7)
    assert timescale.horizon_of(None, D(2027, 1, 1), today, 3) is None
    assert timescale.horizon_of(D(2026, 1, 1), D(2026, 6, 1), today, 3) is None
