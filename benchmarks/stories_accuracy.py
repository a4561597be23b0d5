"""How well `kzreader.stories` groups real reports: B-cubed precision, recall and F1.

1. ``../shared/corpora/stories/ecbplus-dev`` alone: 736 ECB+ articles (733 load; three have no
   text after cleaning), 64 events, two events of one kind per topic.
2. The same mixed with ``--distractors`` (3,000) articles of ``bulk/`` (a fixed random sample):
   B-cubed over the gold articles, with the distractors counted in the size of the story a gold
   article lands in, so a distractor that joins a gold story lowers precision.  How many
   distractors joined gold stories is printed.
3. Each of the 10 ``clusters/`` mixed into the same distractors (all ten at once): does each come
   out as exactly one story, with no other article in it?

Fixed defaults, nothing read from the gold.  ``--min-f1 X`` exits 1 when either F1 is below X
(CI runs it).  Prints figures only; no timing claims.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import DEFAULT_CORPUS, load_jsonl_articles

from kzreader.library import Article, load_library
from kzreader.stories import group_articles

CORPORA = DEFAULT_CORPUS.parents[1]
ECB = CORPORA / "stories" / "ecbplus-dev"
CLUSTERS = CORPORA / "clusters"


def bcubed(story_of: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1) over the gold items; stories may hold other items."""
    members: dict[str, list[str]] = defaultdict(list)
    for item, story in story_of.items():
        members[story].append(item)
    event_size = Counter(gold.values())
    precision = recall = 0.0
    for item, event in gold.items():
        inside = members[story_of[item]]
        same = sum(1 for other in inside if gold.get(other) == event)
        precision += same / len(inside)
        recall += same / event_size[event]
    precision /= len(gold)
    recall /= len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def grouping(articles: Sequence[Article]) -> dict[str, str]:
    stories = group_articles(articles)
    return {a: s.id for s in stories for a in s.articles}


def load_gold() -> tuple[list[Article], dict[str, str]]:
    library = load_library([ECB / "docs"])
    gold = {}
    for line in (ECB / "gold.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            doc, event = line.split("\t")
            gold[doc] = event
    articles = [a for a in library if a.id in gold]
    return articles, {a.id: gold[a.id] for a in articles}


def distractors(count: int, seed: int) -> list[Article]:
    bulk = load_jsonl_articles(DEFAULT_CORPUS)
    random.Random(seed).shuffle(bulk)
    return bulk[:count]


def clusters() -> dict[str, list[Article]]:
    out = {}
    for folder in sorted(p for p in CLUSTERS.iterdir() if p.is_dir()):
        library = load_library([folder])
        out[folder.name] = [
            Article(**{**a.__dict__, "id": f"{folder.name}/{a.id}"}) for a in library
        ]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--distractors", type=int, default=3000, help="bulk articles mixed in")
    parser.add_argument("--seed", type=int, default=0, help="seed of the distractor sample")
    parser.add_argument("--min-f1", type=float, default=None, help="exit 1 below this F1")
    parser.add_argument("-v", "--verbose", action="store_true", help="per-topic errors")
    args = parser.parse_args(argv)
    if not ECB.is_dir() or not DEFAULT_CORPUS.is_file():
        print(f"corpora absent ({ECB}, {DEFAULT_CORPUS}): nothing to measure")
        return 0
    articles, gold = load_gold()
    noise = distractors(args.distractors, args.seed)

    started = time.perf_counter()
    alone = grouping(articles)
    p, r, f_alone = bcubed(alone, gold)
    print(
        f"ecbplus-dev alone: {len(articles)} articles, {len(set(gold.values()))} events -> "
        f"{len(set(alone.values()))} stories; B-cubed P {p:.3f} R {r:.3f} F1 {f_alone:.3f}"
    )
    if args.verbose:
        _topics(alone, gold)

    mixed = grouping(articles + noise)
    p, r, f_mixed = bcubed(mixed, gold)
    gold_stories = {mixed[a] for a in gold}
    joined = sum(1 for a in noise if mixed[a.id] in gold_stories)
    # precision the gold articles would have if the distractors that joined them were not there
    clean = {a: s for a, s in mixed.items() if a in gold}
    p_clean, _, _ = bcubed(clean, gold)
    print(
        f"mixed with {len(noise)} bulk articles: B-cubed P {p:.3f} R {r:.3f} F1 {f_mixed:.3f}; "
        f"{joined} distractors joined gold stories (precision {p_clean:.3f} without them, "
        f"{p:.3f} with)"
    )

    groups = clusters()
    story_of = grouping([a for arts in groups.values() for a in arts] + noise)
    size = Counter(story_of.values())
    whole = 0
    for name, arts in groups.items():
        stories = Counter(story_of[a.id] for a in arts)
        main_story, count = stories.most_common(1)[0]
        extra = size[main_story] - count
        ok = len(stories) == 1 and extra == 0
        whole += ok
        print(
            f"  cluster {name}: {len(arts)} articles -> {len(stories)} "
            f"{'story' if len(stories) == 1 else 'stories'} (largest {count}), "
            f"{extra} other articles in it: {'one story' if ok else 'NOT one story'}"
        )
    print(f"clusters mixed into {len(noise)} bulk articles: {whole}/{len(groups)} one story each")
    print(f"({time.perf_counter() - started:.1f} s)")
    if args.min_f1 is not None and min(f_alone, f_mixed) < args.min_f1:
        print(f"F1 {min(f_alone, f_mixed):.3f} is below the floor {args.min_f1}", file=sys.stderr)
        return 1
    return 0


def _topics(story_of: Mapping[str, str], gold: Mapping[str, str]) -> None:
    by_topic: dict[str, list[str]] = defaultdict(list)
    for item, event in gold.items():
        by_topic[event.split("_")[0]].append(item)
    for topic in sorted(by_topic, key=lambda t: (len(t), t)):
        stories: dict[str, Counter[str]] = defaultdict(Counter)
        for item in by_topic[topic]:
            stories[story_of[item]][gold[item]] += 1
        mixed = sum(1 for c in stories.values() if len(c) > 1)
        shape = " | ".join(
            ", ".join(f"{e} {n}" for e, n in sorted(c.items()))
            for c in sorted(stories.values(), key=lambda c: -sum(c.values()))
        )
        print(f"    topic {topic}: {len(stories)} stories{' (MIXED)' if mixed else ''}: {shape}")


if __name__ == "__main__":
    raise SystemExit(main())
