"""Invented articles for the stories tests: two quakes in one invented region a month apart, an
unrelated court story, a spun rewrite and a republished agency story with a new first paragraph.

Every name, place and number here is made up."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from kzreader.library import Article

QUAKE_ONE = [
    (
        "wire",
        "Strong quake kills 14 in Velmora highlands",
        "2031-03-04T06:10:00+00:00",
        "A magnitude 6.2 earthquake struck the Velmora highlands before dawn on Tuesday, killing "
        "at least 14 people and flattening dozens of mud-brick homes in the town of Ostrevac, "
        "officials said.\n\n"
        "The quake hit at a depth of 12 kilometres about 30 kilometres north of Ostrevac, the "
        "Halvern Seismic Institute said. Rescue teams pulled 41 injured people from the "
        "rubble.\n\n"
        "Governor Mirela Dansk said the hospital in Ostrevac was overwhelmed and appealed for "
        "blood donors. Two aftershocks of magnitude 4.8 and 5.1 shook the valley during the "
        "day.\n\n"
        "The Velmora highlands sit on the Keldar fault, which last produced a deadly quake "
        "decades ago. Roads to several villages were cut by landslides.",
    ),
    (
        "gazette",
        "Ostrevac digs out after 6.2 tremor; toll rises to 17",
        "2031-03-05T09:00:00+00:00",
        "Residents of Ostrevac spent the night outdoors after Tuesday's magnitude 6.2 earthquake, "
        "as the death toll in the Velmora highlands rose to 17.\n\n"
        "Governor Mirela Dansk toured the collapsed market hall and promised tents for 3,000 "
        "families. The Halvern Seismic Institute recorded more than 60 aftershocks along the "
        "Keldar fault.\n\n"
        "Doctors at the Ostrevac district hospital said 41 people were treated for injuries, "
        "nine of them in serious condition. Landslides still blocked the mountain road to Vesk.",
    ),
    (
        "radio",
        "Velmora quake: rescuers search Ostrevac rubble",
        "2031-03-04T15:30:00+00:00",
        "Rescuers with dogs searched the ruins of Ostrevac on Tuesday after a 6.2-magnitude "
        "earthquake shook the Velmora highlands, killing 14 people.\n\n"
        "The Halvern Seismic Institute placed the epicentre north of Ostrevac on the Keldar "
        "fault. Governor Mirela Dansk declared three days of mourning.\n\n"
        "Army helicopters flew the injured to the regional capital, Tarnholm, where 41 people "
        "were in hospital.",
    ),
]

QUAKE_TWO = [
    (
        "wire",
        "Second Velmora quake hits Brenzi, 5 dead",
        "2031-04-08T21:40:00+00:00",
        "A magnitude 5.7 earthquake rocked the southern Velmora valley late on Wednesday, killing "
        "five people in the market town of Brenzi and damaging its old stone bridge, officials "
        "said.\n\n"
        "The tremor was centred 8 kilometres east of Brenzi, the Halvern Seismic Institute said, "
        "on a branch of the fault system distinct from last month's rupture near Ostrevac.\n\n"
        "Mayor Taddeo Rusk said 23 people were injured and the Brenzi grain silos collapsed. "
        "Power was cut to 12,000 homes in the Sarn district.",
    ),
    (
        "gazette",
        "Brenzi counts losses after Wednesday night tremor",
        "2031-04-09T08:15:00+00:00",
        "Brenzi woke to cracked walls and a broken bridge on Thursday after a magnitude 5.7 "
        "quake killed five people in the town on Wednesday night.\n\n"
        "Mayor Taddeo Rusk said the silos by the Sarn river were lost and 23 residents were "
        "hurt. Engineers closed the stone bridge over the Sarn.\n\n"
        "The Halvern Seismic Institute said the quake was not an aftershock of the March "
        "disaster but a separate rupture under the Sarn district.",
    ),
    (
        "radio",
        "Five killed as 5.7 quake shakes Brenzi",
        "2031-04-08T23:05:00+00:00",
        "Five people were killed when a 5.7-magnitude earthquake shook Brenzi in the southern "
        "Velmora valley on Wednesday evening.\n\n"
        "Mayor Taddeo Rusk said 23 people were injured and the grain silos on the Sarn collapsed. "
        "About 12,000 homes in the Sarn district lost power.",
    ),
]

COURT = [
    (
        "gazette",
        "Judge jails Corvane port chief for bribery",
        "2031-03-20T12:00:00+00:00",
        "A court in Tarnholm sentenced the former director of Corvane port, Egon Valisch, to "
        "seven years in prison for taking bribes worth 2.4 million crowns from shipping firms.\n\n"
        "Judge Alma Fennick said Valisch had abused his office for a decade. His lawyer said he "
        "would appeal the verdict.",
    ),
    (
        "wire",
        "Ex-Corvane port director Valisch gets seven years",
        "2031-03-20T14:20:00+00:00",
        "Egon Valisch, who ran Corvane port for ten years, was sentenced to seven years in jail "
        "on Friday after Judge Alma Fennick found him guilty of accepting 2.4 million crowns in "
        "bribes.\n\n"
        "Prosecutors in Tarnholm had sought nine years. Valisch's lawyer said an appeal would be "
        "filed within the month.",
    ),
]

# An agency story, a spun rewrite of it (words swapped, sentences split), a republication of it
# under a new first paragraph, and an independent report of the same happening.
AGENCY = (
    "agency",
    "Dam breach floods Lorvik villages",
    "2031-05-02T07:00:00+00:00",
    "Floodwater poured through a breached irrigation dam above the Lorvik plain on Saturday, "
    "forcing thousands of villagers to flee to higher ground, regional officials said.\n\n"
    "The earthen wall of the Kessa reservoir gave way shortly after midnight following a week of "
    "heavy rain, sending a wave of muddy water into six villages along the Ulm river.\n\n"
    "Emergency services said 1,800 people were evacuated by boat and helicopter and that two "
    "elderly residents were missing. The regional governor, Petra Ilsan, called in the army.\n\n"
    "Engineers had warned last year that the dam needed repairs, local newspapers reported, but "
    "the work was postponed for lack of money. The Ulm was expected to crest on Sunday.\n\n"
    "Farmers said the flood had destroyed the spring harvest across much of the plain, and the "
    "regional agriculture office estimated losses at 40 million crowns.",
)
SPUN = (
    "spinner",
    "Breached dam inundates villages on the Lorvik plain",
    "2031-05-02T09:30:00+00:00",
    "Flood water surged through a ruptured irrigation dam above the Lorvik plain on Saturday, "
    "compelling thousands of villagers to escape to higher land, regional authorities stated.\n\n"
    "The earthen barrier of the Kessa reservoir collapsed soon after midnight. It followed a week "
    "of torrential rain, and sent a surge of muddy water into six villages by the Ulm river.\n\n"
    "Rescue services stated 1,800 people were evacuated by boat and helicopter. Two aged "
    "residents were missing. The regional governor, Petra Ilsan, summoned the army.\n\n"
    "Engineers had cautioned last year that the dam required repairs, local papers reported, "
    "though the work was delayed for lack of funds. The Ulm was expected to peak on Sunday.\n\n"
    "Growers said the flood had ruined the spring crop across much of the plain, and the "
    "regional farming office put losses at 40 million crowns.",
)
REPUBLISHED = (
    "daily",
    "Villagers flee as Kessa dam gives way",
    "2031-05-02T11:00:00+00:00",
    "Our correspondent on the Lorvik plain describes roads jammed with tractors and carts as "
    "families carried what they could towards the hills on Saturday morning.\n\n" + AGENCY[3],
)
INDEPENDENT = (
    "observer",
    "Army sent to Lorvik after Kessa reservoir collapse",
    "2031-05-02T16:00:00+00:00",
    "Governor Petra Ilsan ordered troops to the Lorvik plain on Saturday after the Kessa "
    "reservoir burst, saying the rescue would take days.\n\n"
    "Speaking at a school turned into a shelter in Harn, she said 1,800 evacuees had been "
    "registered and two pensioners from the village of Tesse had not been found.\n\n"
    "Hydrologists at the university in Tarnholm said the river Ulm could rise another metre "
    "before it crests. Critics accused the regional council of ignoring warnings about the dam.",
)


def make_article(
    key: str, outlet: str, title: str, published: str | None, text: str, folder: Path
) -> Article:
    paragraphs = tuple(p for p in text.split("\n\n") if p)
    return Article(
        id=key,
        path=folder / f"{key}.txt",
        outlet=outlet,
        title=title,
        published=datetime.fromisoformat(published) if published else None,
        text="\n\n".join(paragraphs),
        paragraphs=paragraphs,
        sha256=hashlib.sha256((key + title + text).encode()).hexdigest(),
    )


def articles(prefix: str, specs: list[tuple[str, str, str, str]], folder: Path) -> list[Article]:
    return [
        make_article(f"{prefix}-{outlet}", outlet, title, published, text, folder)
        for outlet, title, published, text in specs
    ]


def write_files(folder: Path, specs: dict[str, tuple[str, str, str, str]]) -> None:
    """Write articles as files the library loads: headline, dateline, body (the library finds
    no outlet in them: they read as "unknown")."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (_outlet, title, published, text) in specs.items():
        when = datetime.fromisoformat(published).strftime("%B %d, %Y")
        (folder / f"{name}.txt").write_text(f"{title}\n\n{when}\n\n{text}\n", encoding="utf-8")
