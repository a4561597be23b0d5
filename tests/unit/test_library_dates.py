"""Dates as pages print them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from kzreader.library.dates import date_line, parse_date


def tz(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Posted Jan 5, 2022 6:10 PM CST", datetime(2022, 1, 5, 18, 10, tzinfo=tz(-6))),
        ("3 July 2013 Last updated at 13:38 GMT", datetime(2013, 7, 3, 13, 38, tzinfo=UTC)),
        ("July 2, 2013 07:44", datetime(2013, 7, 2, 7, 44)),
        ("Tue Jul 02 2013, 14:58 hrs", datetime(2013, 7, 2, 14, 58)),
        ("WEDNESDAY 03 JULY 2013", datetime(2013, 7, 3)),
        ("on July 02 2013 7:41 AM", datetime(2013, 7, 2, 7, 41)),
        ("Tuesday, July 2nd, 2013", datetime(2013, 7, 2)),
        ("Updated 5/5/2010 1:41 PM", datetime(2010, 5, 5, 13, 41)),
        ("Wed May 5, 2010 7:12pm BST", datetime(2010, 5, 5, 19, 12, tzinfo=tz(1))),
        ("7:00pm UK, Wednesday 05 May 2010", datetime(2010, 5, 5, 19, 0, tzinfo=tz(1))),
        ("POSTED: 1052 GMT (1852 HKT), April 10, 2007", datetime(2007, 4, 10, 10, 52, tzinfo=UTC)),
        ("First Posted 23:37:00 05/05/2010", datetime(2010, 5, 5, 23, 37)),
        ("Published: November 10, 2011", datetime(2011, 11, 10)),
        ("November 14, 2011|12:35 pm", datetime(2011, 11, 14, 12, 35)),
        ("1987-03-13", datetime(1987, 3, 13)),
        ("12 March 2024, 12:05 AM", datetime(2024, 3, 12, 0, 5)),
    ],
)
def test_date_lines(line, expected):
    found = date_line(line)
    assert found == expected
    assert (found.utcoffset() if found else None) == expected.utcoffset()


def test_eastern_time_follows_daylight_saving():
    winter = date_line("11/10/11 02:39 PM ET")
    summer = date_line("7/10/11 02:39 PM ET")
    assert winter is not None and winter.utcoffset() == timedelta(hours=-5)
    assert summer is not None and summer.utcoffset() == timedelta(hours=-4)


@pytest.mark.parametrize(
    "line",
    [
        "According to international media and Greek TV",
        "On Thursday, November 10th at approximately 3:00 pm, the camp was bombed by aircraft.",
        "The council met on July 2, 2013 to discuss the budget and the new school buildings.",
        "Suspect had been fired last week by the company",
    ],
)
def test_sentences_are_not_date_lines(line):
    assert date_line(line) is None


def test_parse_date_finds_a_date_inside_text():
    assert parse_date("the meeting on 4 March 2024 ended") == datetime(2024, 3, 4)
    assert parse_date("no date here") is None
    assert parse_date("February 30, 2024") is None
