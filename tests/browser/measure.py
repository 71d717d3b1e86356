"""Page weight as the browser downloaded it: the bytes on the wire (headers and compressed bodies)
of a page and everything it loads, read from Chromium's own network events, on a first visit (empty
cache) and on the next visit (what the cache does not hold)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

FIRST_VISIT_BUDGET = 30_000
NEXT_VISIT_BUDGET = 8_000


@dataclass(frozen=True)
class Weight:
    path: str
    first_visit: int
    first_requests: int
    next_visit: int
    next_requests: int
    hosts: frozenset[str]

    def over_budget(self) -> list[str]:
        problems = []
        if self.first_visit > FIRST_VISIT_BUDGET:
            problems.append(f"{self.path}: {self.first_visit} bytes on a first visit")
        if self.next_visit > NEXT_VISIT_BUDGET:
            problems.append(f"{self.path}: {self.next_visit} bytes on the next visit")
        return problems


class Meter:
    """Counts what one page downloads, through a DevTools session on it."""

    def __init__(self, page) -> None:
        self.page = page
        self.session = page.context.new_cdp_session(page)
        self.session.send("Network.enable")
        self.urls: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        self.session.on("Network.requestWillBeSent", self._sent)
        self.session.on("Network.loadingFinished", self._finished)

    def _sent(self, event: dict) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event: dict) -> None:
        self.sizes[event["requestId"]] = int(event["encodedDataLength"])

    def _visit(self, url: str) -> tuple[int, int, set[str]]:
        self.urls.clear()
        self.sizes.clear()
        self.page.goto(url, wait_until="load")
        self.page.wait_for_timeout(50)  # the last loadingFinished events arrive after `load`
        downloaded = {key: size for key, size in self.sizes.items() if size > 0}
        hosts = {urlsplit(self.urls[key]).netloc for key in self.urls}
        return sum(downloaded.values()), len(downloaded), hosts

    def weigh(self, base: str, path: str) -> Weight:
        self.session.send("Network.clearBrowserCache")
        first, first_requests, hosts = self._visit(base + path)
        following, next_requests, more_hosts = self._visit(base + path)
        return Weight(
            path, first, first_requests, following, next_requests, frozenset(hosts | more_hosts)
        )
