"""The grouping's fixed defaults, in one place (each module's docstring says what its own mean).

A store written with other values is rebuilt (`FINGERPRINT`).  None of them is read from a gold
standard at run time; how they were chosen is in the commit that set them.
"""

from __future__ import annotations

import json

from kzreader.stories.copies import FINGERPRINT as COPIES

# vectors: how terms weigh
NAME_BOOST = 1.5
TITLE_WEIGHT = 1.0
LEAD_WEIGHT = 0.5
#: How many words of a body are read (the lead and the first screens say what happened).
BODY_WORDS = 1200
#: The lead: the first words of the body after the title (about two sentences).
LEAD_WORDS = 60

# neighbours: which pairs are compared
#: Body terms per article used to find candidates.
CANDIDATE_TERMS = 30
#: Candidates kept per article (the graph the clustering reads).
NEIGHBOURS = 40
#: ... and a row still close at its NEIGHBOURS-th best (its scaled similarity at least
#: DENSE_LINK) keeps up to this many: a story larger than the list is not split for want of
#: pairs (average linkage counts a missing pair as 0).
NEIGHBOURS_DENSE = 200
DENSE_LINK = 0.55
#: A term used by more articles than this finds no candidates (2% of the library, 30..250).
CAP_SHARE, CAP_MIN, CAP_MAX = 0.02, 30, 250
#: Pairs less alike than this are no evidence of one story and are not kept.
FLOOR = 0.08
#: Time: reports up to GRACE_DAYS apart are not told apart by time; beyond, up to TIME_PENALTY
#: is taken off, reached at GRACE_DAYS + FADE_DAYS (a follow-up months later can still join).
GRACE_DAYS, FADE_DAYS, TIME_PENALTY = 3.0, 60.0, 0.15

# cluster: when reports are one story
#: How many nearest reports set a report's own scale.
SCALE_K = 3
#: The scale is capped here.
DENSE = 0.5
#: Mean scaled similarity at which two groups are one story.
THRESHOLD = 0.55

# templates: when similar reports are still two happenings (`templates`, `entities`)
#: Off, pairs are judged by their words alone (the grouping before the checks; benchmarks
#: compare the two).
TEMPLATE_CHECKS = True
#: A name used by more than this share of the library names nothing in particular.
NAME_CEILING = 0.1
#: Conflicting names cut only pairs at least this alike (raw similarity): template likeness.
#: Less alike pairs are weak evidence either way, and there a report may name the place of
#: one happening otherwise (a town, its county).
CONFLICT_FLOOR = 0.35
#: Reports further apart than this (days) must share a fresh name to be one story.
APART_DAYS = 3.0
#: A name that a report's neighbours mention on this many different days is stale for it.
RECURRING_DAYS = 8
#: Reports apart in time must be more alike than this times the report's nearest conflicting one.
TEMPLATE_MARGIN = 1.0

FINGERPRINT = json.dumps(
    {
        "weights": [NAME_BOOST, TITLE_WEIGHT, LEAD_WEIGHT, BODY_WORDS, LEAD_WORDS],
        "pairs": [CANDIDATE_TERMS, NEIGHBOURS, CAP_SHARE, CAP_MIN, CAP_MAX, FLOOR],
        "dense": [NEIGHBOURS_DENSE, DENSE_LINK],
        "time": [GRACE_DAYS, FADE_DAYS, TIME_PENALTY],
        "cluster": [SCALE_K, DENSE, THRESHOLD],
        "copies": COPIES,
        "templates": [
            TEMPLATE_CHECKS,
            NAME_CEILING,
            CONFLICT_FLOOR,
            APART_DAYS,
            RECURRING_DAYS,
            TEMPLATE_MARGIN,
        ],
    },
    sort_keys=True,
)
