"""The shared clusters (headline on line 1, often a date next, one sentence per line)."""

from __future__ import annotations

from kzreader.library import load_library
from kzreader.library.cruft import ends_sentence
from kzreader.library.dates import date_line


def test_clusters_load_with_title_date_and_every_line(clusters_dir):
    library = load_library([clusters_dir])
    assert library.warnings == ()
    files = sorted(clusters_dir.glob("*/*.txt"))
    assert len(library) == len(files) >= 20
    dated = 0
    for path in files:
        article = library.get(f"{path.parent.name}/{path.stem}")
        assert article is not None, path
        lines = [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
        assert article.title == lines[0]
        body = lines[1:]
        if ends_sentence(lines[0]) and len(lines[0].split()) > 12:
            body = lines  # no headline: line 1 is the first sentence, kept in the body too
        stamps = [date_line(line) for line in lines[1:4]]
        if any(stamps):
            dated += 1
            assert article.published == next(s for s in stamps if s), path
            # the stamps of the header ("Updated: ...") are not body text
            header = {line for line, when in zip(lines[1:4], stamps, strict=False) if when}
            body = [line for j, line in enumerate(body) if j > 4 or line not in header]
        body = [line for i, line in enumerate(body) if i == 0 or body[i - 1] != line]
        assert list(article.paragraphs) == body, path  # a line printed twice is kept once
    # original-ECB documents (ecb-*.txt) carry no date at all
    with_source = [p for p in files if not p.name.startswith("ecb-")]
    assert dated >= len(with_source) * 3 // 4


def test_cluster_folder_notes_are_not_articles(clusters_dir):
    event = next(p for p in sorted(clusters_dir.iterdir()) if p.is_dir())
    library = load_library([event])
    assert {a.file for a in library} == {p.name for p in event.glob("*.txt")}
    assert all(a.outlet != "unknown" for a in library)  # from the folder's SOURCES.md table
