"""General word lists the engine reads: measures, counted nouns, units, attribution, updates.

Nothing here names a story, a person or a place; these are the words news reports use for counts.
"""

from __future__ import annotations


def words(spec: str) -> frozenset[str]:
    """The space-separated words of ``spec`` as a set (keeps long word lists on few lines)."""
    return frozenset(spec.split())


# measure -> the words that signal it (lowercase surface forms)
MEASURES: dict[str, frozenset[str]] = {
    "killed": words(
        "killed kill kills killing dead died die dies dying death deaths toll fatalities fatality "
        "perished lives slain murdered massacred suffocated drowned executed beheaded liquidated "
        "fatally"
    ),
    "injured": words(
        "injured injuring injures injure injury injuries wounded wounding wounds hurt hospitalised "
        "hospitalized maimed"
    ),
    "arrested": words(
        "arrested arrest arrests arresting detained detaining detain detention detentions custody "
        "apprehended jailed imprisoned"
    ),
    "missing": words("missing unaccounted disappeared"),
    "evacuated": words("evacuated evacuating evacuate evacuation displaced homeless relocated"),
    "rescued": words("rescued rescuing rescue saved"),
    "trapped": words("trapped buried"),
    "sent": words("sent send sending deployed deploy deploying dispatched dispatch dispatching"),
    "damaged": words(
        "damaged damaging destroyed destroying collapsed flattened razed burned burnt torched"
    ),
    "seized": words("seized seizing captured capturing hijacked taken"),
    "gathered": words(
        "marched rallied gathered protested demonstrated attended turnout crowd crowds"
    ),
    "shot": words("shot shooting shoots gunned"),
    "dropped": words("dropped fired launched exploded"),
}
MEASURE_OF: dict[str, str] = {w: m for m, ws in MEASURES.items() for w in ws}
# multiword cues, checked before the single words: (words) -> measure
PHRASES: dict[tuple[str, ...], str] = {
    ("death", "toll"): "killed",
    ("claimed", "the", "lives"): "killed",
    ("took", "to", "the", "streets"): "gathered",
    ("shot", "dead"): "killed",
    ("fatally", "shot"): "killed",
    ("to", "death"): "killed",
    ("taken", "into", "custody"): "arrested",
    ("taken", "to", "hospital"): "injured",
    ("taken", "to", "the", "hospital"): "injured",
    ("taken", "to", "hospitals"): "injured",
    ("treated", "for"): "injured",
    ("number", "of", "dead"): "killed",
    ("of", "the", "dead"): "killed",
    ("treated", "in"): "injured",
    ("to", "safety"): "rescued",
    ("burnt", "to", "death"): "killed",
    ("burned", "to", "death"): "killed",
    ("shot", "to", "death"): "killed",
    ("stabbed", "to", "death"): "killed",
    ("beaten", "to", "death"): "killed",
    ("crushed", "to", "death"): "killed",
}
# words that only count as a measure when they follow the number ("3 dead", not "the dead 3")
AFTER_ONLY = words("dead crowd crowds")

# counted nouns -> subject class.  Generic people fall together; specific groups stay apart.
SUBJECTS: dict[str, str] = {}
for _cls, _spec in {
    "people": "people persons person others individuals residents civilians victims casualties "
    "citizens adults",
    "men": "men man males",
    "women": "women woman females",
    "police": "police policemen policeman policewomen officers officer cops gendarmes guardsmen "
    "guards guard",
    "soldiers": "soldiers soldier troops servicemen military militiamen fighters",
    "protesters": "protesters protester protestors protestor demonstrators demonstrator rioters "
    "rioter marchers activists attackers militants",
    "children": "children child kids boys girls babies infants",
    "workers": "workers worker employees employee staff miners",
    "students": "students pupils schoolchildren student pupil",
    "buildings": "houses house homes home buildings building structures dwellings",
    "refugees": "refugees refugee migrants",
    "peacekeepers": "peacekeepers peacekeeper",
    "aircraft": "aircraft planes plane airliners airliner jets helicopters",
    "vehicles": "vehicles cars trucks buses",
    "bombs": "bombs bomb shells missiles rockets explosions",
    "places": "villages village countries country cities city towns town districts district "
    "provinces province regions region areas area hospitals hospital schools school shops banks "
    "stores roads bridges streets camps camp sites",
    "times": "times occasions rounds",
}.items():
    for _w in _spec.split():
        SUBJECTS[_w] = _cls
