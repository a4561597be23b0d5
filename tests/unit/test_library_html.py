"""HTML pages through trafilatura (extract_html) and the html.parser fallback (parse_html)."""

from __future__ import annotations

from kzreader.library.clean import clean_document
from kzreader.library.htmltext import parse_html

PAGE = """<!doctype html>
<html><head>
<title>Bridge Reopens | The Example Gazette</title>
<meta property="og:title" content="Bridge Reopens After Repairs">
<meta property="og:site_name" content="The Example Gazette">
<meta property="article:published_time" content="2024-05-06T08:30:00+02:00">
<meta name="author" content="Jane Roe">
<style>p { color: red }</style><script>var p = "<p>not text</p>";</script>
</head><body>
<header><nav><ul><li>Home</li><li>World</li></ul></nav></header>
<article>
  <h1>Bridge Reopens After Repairs</h1>
  <p>The old bridge reopened on Monday after &quot;two years&quot; of work.</p>
  <figure><img src="x.jpg">
    <figcaption>Cars cross the bridge. (Photo: Jane Roe)</figcaption></figure>
  <p>About 12,000 cars a day are expected,<br>officials said.</p>
  <ul><li>Tolls stay at 2 euros.</li></ul>
  <form><p>Leave a comment</p></form>
  <aside><p>Related: other bridges</p></aside>
</article>
<footer><p>Copyright 2024 The Example Gazette</p></footer>
</body></html>"""


def test_parse_html_blocks_and_metadata():
    page = parse_html(PAGE)
    assert page.headline == "Bridge Reopens After Repairs"
    assert page.site_name == "The Example Gazette"
    assert page.published == "2024-05-06T08:30:00+02:00"
    assert page.blocks == [
        'The old bridge reopened on Monday after "two years" of work.',
        "About 12,000 cars a day are expected,",
        "officials said.",
        "Tolls stay at 2 euros.",
    ]
    assert page.captions == ["Cars cross the bridge. (Photo: Jane Roe)"]


def test_clean_html_document():
    doc = clean_document(PAGE, is_html=True)
    assert doc.title == "Bridge Reopens After Repairs"
    assert doc.outlet == "The Example Gazette"
    assert doc.byline == "Jane Roe"
    assert doc.published is not None and doc.published.isoformat() == "2024-05-06T08:30:00+02:00"
    assert "not text" not in " ".join(doc.paragraphs)
    assert "Home" not in doc.paragraphs


def test_page_without_article_element_and_unclosed_tags():
    doc = clean_document(
        "<title>Plain</title><p>First line.<p>Second line.<div>ignored wrapper</div>",
        is_html=True,
    )
    assert doc.title == "Plain"
    assert doc.paragraphs == ["First line.", "Second line.", "ignored wrapper"]


def test_title_tag_loses_the_site_suffix():
    doc = clean_document(
        '<title>Bridge Reopens | The Gazette</title><meta property="og:site_name" '
        'content="The Gazette"><p>The bridge reopened.</p>',
        is_html=True,
    )
    assert (doc.title, doc.outlet) == ("Bridge Reopens", "The Gazette")
