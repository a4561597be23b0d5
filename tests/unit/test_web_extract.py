"""HTML extraction: trafilatura with kzreader's cleaner on top, bounded markup, local files."""

from __future__ import annotations

import gzip
import json

import pytest
from lxml import html as lxml_html
from web_server import CORPORA

from kzreader.library import load_library
from kzreader.library.clean import clean_document
from kzreader.library.htmlbound import MAX_DEPTH, bound_markup
from kzreader.library.htmltext import extract_html, parse_html

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>Ferry Service Resumes After Storm | The Harbour Times</title>
<meta property="og:site_name" content="The Harbour Times">
<meta property="article:published_time" content="2023-11-14T07:45:00+01:00">
<meta name="author" content="Mara Lind">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
<h1>Ferry Service Resumes After Storm</h1>
<p>The island ferry sailed again on Tuesday morning, four days after the storm tore a pier
loose and left some 2,300 residents without a link to the mainland.</p>
<figure><img src="pier.jpg" alt="">
<figcaption>Workers repair the pier on Monday. (Photo: Mara Lind)</figcaption></figure>
<p>The operator said the first crossing carried 140 passengers and a truck of fresh water,
and that the timetable would be back to normal by Thursday.</p>
<p>Story continues below advertisement</p>
<p>Harbour master Ole Brandt said the repairs had cost about 80,000 euros and that the pier
would be inspected again next month.</p>
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/x">Council approves budget</a></li></ul></aside>
<footer><p>Copyright 2023 The Harbour Times</p></footer>
</body></html>"""


def test_trafilatura_finds_article_and_metadata():
    page = extract_html(PAGE)
    assert page.extractor == "trafilatura"
    assert page.site_name == "The Harbour Times"
    assert page.author == "Mara Lind"
    assert page.published == "2023-11-14T07:45:00+01:00"
    text = " ".join(page.blocks)
    assert "2,300 residents" in text and "80,000 euros" in text
    assert "Most read" not in text and "Copyright" not in text and "Sport" not in text


def test_captions_are_kept_apart_and_cruft_lines_dropped_on_top():
    doc = clean_document(PAGE, is_html=True)
    assert doc.title == "Ferry Service Resumes After Storm"
    assert doc.outlet == "The Harbour Times"
    assert doc.published is not None and doc.published.isoformat() == "2023-11-14T07:45:00+01:00"
    assert doc.captions == ["Workers repair the pier on Monday. (Photo: Mara Lind)"]
    assert all("Workers repair" not in p for p in doc.paragraphs)
    assert all("advertisement" not in p for p in doc.paragraphs)  # kzreader's cruft rules
    assert doc.paragraphs[0].startswith("The island ferry sailed again")
    assert doc.paragraphs[-1].startswith("Harbour master Ole Brandt")


def test_local_html_files_go_through_trafilatura(tmp_path):
    (tmp_path / "ferry.html").write_text(PAGE, encoding="utf-8")
    article = load_library([tmp_path]).get("ferry")
    assert article is not None
    assert (article.title, article.outlet) == (
        "Ferry Service Resumes After Storm",
        "The Harbour Times",
    )
    assert article.captions == ("Workers repair the pier on Monday. (Photo: Mara Lind)",)
    assert "Home" not in article.paragraphs


def test_a_page_trafilatura_finds_nothing_in_falls_back_to_html_parser():
    page = extract_html("<html><body><p>Short.</p></body></html>")
    assert page.blocks == ["Short."]


def deep_page(n: int) -> str:
    return (
        "<html><body>"
        + "<div>x " * n
        + "</span>" * n
        + ("<p>After the storm the bridge reopened to traffic.</p></body></html>")
    )


def depth(element) -> int:
    best, stack = 0, [(element, 1)]
    while stack:
        node, level = stack.pop()
        best = max(best, level)
        stack.extend((child, level + 1) for child in node)
    return best


def test_deep_nesting_is_bounded_and_the_text_after_it_kept():
    page = deep_page(40_000)  # the issue-14 probe: 40,000 open and 40,000 mismatched close tags
    bounded = bound_markup(page)
    tree = lxml_html.fromstring(bounded)
    assert depth(tree) <= MAX_DEPTH + 3
    assert "After the storm the bridge reopened" in tree.text_content()
    assert tree.text_content().count("x") == 40_000  # no text lost, only tags
    # unbounded, libxml2 stops at its depth limit and loses the rest of the page
    assert "After the storm" not in lxml_html.fromstring(page).text_content()
    doc = clean_document(page, is_html=True)
    assert "\n\n".join(doc.paragraphs).endswith("After the storm the bridge reopened to traffic.")
    assert "After the storm the bridge reopened to traffic." in parse_html(page).blocks


def test_bound_markup_leaves_ordinary_markup_alone():
    markup = (
        "<ul><li>a<li>b<ul><li>c</ul></ul><p>one<p>two<div>three</div>"
        "<table><tr><td>1<td>2<tr><td>3</table><script>if (a<b) {x='<div>'}</script>"
    )
    assert bound_markup(markup) == markup
    assert bound_markup("<div>" * 6, max_depth=4) == "<div>" * 4
    assert bound_markup("<div>" * 5 + "<p>x", max_depth=4) == "<div>" * 4 + "</div><p>x"


def test_implied_end_tags_keep_long_flat_pages_shallow():
    flat = "<p>para" * 5000 + "<li>item" * 5000
    assert bound_markup(flat) == flat  # each <p>/<li> closes the last: depth stays 1


@pytest.fixture
def web_corpus():
    folder = CORPORA / "web"
    if not (folder / "evaldata.json").is_file():
        pytest.skip("../shared/corpora/web is absent")
    return folder


def test_new_path_keeps_at_least_what_the_old_one_kept(web_corpus):
    """On a sample of the real pages: the 'with' snippets found by the new path are not fewer
    than by the old html.parser path (bench_extract.py prints the whole comparison)."""
    evaldata = json.loads((web_corpus / "evaldata.json").read_text("utf-8"))
    names = sorted(evaldata)[::6]
    old = new = 0
    for name in names:
        raw = gzip.decompress((web_corpus / "pages" / f"{name}.gz").read_bytes())
        markup = raw.decode("utf-8", errors="replace")
        page_new = "\n".join(clean_document(markup, is_html=True).paragraphs)
        page_old = "\n".join(parse_html(markup).blocks)
        for snippet in evaldata[name]["with"]:
            new += snippet in page_new
            old += snippet in page_old
    assert new >= old