GENERIC_SUBJECTS = frozenset({"people"})
PERSON_MEASURES = frozenset(
    ["killed", "injured", "arrested", "missing", "evacuated", "rescued", "trapped", "shot"]
)
NON_PERSON_SUBJECTS = frozenset(["buildings", "aircraft", "vehicles", "bombs", "places", "times"])
PERSON_SUBJECTS = frozenset(
    {"people", "police", "soldiers", "protesters", "children", "workers", "students", "refugees",
     "peacekeepers", "men", "women"}
)  # fmt: skip

CURRENCY_WORDS = words(
    "dollar dollars euro euros pound pounds sterling yen yuan renminbi rouble roubles ruble rubles "
    "rupee rupees tenge dinar dinars peso pesos franc francs cent cents pence lira lire shekel "
    "shekels rand won baht ringgit rupiah naira som manat lari dram hryvnia zloty krona kronor "
    "krone usd eur gbp dlrs dlr cts ct stg ecu ecus marks mark guilders guilder"
)
CURRENCY_SIGNS = frozenset("$€£¥₹₽₸")
PERCENT_WORDS = words("percent pct %")
DISTANCE_WORDS = words(
    "km kms kilometre kilometres kilometer kilometers mile miles metre metres meter meters m ft "
    "feet foot inch inches yard yards mph kph kmh cm mm kg kilogram kilograms kilo kilos tonne "
    "tonnes ton tons lb lbs gram grams litre litres liter liters gallon gallons barrel barrels "
    "acre acres hectare hectares square degrees gauge calibre caliber knots"
)
DURATION_WORDS = words(
    "second seconds minute minutes hour hours day days week weeks month months year years decade "
    "decades century centuries night nights fortnight"
)
TIME_WORDS = words("am pm a.m p.m gmt utc edt est cet bst local o'clock hrs")
MAGNITUDE_WORDS = words("magnitude richter")
MONTHS = words(
    "january february march april may june july august september october november december jan "
    "feb mar apr jun jul aug sep sept oct nov dec"
)
WEEKDAYS = words("monday tuesday wednesday thursday friday saturday sunday")
YEAR_PREPOSITIONS = words(
    "in since from until till by of during after before the early late mid around circa through"
)

ATTRIBUTION_VERBS = words(
    "said says say told tells reported reports claimed claims announced announces stated states "
    "added adds confirmed confirms alleged alleges quoted cited insisted "
    "according wrote tweeted posted"
)

# wording that marks a figure as a revision of an earlier one
UPDATE_CUES: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split())
    for p in [
        "rose to",
        "risen to",
        "rising to",
        "climbed to",
        "jumped to",
        "increased to",
        "grew to",
        "mounted to",
        "reached",
        "now stands at",
        "has risen",
        "has climbed",
        "revised",
        "raised the",
        "bringing the",
        "bringing the confirmed",
        "updated",
        "later said",
        "later put",
        "later raised",
        "latest",
        "new toll",
        "now",
    ]
)

# words that end a counted noun phrase: prepositions, adverbs, days, auxiliaries, common verbs
NOT_NOUNS = words(
    """across around inside outside still today tonight yesterday tomorrow earlier later now then
    again also already just only even more most less least very so too each per into onto upon
    over under about above below near between among against toward towards through throughout
    during before after since until within without along amid amidst via off out up down
    took take taken made make went go gone came come got get were was is are be been being had
    remain remains remained stay stays stayed continue continues continued still
    has have did do does will would could should may might must can cannot who which that whose
    whom what where when while whereas reportedly allegedly including included apiece
    overnight alone together altogether monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december"""
)
# "last year", "decades ago": the claim is about an earlier event
PAST_MARKERS = (
    ("last", "year"),
    ("years", "ago"),
    ("decades", "ago"),
    ("year", "ago"),
    ("last", "month"),
    ("months", "ago"),
)
PAST = 0  # the year anchor standing for "an earlier, undated event"
SOURCE_NOUNS = words(
    """police officials official authorities authority witnesses witness officers spokesman
    spokeswoman spokesperson ministry agency media reports report sources source government army
    military residents doctors doctor hospital survivors organisers organizers unions union
    channel broadcaster newspaper television tv radio statement service services office
    department commission committee council correspondent reporter reporters journalist
    journalists prosecutors prosecutor investigators officer chief sheriff firefighters medics
    rescuers observers activists monitors group groups spokesmen minister president governor
    mayor commissioner director head leader aides aide press agencies"""
)
AUXILIARIES = words("be been being was were is are am have has had also not never")
