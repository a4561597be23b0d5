"""Refresh: fetch feeds (conditionally), queue their new and changed entries, fetch each
queued entry's own page, extract and store it.  ``add_urls`` stores single pages.

Threads: a bounded pool (``FetchLimits.workers``) fetches and extracts; the calling thread
does every store write and calls ``progress`` (so a TUI worker thread can post messages from
it).  Nothing here stops on a failure: a feed or page that fails is recorded with its error
(``feeds.last_error``, the entry left ``failed``, a row in ``fetch_errors``) and tried again
by the next refresh; a page that fails is stood in for by the entry's summary, marked so.

Crash safety: a feed's entries are queued in the same transaction that stores its new ETag,
and an entry is marked done in the transaction that stores its article, so a refresh killed at
any point leaves a consistent store whose next refresh fetches what is still pending.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kzreader.safetext import one_line
from kzreader.web.feeds import FeedError, ParsedFeed, parse_feed
from kzreader.web.fetch import Fetcher, FetchError, FetchLimits, Response, check_url, origin
from kzreader.web.pages import PageError, page_record, summary_record
from kzreader.web.store import ArticleRecord, FeedInfo, PendingEntry, Store

_FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
_PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


@dataclass
class RefreshProgress:
    """Counts so far; passed (the same object, updated) to the progress callback."""

    feeds_total: int = 0
    feeds_done: int = 0
    pages_total: int = 0
    pages_done: int = 0
    new: int = 0
    updated: int = 0
    errors: int = 0
    #: What just happened, one line ("feed ok: URL", "page failed: URL: reason", ...).
    last: str = ""


@dataclass
class RefreshReport:
    feeds: int = 0
    pages: int = 0
    new: int = 0
    updated: int = 0
    #: (url, one-line error) of every feed and page that failed this time.
    errors: list[tuple[str, str]] = field(default_factory=list)
    #: Ids of articles stored or changed.
    articles: list[str] = field(default_factory=list)
    #: Pages whose feed summary stands in for them (the page failed).
    summaries: int = 0


ProgressCallback = Callable[[RefreshProgress], None]


@dataclass(frozen=True)
class _PageJob:
    entry: PendingEntry
    feed_url: str
    feed_title: str | None


@dataclass(frozen=True)
class _PageResult:
    job: _PageJob
    record: ArticleRecord | None
    error: str | None
    #: The link is refused for good (a scheme or host we never fetch): not retried.
    refused: bool = False


def refresh(
    store: Store,
    feeds: Sequence[str] | None = None,
    *,
    fetcher: Fetcher | None = None,
    progress: ProgressCallback | None = None,
    include_added: bool | None = None,
) -> RefreshReport:
    """Refresh ``feeds`` (URLs; default every subscribed feed) and store their new articles.
    ``include_added``: also retry pages given to ``add`` that failed (default: when all
    feeds are refreshed)."""
    known = {f.url: f for f in store.feeds()}
    urls = list(known) if feeds is None else list(feeds)
    if include_added is None:
        include_added = feeds is None
    own = fetcher is None
    fetcher = fetcher or Fetcher(FetchLimits())
    state = RefreshProgress(feeds_total=len(urls))
    report = RefreshReport()
    try:
        _run(store, fetcher, urls, known, include_added, state, report, progress)
    finally:
        if own:
            fetcher.close()
    return report


def add_urls(
    store: Store,
    urls: Iterable[str],
    *,
    fetcher: Fetcher | None = None,
    progress: ProgressCallback | None = None,
) -> RefreshReport:
    """Fetch and store single pages (queued first, so a failure is retried by ``refresh``)."""
    for url in urls:
        store.queue_url(url)
    wanted = set(urls)
    own = fetcher is None
    fetcher = fetcher or Fetcher(FetchLimits())
    state = RefreshProgress()
    report = RefreshReport()
    try:
        jobs = [_PageJob(e, "", None) for e in store.pending([""]) if e.key in wanted]
        _pages(store, fetcher, jobs, state, report, progress)
    finally:
        if own:
            fetcher.close()
    return report


# --- the run -------------------------------------------------------------------------------


def _run(
    store: Store,
    fetcher: Fetcher,
    urls: list[str],
    known: Mapping[str, FeedInfo],
    include_added: bool,
    state: RefreshProgress,
    report: RefreshReport,
    progress: ProgressCallback | None,
) -> None:
    workers = max(1, fetcher.limits.workers)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kzreader-fetch") as pool:
        feed_futures: dict[Future[tuple[Response | None, ParsedFeed | None, str | None]], str]
        feed_futures = {}
        for url in urls:
            info = known.get(url)
            etag = info.etag if info else None
            modified = info.last_modified if info else None
            feed_futures[pool.submit(_fetch_feed, fetcher, url, etag, modified)] = url
        titles = {url: (known[url].title if url in known else None) for url in urls}
        # what is still queued from earlier runs (killed, failed) goes first
        waiting = [_PageJob(e, e.feed, titles.get(e.feed)) for e in store.pending(urls)]
        if include_added:
            waiting += [_PageJob(e, "", None) for e in store.pending([""])]
        queued = {(job.entry.feed, job.entry.key) for job in waiting}
        page_futures: dict[Future[_PageResult], _PageJob] = {}

        def submit(jobs: list[_PageJob]) -> None:
            for job in jobs:
                page_futures[pool.submit(_fetch_page, fetcher, job)] = job
            state.pages_total += len(jobs)

        submit(waiting)
        _notify(progress, state)
        while feed_futures or page_futures:
            running: list[Future[Any]] = [*feed_futures, *page_futures]
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                if future in feed_futures:
                    url = feed_futures.pop(future)
                    fresh = _feed_done(store, url, future.result(), state, report)
                    titles[url] = titles.get(url) or fresh[1]
                    jobs = [
                        _PageJob(e, url, titles.get(url))
                        for e in store.pending([url])
                        if (url, e.key) not in queued
                    ]
                    queued.update((url, job.entry.key) for job in jobs)
                    submit(jobs)
                else:
                    page_futures.pop(future)
                    _page_done(store, future.result(), state, report)
                _notify(progress, state)


def _notify(progress: ProgressCallback | None, state: RefreshProgress) -> None:
    if progress is not None:
        progress(state)


def _fetch_feed(
    fetcher: Fetcher, url: str, etag: str | None, modified: str | None
) -> tuple[Response | None, ParsedFeed | None, str | None]:
    """(response, parsed feed or None when not modified, error)."""
    try:
        response = fetcher.get(
            url, trusted=[origin(url)], etag=etag, last_modified=modified, accept=_FEED_ACCEPT
        )
        if response.not_modified:
            return response, None, None
        return response, parse_feed(response.body, response.url, response.content_type), None
    except (FetchError, FeedError) as exc:
        return None, None, one_line(str(exc))
    except Exception as exc:  # noqa: BLE001 - a bug in a parser must not stop the refresh
        return None, None, f"{type(exc).__name__}: {one_line(str(exc))}"


def _feed_done(
    store: Store,
    url: str,
    result: tuple[Response | None, ParsedFeed | None, str | None],
    state: RefreshProgress,
    report: RefreshReport,
) -> tuple[int, str | None]:
    response, parsed, error = result
    state.feeds_done += 1
    report.feeds += 1
    if error is not None or response is None:
        message = error or "no response"
        if not message.startswith(url):
            message = f"{url}: {message}"
        store.feed_failed(url, message)
        state.errors += 1
        report.errors.append((url, message))
        state.last = f"feed failed: {message}"
        return 0, None
    if parsed is None:
        store.feed_not_modified(url)
        state.last = f"feed not modified: {url}"
        return 0, None
    entries = [
        (
            e.key,
            e.link,
            e.title,
            e.summary,
            e.published.isoformat() if e.published else None,
            e.author,
            e.stamp,
        )
        for e in parsed.entries
    ]
    new, changed = store.feed_ok(
        url,
        title=parsed.title,
        site_url=parsed.site_url,
        etag=response.etag,
        last_modified=response.last_modified,
        entries=entries,
    )
    state.last = f"feed ok: {url} ({len(entries)} entries, {new} new, {changed} changed)"
    return new + changed, parsed.title


def _fetch_page(fetcher: Fetcher, job: _PageJob) -> _PageResult:
    entry = job.entry
    published = datetime.fromisoformat(entry.published) if entry.published else None
    if not entry.url:
        return _PageResult(job, None, "entry has no link")
    try:
        url = check_url(entry.url)
    except FetchError as exc:
        return _PageResult(job, None, one_line(str(exc)), refused=True)
    try:
        trusted = [origin(job.feed_url)] if job.feed_url else [origin(url)]
        response = fetcher.get(url, trusted=trusted, accept=_PAGE_ACCEPT)
        record = page_record(
            response,
            url=url,
            feed=job.feed_url or None,
            feed_title=job.feed_title,
            entry_title=entry.title,
            entry_published=published,
            entry_author=entry.author,
        )
        return _PageResult(job, record, None)
    except FetchError as exc:
        refused = exc.reason.startswith("refused:") and exc.url == url
        return _PageResult(job, None, one_line(str(exc)), refused=refused)
    except PageError as exc:
        return _PageResult(job, None, one_line(str(exc)))
    except Exception as exc:  # noqa: BLE001 - one broken page must not stop the refresh
        return _PageResult(job, None, f"{entry.url}: {type(exc).__name__}: {one_line(str(exc))}")


def _page_done(
    store: Store, result: _PageResult, state: RefreshProgress, report: RefreshReport
) -> None:
    job, entry = result.job, result.job.entry
    state.pages_done += 1
    report.pages += 1
    key = (entry.feed, entry.key)
    if result.record is not None:
        article_id, outcome = store.save_article(result.record, key)
        _count(outcome, article_id, state, report)
        state.last = f"page {outcome}: {result.record.url}"
        return
    error = result.error or "failed"
    if not error.startswith(entry.url or "\0"):
        error = f"{entry.url or entry.key}: {error}"
    state.errors += 1
    report.errors.append((entry.url or entry.key, error))
    state.last = f"page failed: {error}"
    published = datetime.fromisoformat(entry.published) if entry.published else None
    stand_in = None
    if entry.url:
        try:
            stand_in = summary_record(
                entry.summary,
                url=check_url(entry.url),
                reason=error,
                feed=job.feed_url or None,
                feed_title=job.feed_title,
                entry_title=entry.title,
                entry_published=published,
                entry_author=entry.author,
            )
        except FetchError:
            stand_in = None  # a link we refuse keys no article
    if stand_in is None:
        store.entry_failed(entry.feed, entry.key, error, entry.url, refused=result.refused)
        return
    article_id, outcome = store.save_article(
        stand_in, key, done=False, error=error, refused=result.refused
    )
    if outcome == "new":
        report.summaries += 1
    _count(outcome, article_id, state, report)


def _count(outcome: str, article_id: str, state: RefreshProgress, report: RefreshReport) -> None:
    if outcome == "new":
        state.new += 1
        report.new += 1
        report.articles.append(article_id)
    elif outcome == "updated":
        state.updated += 1
        report.updated += 1
        report.articles.append(article_id)


def _pages(
    store: Store,
    fetcher: Fetcher,
    jobs: list[_PageJob],
    state: RefreshProgress,
    report: RefreshReport,
    progress: ProgressCallback | None,
) -> None:
    state.pages_total += len(jobs)
    _notify(progress, state)
    workers = max(1, min(fetcher.limits.workers, len(jobs)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kzreader-fetch") as own:
        futures = [own.submit(_fetch_page, fetcher, job) for job in jobs]
        for future in futures:
            _page_done(store, future.result(), state, report)
            _notify(progress, state)
