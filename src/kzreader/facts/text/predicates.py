"""What a count counts: a general lexicon of news predicates, and the number's governing verb.

Two reports state one count only when they say the same thing happened to it: "12 killed" and
"12 injured" are two facts, "three cables were cut" and "three cables were damaged" one.  So a
count's *predicate* is a class of words news reports use for one event (``CLASSES``: killed,
injured, evacuated, damaged, cut, gathered, landed...), looked up next to the count
(``extract.counts``); failing that, the verb that governs the number in its clause
(``governing_verb``: "offered 5 million shares" -> offer, "4,000 jobs will go" -> go), keyed by
its stem so "offered" and "offering" meet but "offered" and "sold" do not.

``verb_like`` is the dependency-free test for a verb: a past or present participle, a
present-tense form right before its object, or a word from a list of common irregular verbs;
never a stop word, an attribution verb ("said"), a counted noun or a unit.

Nothing here names a story; these are the words news reports use for what happened to whom.
"""

from __future__ import annotations

from kzreader.facts import lexicon as lx
from kzreader.facts.text.textsim import STOP, stem

# class -> surface forms (lowercase).  The casualty-and-arrest classes come from the shared
# lexicon; the others are the general predicates of news counts.
CLASSES: dict[str, frozenset[str]] = {
    **lx.MEASURES,
    "evacuated": lx.MEASURES["evacuated"] | lx.words("fled flee flees fleeing forced uprooted"),
    "damaged": lx.MEASURES["damaged"]
    | lx.words(
        "damage severed severing broke broken wrecked ruined gutted demolished knocked "
        "downed crippled ablaze"
    ),
    "seized": lx.MEASURES["seized"] | lx.words("confiscated impounded"),
    "gathered": lx.MEASURES["gathered"]
    | lx.words("joined participated marching rallying demonstrating protesting"),
    "landed": lx.words("landed land lands landing fell fallen falling impacted"),
    "cut": lx.words(
        "slashed slashing slash shed shedding axed axing eliminated eliminating eliminate "
        "scrapped scrapping layoffs redundancies"
    ),
    "employed": lx.words("employs employ employed employing"),
    "charged": lx.words("charged charging indicted convicted sentenced prosecuted accused"),
    "released": lx.words("released releasing freed freeing"),
    "affected": lx.words("affected affecting"),
    "infected": lx.words("infected infecting infections"),
}
PHRASES: dict[tuple[str, ...], str] = {
    **lx.PHRASES,
    ("went", "down"): "damaged",
    ("caught", "fire"): "damaged",
    ("set", "on", "fire"): "damaged",
    ("set", "alight"): "damaged",
    ("laid", "off"): "cut",
    ("lay", "off"): "cut",
    ("lost", "their", "jobs"): "cut",
    ("lost", "their", "lives"): "killed",
    ("without", "power"): "affected",
    ("turned", "out"): "gathered",
    ("took", "part"): "gathered",
    ("unaccounted", "for"): "missing",
    ("ushered", "to", "safety"): "rescued",
    ("pulled", "from"): "rescued",
    ("forced", "from"): "evacuated",
    ("left", "homeless"): "evacuated",
}
_CUT = lx.words("cut cuts cutting")
"""Words that sever a thing ("cables were cut": damaged) or reduce a workforce ("cut 500 jobs")."""
WORKFORCE = frozenset(["jobs", "workers", "people"])
"""Subject classes for which "cut" means a reduction, not damage."""

CLASS_OF: dict[str, str] = {w: c for c, ws in CLASSES.items() for w in ws}
for _w in _CUT:
    CLASS_OF[_w] = "damaged"  # refined by subject in ``refine``
NOMINAL = lx.words(
    "toll deaths fatalities casualties injuries arrests damage crowd crowds turnout evacuation "
    "layoffs redundancies infections"
)
"""Cues that are nouns: they may govern a number a few words on ("the toll rose to 11",
"damage to the four cables", "a crowd of 20,000")."""

THING_CLASSES = frozenset(["damaged", "landed", "dropped", "seized"])
AGENTLESS = frozenset(["gathered", "landed", "missing", "trapped", "employed"])
"""Classes whose count may be the subject of the verb ("5,000 fans joined the march", "two
shells hit the school"); elsewhere a count before an active verb with an object is its agent
("two gunmen killed 12 people": the gunmen were not killed)."""
SUBJECT_VERBS = lx.words(
    "fled escaped survived died joined attended marched rallied crossed lost left abandoned"
)
"""Verbs whose subject is what is counted even before an object ("900 families fled their
homes", "12 people lost their lives")."""
CASUALTY_CLASSES = frozenset(["killed", "injured", "missing", "arrested", "trapped", "shot"])
"""Classes that still count a group through a relative clause ("the 12 who died"); elsewhere
"20,000 refugees who fled" counts refugees, not the flight."""
"""Classes of what happens to things: a count of people under them is some other fact."""

