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

FINGERPRINT = json.dumps(
    {
        "weights": [NAME_BOOST, TITLE_WEIGHT, LEAD_WEIGHT, BODY_WORDS, LEAD_WORDS],
        "pairs": [CANDIDATE_TERMS, NEIGHBOURS, CAP_SHARE, CAP_MIN, CAP_MAX, FLOOR],
        "time": [GRACE_DAYS, FADE_DAYS, TIME_PENALTY],
        "cluster": [SCALE_K, DENSE, THRESHOLD],
        "copies": COPIES,
    },
    sort_keys=True,
)
