"""The shared clusters (headline on line 1, often a date on line 2, one sentence per line)."""

from __future__ import annotations

from kzreader.library import load_library
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
        second = date_line(lines[1])
        body = lines[1:]
        if second is not None:
            dated += 1
            assert article.published == second
            while body and date_line(body[0]) is not None:  # "Updated: ..." stamps follow
                body = body[1:]
        assert list(article.paragraphs) == body, path
    assert dated >= len(files) * 3 // 4


def test_cluster_folder_notes_are_not_articles(clusters_dir):
    event = next(p for p in sorted(clusters_dir.iterdir()) if p.is_dir())
    library = load_library([event])
    assert {a.file for a in library} == {p.name for p in event.glob("*.txt")}
    assert all(a.outlet != "unknown" for a in library)  # from the folder's SOURCES.md table
