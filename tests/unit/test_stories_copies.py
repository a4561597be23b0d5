"""Copy groups (`kzreader.stories.copies`): shared wording, not shared facts, and no chaining.

Every article here is invented."""

from __future__ import annotations

import itertools
import json
import random

import pytest
from stories_fakes import AGENCY, INDEPENDENT, REPUBLISHED, SPUN

from kzreader.stories import copies
from kzreader.stories.copies import (
    are_copies,
    copies_among,
    copy_groups,
    derived_share,
    group_copies,
    sentence_runs,
)

# A ferry report from a news agency, and an independent one of the same sinking: the same names,
# numbers and even one quote, each said in the outlet's own sentences.
FERRY_AGENCY = (
    "The passenger ferry Aldena capsized in a storm off the island of Vessholm late on Tuesday, "
    "and coastguard crews pulled 212 survivors from the water overnight, officials said.\n\n"
    "Nine people were confirmed dead and 14 were still missing on Wednesday morning as divers "
    "searched the hull, which lay on its side in shallow water near the harbour mouth.\n\n"
    "The ship had left the port of Brenna two hours earlier with 235 people aboard, the "
    "operator Nordline said, though survivors told reporters the decks had been overcrowded.\n\n"
    '"We felt the ship lean and then the lights went out," said Maren Tosk, a teacher who '
    "swam to a lifeboat with her son.\n\n"
    "Waves of up to six metres had been forecast, and two other ferries on the route had stayed "
    "in port, the maritime authority said. Prosecutors opened an inquiry into the sailing.\n\n"
    "Nordline said it was cooperating fully and had sent a crisis team to Vessholm to help the "
    "families of passengers, many of whom were returning from a festival on the mainland."
)
FERRY_OWN_WORDS = (
    "Prosecutors in Brenna are investigating why the Aldena sailed at all on Tuesday evening, "
    "when forecasters were warning of six-metre seas and rival operators kept their boats tied "
    "up.\n\n"
    "The death toll stood at nine by Wednesday, with 14 passengers unaccounted for; 212 "
    "people were rescued by coastguard helicopters and fishing boats from Vessholm.\n\n"
    "Nordline, which owns the vessel, put the number on board at 235. Several passengers "
    "described corridors packed with festival-goers and too few life jackets.\n\n"
    '"We felt the ship lean and then the lights went out," said Maren Tosk, a teacher who '
    "swam to a lifeboat with her son.\n\n"
    "Relatives gathered at the Brenna terminal through the night, waiting for lists of the "
    "rescued to be posted on its windows, while the company set up a hotline."
)

# A court story with no wording in common with the ferry agency story: a report built from half
# of one and half of the other is a copy of each, and must not chain the two into one group.
COURT_AGENCY = (
    "A court in the northern city of Halvik sentenced the former mayor Oskar Lind to six years "
    "in prison on Friday for taking bribes from building firms over a decade.\n\n"
    "Judges found that Lind had accepted more than 3 million crowns in cash and holidays in "
    "exchange for planning permits on the city's waterfront.\n\n"
    "His lawyer said the verdict rested on the word of one developer and that the defence would "
    "appeal to the supreme court within the month.\n\n"
    "Two businessmen tried alongside Lind received suspended sentences, and the court ordered "
    "the seizure of a seaside villa bought with the proceeds.\n\n"
    "The case had divided the city, where Lind served three terms and was credited with "
    "reviving the old docks before investigators raided his office.\n\n"
    "Prosecutors had asked for nine years, arguing that the former mayor had shown no remorse "
    "and had tried to hide the money through a cousin's fishing company.\n\n"
    "The city council, now led by Lind's former deputy, said it would review every permit "
    "granted on the waterfront since the scheme began."
)


