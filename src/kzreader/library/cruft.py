"""Line-level rules for web cruft, captions and headline-like lines.

Each rule is general: it describes a kind of page furniture (navigation, player widgets, app
prompts, comment forms, gallery counters, shortcodes, credits), never a particular article.
All patterns are compiled once and matched against one stripped line at a time.
"""

from __future__ import annotations

import re

# Whole lines that are page furniture wherever they appear.
_CRUFT_LINES = [
    # navigation and page chrome
    r"skip to (?:main )?content",
    r"accessibility links",
    r"(?:breaking|latest|top) news",
    r"back to top(?: button)?",
    r"(?:main )?(?:menu|navigation|search|home|share|print|e-?mail|close|sign in|log ?in)",
    r"subscribe(?: now)?",
    r"share (?:this|on \w+)(?: article| story)?",
    r"(?:story continues below )?advertisement",
    r"continue reading(?: the main story)?",
    r"(?:facebook|twitter|whatsapp|linkedin|reddit|pinterest|telegram|messenger|x)",
    r"(?:follow us|share this|share on)\b.{0,40}",
    r"(?:most read|most popular|trending now|editor'?s picks|you may also like|more on this story|"
    r"related topics|related coverage|top stories)\.?",
    r"loading\.*",
    r"(?:read|see|show) (?:more|less|all)\.?",
    # weather widgets
    r"[\w ]{0,20} icon",
    r"-?\d{1,3} ?[º°](?: ?[CF])?",
    # app-install prompts
    r"get the news faster\.?",
    r"tap (?:to|in) .{0,60}",
    r"\d\. tap .{0,60}",
    r"install (?:the|our) .{0,40}app.{0,30}",
    r"(?:in|with) (?:two|2|three|3) (?:easy|simple) steps:?",
    r"download (?:the|our) .{0,30}app.{0,30}",
    # video players
    r"please wait",
    r"no media source currently available",
    r"media playback is (?:unsupported|not supported) on your device",
    r"(?:\d{1,2}:)?\d{1,2}:\d\d(?: (?:\d{1,2}:)?\d{1,2}:\d\d)*",
    r"(?:watch|video|listen)\s*:.{0,150}",
    r"(?:recommended|related|more|featured|latest|trending) (?:videos?|stories|articles|"
    r"content|links|reading|news)\b.{0,20}",
    r"(?:up next|autoplay|now playing|replay)",
    # comment forms
    r"leave a (?:reply|comment)",
    r"(?:\d+ )?comments?",
    r"your email address will not be published\..{0,80}",
    r"required fields are marked.{0,5}",
    r"(?:post|submit) (?:a )?comment",
    r"cancel reply",
    # galleries, credits, embeds, copyright
    r"\d{1,3} ?(?:/|of) ?\d{1,3}",
    r"(?-i:\[/?[a-z][\w-]*(?:[ \t][^\[\]]{0,200})?\])",  # [shortcode attr=...], not [Editor's note]
    r"\{\{[^{}]{1,200}\}\}",
    r"\d{1,2}x\d{1,2} image",
    r"(?:photo|image|video)s?(?: credit)?: [^.]{0,80}",
    r"(?:image|photo|picture) (?:copyright|source|credit)\b.{0,80}",
    r"getty images",
    r"(?:copyright|©|\(c\))\s*(?:©\s*|\(c\)\s*)?(?:\d{4}|by\b).{0,120}",
    r"all rights reserved\.?",
    r"\((?:more|read more|see more) [^()]{0,60}\.?\)",
    # outlet boilerplate and promos
    r".{0,80} (?:click|tap) here\.?",
    r"(?:to )?(?:find out|learn|read) more,? click here\.?",
    r".{0,80}has been (?:declared|designated|labell?ed) an? .{0,30}(?:undesirable organization|"
    r"foreign agent).{0,40}",
    r"sign up for .{0,80}newsletter.{0,40}",
]
CRUFT = re.compile(r"(?:" + "|".join(_CRUFT_LINES) + r")", re.I)

# Lines that start a block of trailing page furniture: everything after them is dropped when they
# sit near the end of the page.
END_MARKERS = re.compile(
    r"(?:related (?:articles|stories|posts|content)|leave a (?:reply|comment)|back to top.*|"
    r"\((?:more|read more) [^()]{0,60}\.?\)|get the news faster\.?|\d{1,2}x\d{1,2} image|"
    r"(?:recommended|more) (?:for you|stories|from \w+)|about the authors?|"
    r"share this (?:article|story))",
    re.I,
)

# Video-player furniture: a headline-like line just before one of these is another video's title.
PLAYER = re.compile(
    r"(?:please wait|no media source currently available|(?:\d{1,2}:)?\d{1,2}:\d\d"
    r"(?: (?:\d{1,2}:)?\d{1,2}:\d\d)*|watch\s*:.*|video\s*:.*)",
    re.I,
)

# Photo captions: a credit in the line, "(AP Photo/Name)", "AP Photo/Name ...", "(Getty Images)".
CAPTION = re.compile(
    r"\((?:[\w.&' -]{0,40} )?(?:photo|photograph|image|picture)s?\s*(?:/|:|by\b)[^()]{0,60}\)|"
    r"\b(?:AP|AFP|Reuters|EPA|Getty|Xinhua|TASS|dpa) ?(?:Photo|Images?)/|"
    r"\([^()]{0,40}(?:Getty Images|/AFP|/Reuters|/EPA|/AP|/Getty)\)\s*$|"
    r"^(?:photo|image|picture)\s*(?:credit)?\s*[:/]|^(?:image|photo|picture) caption\b",
    re.I,
)

_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_SMALL = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "over",
        "the",
        "to",
        "up",
        "via",
        "vs",
        "with",
    ]
)
_FINAL = (".", "!", "?", "”", '"', "’", "'", ":", ";", ")")


# No CRUFT pattern can match a longer line; checking the length first keeps loading fast.
_CRUFT_MAX = 320
_CAPTION_CUES = ("photo", "image", "picture", "/")


def is_cruft(line: str) -> bool:
    return len(line) <= _CRUFT_MAX and CRUFT.fullmatch(line) is not None


def is_caption(line: str) -> bool:
    low = line.lower()
    return any(cue in low for cue in _CAPTION_CUES) and CAPTION.search(line) is not None


def is_player(line: str) -> bool:
    return PLAYER.fullmatch(line) is not None


def ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(_FINAL)


def is_title_case(line: str) -> bool:
    """Most significant words capitalised, as in headlines ("Ex-Soviet States to Help ...")."""
    words = [w for w in _WORD.findall(line) if w.lower() not in _SMALL]
    if len(words) < 2:
        return bool(words) and words[0][0].isupper()
    upper = sum(1 for w in words if w[0].isupper())
    return upper / len(words) >= 0.75