# common irregular verb forms (past, participle, and the present forms news use)
IRREGULAR_VERBS = lx.words(
    """fell fallen hit struck cut shot left lost took taken sent sold bought held won ran fled
    went gone came got gave given made put set saw seen found brought built broke broken caught
    drew drawn drove flew froze grew hid hurt kept knew laid led met paid quit rode rose risen
    sank shook shut spent spread stole stood stuck swept threw thrown tore torn wore sold
    beat beaten bore born chose chosen dug fought forgot freed hung lay lent lit overran
    overtook sought sped split sprang stung strove swam swung taught wrote became begun began
    bit bled burst cast crept dealt dove fed felt fit forbade forgave forsook hid knelt leapt
    meant misled outran outnumbered rebuilt rid shed shone slid slew sold stank strode sung
    swore wept withdrew withheld"""
)
_NOT_VERBS = (
    lx.ATTRIBUTION_VERBS
    | lx.AUXILIARIES
    | lx.NOT_NOUNS
    | lx.MONTHS
    | lx.WEEKDAYS
    | lx.words(
        """has have had having get gets got make makes made take takes include includes
        included including according based compared red bed need needed speed seed feed
        deed weed hundred kindred sacred wicked naked rugged ragged beloved alleged armed
        aged age united limited noted related detailed so-called advanced estimated reported
        confirmed officials reportedly also still"""
    )
)
"""Words that look like verbs but never say what happened to what was counted."""


CHANGE_VERBS = lx.words(
    """rose risen rise rises rising fell fallen fall falls falling dropped drop drops dropping
    declined decline declines declining increased increase increases increasing decreased
    decreases decreasing jumped jumps climbed climbs slipped slips gained gains grew grows
    shrank shrinks plunged plunges soared soars surged surges slumped slumps eased eases edged
    totalled totaled totals tumbled tumbles sank dipped dips"""
)
"""Verbs by which a statistic changes ("sales fell to 926 cars"): the figures after them are
levels and changes (the measure kind's), not counts of things that fell."""


def class_of(word: str) -> str | None:
    """The predicate class a word signals, or None."""
    return CLASS_OF.get(word)


def refine(cls: str, word: str, subject: str | None) -> str:
    """A class read with its subject: "cut" severs cables but cuts jobs; classes of what
    happens to things do not count people ("fired 30 workers" is no shelling)."""
    if word in _CUT:
        return "cut" if subject is None or subject in WORKFORCE else "damaged"
    return cls


def verb_like(word: str, *, before_object: bool = False) -> bool:
    """Could ``word`` (lowercase) be the verb governing a count?  ``before_object``: it stands
    right before the number, where a present-tense "-s" form is a verb ("serves 14 states")."""
    if not word.isalpha() or len(word) < 3 or word in STOP or word in _NOT_VERBS:
        return False
    if word in lx.SUBJECTS or word in lx.CURRENCY_WORDS or word in lx.DURATION_WORDS:
        return False
    if word in IRREGULAR_VERBS or word in CLASS_OF:
        return True
    if word.endswith("ed") and len(word) > 4:
        return True
    if word.endswith("ing") and len(word) > 5:
        return True
    return before_object and word.endswith("s") and not word.endswith(("ss", "us", "is"))


_IRREGULAR_STEMS = {
    "fell": "fall", "fallen": "fall", "went": "go", "gone": "go", "took": "take",
    "taken": "take", "sold": "sell", "bought": "buy", "held": "hold", "won": "win",
    "ran": "run", "came": "come", "gave": "give", "given": "give", "made": "make",
    "saw": "see", "seen": "see", "found": "find", "brought": "bring", "built": "build",
    "caught": "catch", "drew": "draw", "drawn": "draw", "drove": "drive", "flew": "fly",
    "grew": "grow", "kept": "keep", "led": "lead", "met": "meet", "paid": "pay",
    "rose": "rise", "risen": "rise", "spent": "spend", "stood": "stand", "threw": "throw",
    "thrown": "throw", "wrote": "write", "left": "leave", "lost": "lose", "sent": "send",
    "fled": "flee", "fought": "fight", "sought": "seek", "taught": "teach", "became": "become",
    "began": "begin", "begun": "begin", "felt": "feel", "fed": "feed", "withdrew": "withdraw",
}  # fmt: skip


def verb_key(word: str) -> str:
    """The key of a governing verb outside the lexicon: its stem ("offered", "offering" ->
    offer; "sold" -> sell), so inflections of one verb meet and different verbs do not."""
    return _IRREGULAR_STEMS.get(word) or stem(word)