def halves(first: str, second: str) -> str:
    """The first half of one story's paragraphs, then the first half of the other's."""
    a, b = first.split("\n\n"), second.split("\n\n")
    return "\n\n".join(a[: (len(a) + 1) // 2] + b[: (len(b) + 1) // 2])


def test_a_spun_rewrite_is_a_copy_and_order_matters() -> None:
    agency, spun = sentence_runs(AGENCY[3]), sentence_runs(SPUN[3])
    assert are_copies(agency, spun)
    assert are_copies(agency, sentence_runs(REPUBLISHED[3]))
    assert not are_copies(agency, sentence_runs(INDEPENDENT[3]))
    assert not are_copies(agency, list(reversed(spun)))  # the same sentences, order lost
    assert not are_copies(agency[:1], spun[:1])  # one sentence is not a copy


def test_shared_facts_and_a_shared_quote_are_no_copy() -> None:
    agency, own = sentence_runs(FERRY_AGENCY), sentence_runs(FERRY_OWN_WORDS)
    _, matched = derived_share(own, agency)
    assert matched > 0  # the quote is aligned ...
    assert not are_copies(agency, own)  # ... but one quote is not shared source text


def test_words_in_each_sentence_must_keep_their_order() -> None:
    """The same terms in every sentence, scrambled inside each sentence: no run survives."""
    agency = sentence_runs(FERRY_AGENCY)
    scrambled = [tuple(sorted(s)) for s in agency]
    assert are_copies(agency, agency)
    assert not are_copies(agency, scrambled)


def test_no_chaining_through_a_report_built_from_two_others() -> None:
    texts = {
        "ferry": FERRY_AGENCY,
        "court": COURT_AGENCY,
        "mixed": halves(FERRY_AGENCY, COURT_AGENCY),
    }
    runs = {k: sentence_runs(v) for k, v in texts.items()}
    assert are_copies(runs["mixed"], runs["ferry"])
    assert are_copies(runs["mixed"], runs["court"])
    assert not are_copies(runs["ferry"], runs["court"])
    pairs = [(a, b, 0.9) for a, b in itertools.combinations(texts, 2)]
    groups = copy_groups(list(texts), pairs, texts.__getitem__)
    assert len(groups) == 1 and len(groups[0]) == 2 and "mixed" in groups[0]
    assert copies_among(texts) == groups


def test_rewrites_of_one_story_are_one_group_beside_an_independent_report() -> None:
    texts = {
        "agency": AGENCY[3],
        "spun": SPUN[3],
        "daily": REPUBLISHED[3],
        "observer": INDEPENDENT[3],
        "ferry": FERRY_AGENCY,
        "ferry-own": FERRY_OWN_WORDS,
    }
    assert copies_among(texts) == [["agency", "daily", "spun"]]
    pairs = [(a, b, 0.5) for a, b in itertools.combinations(texts, 2)]
    assert copy_groups(list(texts), pairs, texts.__getitem__) == [["agency", "daily", "spun"]]
    # pairs under the similarity floor are no candidates
    low = [(a, b, copies.MIN_SIMILARITY / 2) for a, b, _ in pairs]
    assert copy_groups(list(texts), low, texts.__getitem__) == []


def ledes(count: int) -> dict[str, str]:
    """``count`` republications of the agency story, each under its own first paragraph."""
    places = ["harbour", "market", "school", "bridge", "chapel", "station", "mill", "quay"]
    out = {}
    for n in range(count):
        lede = (
            f"Our reporter number {n} at the {places[n % len(places)]} watched rescuers work "
            f"through the night as {n + 3} boats came back to shore one after another."
        )
        out[f"copy-{n:02d}"] = lede + "\n\n" + FERRY_AGENCY
    return out


def test_a_large_group_is_checked_against_its_core_only(monkeypatch) -> None:
    texts = ledes(12) | {"own": FERRY_OWN_WORDS, "court": COURT_AGENCY}
    runs = {k: sentence_runs(v) for k, v in texts.items()}
    real = copies.copy_strength
    calls: list[int] = []

    def counted(a, b):
        calls.append(1)
        return real(a, b)

    monkeypatch.setattr(copies, "copy_strength", counted)
    names = list(texts)
    candidates = list(itertools.pairwise(names))  # a chain: each to the next
    expected = [sorted(k for k in texts if k.startswith("copy-"))]
    assert group_copies(names, candidates, runs.__getitem__) == expected
    full = len(calls)
    assert full == 12 * 11 // 2 + 2  # every copy pair checked once, plus the two other links
    monkeypatch.setattr(copies, "FULL_CHECK", 1)
    calls.clear()
    assert group_copies(names, candidates, runs.__getitem__) == expected
    assert len(calls) <= len(candidates) + 12 * copies.CORE < full


def test_a_report_copying_one_member_only_stays_out(monkeypatch) -> None:
    """ "both" carries the court story and the ferry story; "court" copies only its court half:
    it may join "both" but never the ferry copies, with the full check or the core check."""
    texts = ledes(6) | {"both": COURT_AGENCY + "\n\n" + FERRY_AGENCY, "court": COURT_AGENCY}
    runs = {k: sentence_runs(v) for k, v in texts.items()}
    candidates = list(itertools.combinations(texts, 2))
    groups = group_copies(list(texts), candidates, runs.__getitem__)
    assert [g for g in groups if "copy-00" in g] == [[f"copy-{n:02d}" for n in range(6)]]
    assert not any("court" in g and "copy-00" in g for g in groups)
    monkeypatch.setattr(copies, "FULL_CHECK", 1)
    assert group_copies(list(texts), candidates, runs.__getitem__) == groups


def test_the_possible_filter_is_never_wrong() -> None:
    texts = ledes(3) | {
        "own": FERRY_OWN_WORDS,
        "court": COURT_AGENCY,
        "mixed": halves(FERRY_AGENCY, COURT_AGENCY),
        "agency": AGENCY[3],
        "spun": SPUN[3],
    }
    runs = {k: sentence_runs(v) for k, v in texts.items()}
    vocab = {k: frozenset(t for s in r for t in s) for k, r in runs.items()}
    found = 0
    for a, b in itertools.combinations(texts, 2):
        if are_copies(runs[a], runs[b]):
            found += 1
            assert copies._may_derive(runs[a], vocab[b]) or copies._may_derive(runs[b], vocab[a])
    assert found >= 5


@pytest.mark.parametrize("limit", [3, 50])
def test_sentences_read_are_capped(monkeypatch, limit: int) -> None:
    monkeypatch.setattr(copies, "MAX_SENTENCES", limit)
    long = "\n\n".join(FERRY_AGENCY for _ in range(10))
    runs = sentence_runs(long)
    assert len(runs) == min(limit, len(sentence_runs(FERRY_AGENCY)) * 10)
    assert all(len(s) == len(set(s)) >= copies.MIN_SENTENCE_TERMS for s in runs)


def test_the_store_fingerprint_holds_the_copy_settings() -> None:
    from kzreader.stories import settings

    assert json.loads(settings.FINGERPRINT)["copies"] == copies.FINGERPRINT


def test_the_fast_subsequence_agrees_with_the_textbook_one() -> None:
    def textbook(x, y) -> int:
        previous = [0] * (len(y) + 1)
        for a in x:
            current = [0]
            for j, b in enumerate(y):
                current.append(previous[j] + 1 if a == b else max(previous[j + 1], current[j]))
            previous = current
        return previous[-1]

    rng = random.Random(5)
    for _ in range(3000):
        x = tuple(rng.choice("abcdefgh") for _ in range(rng.randint(0, 14)))
        y = [rng.choice("abcdefgh") for _ in range(rng.randint(0, 14))]
        assert copies._lcs(x, y) == textbook(x, y)


def spin(text: str, every: int) -> str:
    """Every ``every``-th word of four letters or more replaced by a word no report uses (a
    synonym, as far as the terms can tell), and each pair of sentences joined into one."""
    out, n = [], 0
    for word in text.split(" "):
        if len(word) >= 4 and word.isalpha():
            n += 1
            if n % every == 0:
                word = "zz" + word[::-1]
        out.append(word)
    return " ".join(out).replace(". ", ", and ")


def test_a_copy_with_a_third_of_its_words_swapped_is_still_a_copy() -> None:
    agency = sentence_runs(FERRY_AGENCY)
    spun = sentence_runs(spin(FERRY_AGENCY, 3))
    assert len(spun) < len(agency)  # sentences were joined
    assert are_copies(agency, spun)
    assert not are_copies(sentence_runs(FERRY_OWN_WORDS), spun)
