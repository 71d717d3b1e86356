"""Real-browser tests: the app as a real server (gunicorn, production settings, a fresh SQLite
database with the demo data), driven by Playwright in Debian's Chromium at 360 × 740. Every page
a journey reaches is checked (`Journey.check`): a screenshot in test-output/browser/, no page-level
horizontal scroll, menus opening inside the viewport, no request to another host, axe-core's WCAG
2.1 A and AA rules, and, when the journey ends, the Nu Html Checker on every page as served."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from lms.config import PROJECT_ROOT
from tests import nu
from tests.browser.site import running_site

CHROMIUM = "/usr/bin/chromium"
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
OUTPUT = PROJECT_ROOT / "test-output" / "browser"
PHONE = {"width": 360, "height": 740}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _missing_tool() -> str | None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (make test installs it)"
    if not Path(CHROMIUM).exists():
        return "Debian's chromium is not installed (.ci/run installs it)"
    if not AXE.is_file() or not nu.available():
        return "axe-core or the Nu checker is missing (make test runs npm ci)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The browser tests run once, in the SQLite pass; CI must have every tool they need."""
    ours = [item for item in items if "tests/browser/" in str(item.path)]
    if not ours:
        return
    if os.environ.get("LMS_TEST_DATABASE") == "postgresql":
        reason: str | None = "the browser tests run once, in the SQLite pass"
    else:
        reason = _missing_tool()
        if reason and os.environ.get("CI"):
            raise pytest.UsageError(f"CI must run the browser tests: {reason}")
    if reason:
        for item in ours:
            item.add_marker(pytest.mark.skip(reason=reason))


@dataclass(frozen=True)
class Site:
    url: str
    folder: Path

    def path(self, url: str) -> str:
        return urlsplit(url).path


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("site")
    with running_site(folder) as url:
        yield Site(url, folder)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()


@dataclass
class Journey:
    """One person's way through the site, in one browser context, checked at every step."""

    name: str
    page: object  # playwright.sync_api.Page
    site: Site
    javascript: bool
    checked: bool = True  # False for set-up steps of a test about something else
    steps: int = 0
    problems: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    last_document: object = None

    @property
    def folder(self) -> Path:
        return OUTPUT / self.name

    def goto(self, path: str) -> None:
        self.page.goto(self.site.url + path)

    def check(self, step: str) -> None:
        """Every check a page must pass; what fails is collected and reported at `finish`."""
        page = self.page
        page.wait_for_load_state("load")
        if not self.checked:
            return
        self.steps += 1
        label = f"{self.steps:02d}-{re.sub(r'[^a-z0-9]+', '-', step.lower()).strip('-')}"
        where = f"{label} ({self.site.path(page.url)})"
        page.screenshot(path=str(self.folder / f"{label}.png"), full_page=True)
        self._keep_html(label)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            self.problems.append(f"{where}: the page scrolls sideways ({width} px wide)")
        self._check_menus(where, label)
        if self.javascript:
            self._check_axe(where)

    def _keep_html(self, label: str) -> None:
        document = self.last_document
        if document is None or document.status >= 300:
            return
        path = self.folder / f"{label}.html"
        path.write_bytes(document.body())
        self.pages.append(path)

    def _check_menus(self, where: str, label: str) -> None:
        """Each disclosure menu, opened as a person would (a click on its summary), fits in."""
        page = self.page
        summaries = page.locator("details > summary")
        for index in range(summaries.count()):
            summary = summaries.nth(index)
            if not summary.is_visible():
                continue
            summary.click()
            items = summary.locator("xpath=..").locator("button, a, input, label")
            cut = []
            for item in range(items.count()):
                box = items.nth(item).bounding_box()
                if box and (box["x"] < 0 or box["x"] + box["width"] > PHONE["width"] + 0.5):
                    cut.append(
                        f"{items.nth(item).inner_text().strip()} ({box['x']:.0f} to "
                        f"{box['x'] + box['width']:.0f} px)"
                    )
            width = page.evaluate("document.documentElement.scrollWidth")
            if cut or width > PHONE["width"]:
                self.problems.append(
                    f"{where}: menu {index + 1} open: page {width} px wide; cut off: "
                    + ", ".join(cut)
                )
                page.screenshot(path=str(self.folder / f"{label}-menu-{index + 1}.png"))
            summary.click()

    def _check_axe(self, where: str) -> None:
        page = self.page
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
        )
        for violation in result["violations"]:
            targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
            self.problems.append(
                f"{where}: axe {violation['id']}: {violation['help']} at {targets}"
            )

    def save_problems(self) -> None:
        (self.folder / "problems.json").write_text(json.dumps(self.problems, indent=1))

    def finish(self) -> None:
        """The Nu checker over every page kept, then every problem found on the way, at once."""
        if self.pages:
            self.problems.extend(f"Nu: {error}" for error in nu.errors(self.pages))
        self.problems.extend(f"request to another host: {url}" for url in self.foreign)
        self.save_problems()
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def journey(browser, site: Site, request: pytest.FixtureRequest):
    """`journey(name, javascript=True)` opens a fresh phone-sized browser for one person."""
    contexts = []
    trips: list[Journey] = []

    def start(name: str, javascript: bool = True, checked: bool = True) -> Journey:
        context = browser.new_context(
            viewport=PHONE,
            java_script_enabled=javascript,
            bypass_csp=True,  # axe-core is injected: the CSP is relaxed in the test browser only
            accept_downloads=True,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)  # a loaded 2-core CI machine is slow to paint
        trip = Journey(name, page, site, javascript, checked)
        shutil.rmtree(trip.folder, ignore_errors=True)
        trip.folder.mkdir(parents=True)
        origin = urlsplit(site.url).netloc

        def on_request(request) -> None:
            address = urlsplit(request.url)
            if address.scheme in ("http", "https", "ws", "wss") and address.netloc != origin:
                trip.foreign.append(request.url)

        def on_response(response) -> None:
            if response.request.resource_type == "document" and response.frame == page.main_frame:
                trip.last_document = response

        page.on("request", on_request)
        page.on("response", on_response)
        trips.append(trip)
        return trip

    yield start
    for trip in trips:  # what was found before a failure, for whoever reads the test output
        trip.save_problems()
    for context in contexts:
        context.close()
