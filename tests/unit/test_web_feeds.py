"""Feed documents (RSS 0.9x/1.0/2.0, Atom, JSON Feed) and OPML, parsed from bytes."""

from __future__ import annotations

import json

import pytest

from kzreader.web.feeds import FeedError, parse_feed
from kzreader.web.opml import OpmlError, parse_opml, read_opml, write_opml

BASE = "http://127.0.0.1:8000/feed"

RSS2 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour \x1b[31mTimes</title><link>http://127.0.0.1:8000/</link>
<item><title>Ferry resumes</title><link>/news/ferry</link><guid>ferry-1</guid>
<description>&lt;p&gt;The ferry sailed again.&lt;/p&gt;</description>
<pubDate>Tue, 14 Nov 2023 07:45:00 +0100</pubDate></item>
<item><title>No guid</title><link>http://127.0.0.1:8000/news/other</link></item>
</channel></rss>"""

RSS091 = b"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title><link>http://a/</link><description>d</description>
<item><title>One</title><link>http://a/1</link><description>first</description></item>
</channel></rss>"""

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://a/"><title>RDF feed</title><link>http://a/</link></channel>
<item rdf:about="http://a/story"><title>Story</title><link>http://a/story</link>
<dc:date>2023-11-14T07:45:00Z</dc:date></item></rdf:RDF>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title>
<link href="http://a/"/><id>urn:a</id><updated>2023-11-14T08:00:00Z</updated>
<entry><title>Bridge</title><link rel="alternate" href="http://a/bridge"/><id>urn:a:bridge</id>
<updated>2023-11-14T08:00:00Z</updated><published>2023-11-14T07:00:00Z</published>
<summary>The bridge reopened.</summary><author><name>Jane Roe</name></author></entry></feed>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>http://a/x</link></item></channel></rss>"""


def test_rss2_entries_links_resolved_and_text_sanitised():
    feed = parse_feed(RSS2, BASE, "application/rss+xml")
    assert feed.kind == "rss" and feed.title == "Harbour [31mTimes"  # ESC removed
    first, second = feed.entries
    assert first.key.endswith("ferry-1") and first.link == "http://127.0.0.1:8000/news/ferry"
    assert first.summary == "<p>The ferry sailed again.</p>"
    assert (
        first.published is not None and first.published.isoformat() == "2023-11-14T06:45:00+00:00"
    )
    assert second.key == "http://127.0.0.1:8000/news/other"  # no guid: the link keys it


def test_rss_091_and_rss_1_and_atom():
    assert [e.link for e in parse_feed(RSS091, BASE).entries] == ["http://a/1"]
    rdf = parse_feed(RSS1, BASE)
    assert rdf.title == "RDF feed" and rdf.entries[0].link == "http://a/story"
    atom = parse_feed(ATOM, BASE, "application/atom+xml")
    assert atom.kind == "atom"
    entry = atom.entries[0]
    assert (entry.key, entry.link, entry.author) == ("urn:a:bridge", "http://a/bridge", "Jane Roe")
    assert entry.published is not None and entry.published.hour == 7
    assert entry.stamp.startswith("updated:")


def test_json_feed():
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON news",
        "items": [
            {
                "id": "1",
                "url": "http://a/one",
                "title": "One",
                "content_text": "Line one\nLine two",
                "date_published": "2023-11-14T07:45:00Z",
                "authors": [{"name": "A. Writer"}],
            },
            {"id": "2", "url": "http://a/two", "content_html": "<p>Two</p>"},
            "not an item",
        ],
    }
    feed = parse_feed(json.dumps(doc).encode(), BASE, "application/feed+json")
    assert feed.kind == "json" and [e.key for e in feed.entries] == ["1", "2"]
    assert feed.entries[0].summary == "<p>Line one</p><p>Line two</p>"
    assert feed.entries[0].author == "A. Writer"
    with pytest.raises(FeedError, match=r"jsonfeed\.org version"):
        parse_feed(b'{"items": []}', BASE, "application/json")


def test_a_changed_entry_changes_its_stamp():
    a = parse_feed(RSS2, BASE).entries[0].stamp
    b = parse_feed(RSS2.replace(b"sailed again", b"sailed once more"), BASE).entries[0].stamp
    assert a != b


def test_billion_laughs_is_refused():
    with pytest.raises(FeedError, match="entity expansion"):
        parse_feed(LAUGHS, BASE)


def test_malformed_xml_and_wrong_content_types():
    broken = RSS2.replace(b"</channel></rss>", b"<item><title>cut off")
    feed = parse_feed(broken, BASE)  # feedparser's loose parser keeps what it can
    assert feed.entries[0].key.endswith("ferry-1")
    with pytest.raises(FeedError, match="not an RSS, Atom or JSON feed"):
        parse_feed(b"<html><body><p>a web page</p></body></html>", BASE, "text/html")
    with pytest.raises(FeedError, match="content type image/png"):
        parse_feed(b"\x89PNG....", BASE, "image/png")
    with pytest.raises(FeedError):
        parse_feed(b"\x00\x01\x02 garbage", BASE, "application/octet-stream")


OPML = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
  <outline text="News">
    <outline text="World">
      <outline type="rss" text="Harbour Times" xmlUrl="http://a/feed.xml"/>
      <outline type="rss" text="Deep" xmlUrl="http://b/rss"/>
    </outline>
    <outline type="rss" text="Same again" xmlUrl="http://a/feed.xml"/>
  </outline>
  <outline type="link" text="A link, not a feed" url="http://c/"/>
  <outline text="Top" xmlUrl="http://d/atom"/>
</body></opml>"""


def test_opml_nested_outlines(tmp_path):
    path = tmp_path / "subs.opml"
    path.write_bytes(OPML)
    outlines = read_opml(path)
    assert [(o.url, o.title, o.folders) for o in outlines] == [
        ("http://a/feed.xml", "Harbour Times", ("News", "World")),
        ("http://b/rss", "Deep", ("News", "World")),
        ("http://d/atom", "Top", ()),
    ]
    assert outlines[1].line == 6


def test_opml_errors_name_file_and_line(tmp_path):
    path = tmp_path / "bad.opml"
    path.write_bytes(b'<?xml version="1.0"?>\n<opml><body>\n<outline text="x"\n</body></opml>')
    with pytest.raises(OpmlError, match=r"bad\.opml:4: not valid OPML"):
        read_opml(path)
    with pytest.raises(OpmlError, match="no <opml> element"):
        parse_opml(b"<rss/>", "x.opml")
    with pytest.raises(OpmlError, match="declares XML entities"):
        parse_opml(LAUGHS.replace(b"rss", b"opml"), "x.opml")


def test_opml_export_reads_back():
    text = write_opml([("http://a/feed.xml", "Harbour & Times"), ("http://b/rss", None)])
    assert [(o.url, o.title) for o in parse_opml(text.encode())] == [
        ("http://a/feed.xml", "Harbour & Times"),
        ("http://b/rss", "http://b/rss"),
    ]
