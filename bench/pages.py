"""What the main pages cost on the wire, as a browser would fetch them.

Starts the app on a loopback port with a throw-away SQLite database, logs in a learner who has read
module 1, then fetches the catalogue, module, lesson, quiz and progress pages and everything they
load: first with an empty cache, then again with a warm one (fingerprinted assets are cached as
immutable, so a warm visit fetches only the page). Prints requests and bytes on the wire (status
line, headers and the gzip-compressed body) for each, and checks the lesson page budget.

    .venv/bin/python bench/pages.py
    .venv/bin/python bench/pages.py --chromium   # as Debian's chromium downloads them
"""

from __future__ import annotations

import gzip
import http.client
import logging
import re
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import flask_migrate
from werkzeug.serving import make_server

from lms import create_app
from lms.auth.service import create_user, hash_password
from lms.extensions import db
from lms.learn.service import mark_lesson_complete

BUDGET = {"lesson": (30_000, 8_000)}  # bytes: first visit, repeat visit
FIRST_ROUND_TRIP = 14_000  # bytes a new connection gets in its first round trip (10 segments)
EMAIL, PASSWORD = "bench@example.org", "bench password 2023"
ASSET_PATTERN = re.compile(r'<(?:link|script|img)\b[^>]*?(?:href|src)="(/[^"]+)"')


@dataclass
class Browser:
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    cache: set[str] = field(default_factory=set)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes, int]:
        """One request; returns status, raw body and the bytes received on the wire."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port)
        headers = {
            "Accept-Encoding": "gzip",
            "Accept-Language": "en",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        header_bytes = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + sum(
            len(f"{name}: {value}\r\n") for name, value in response.getheaders()
        )
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie_name, _, rest = value.partition("=")
                self.cookies[cookie_name] = rest.split(";")[0]
        connection.close()
        return response.status, raw, header_bytes + 2 + len(raw)

    def visit(self, path: str) -> tuple[int, int]:
        """A page and what it loads that is not cached yet: (requests, bytes)."""
        status, raw, wire = self.request("GET", path)
        assert status == 200, (path, status)
        html = _decode(raw)
        requests, total = 1, wire
        for asset in ASSET_PATTERN.findall(html):
            if asset in self.cache:
                continue
            _status, _raw, asset_wire = self.request("GET", asset)
            self.cache.add(asset)
            requests += 1
            total += asset_wire
        return requests, total


def _decode(raw: bytes) -> str:
    try:
        return gzip.decompress(raw).decode()
    except OSError:
        return raw.decode()


def _prepare_app(folder: Path):
    app = create_app(
        {"SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}"}
    )
    with app.app_context():
        flask_migrate.upgrade()
        module = app.extensions["lms.catalogue"].get("sse-game-changer")
        user = create_user(EMAIL, "Bench Learner", hash_password(PASSWORD))
        db.session.flush()
        for lesson_id in module.lesson_ids:
            mark_lesson_complete(user.id, module, lesson_id)
        db.session.commit()
    return app, module


def main() -> int:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        app, module = _prepare_app(Path(folder))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            browser = Browser(server.server_port)
            _status, login_page, _wire = browser.request("GET", "/login")
            token = re.search(
                r'name="csrf_token" type="hidden" value="([^"]+)"', _decode(login_page)
            )
            form = {"csrf_token": token.group(1), "email": EMAIL, "password": PASSWORD}
            status, _raw, _wire = browser.request("POST", "/login", urlencode(form))
            assert status == 302, "login failed"
            browser.cache.clear()
            pages = {
                "catalogue": "/",
                "module": f"/modules/{module.slug}",
                "lesson": f"/modules/{module.slug}/lessons/{module.lesson_ids[1]}",
                "quiz": f"/modules/{module.slug}/quiz",
                "progress": "/progress",
                "account": "/account",
                "glossary": f"/modules/{module.slug}/glossary",
            }
            print(f"{'page':<10} {'first: requests':>16} {'bytes':>8}", end="   ")
            print(f"{'repeat: requests':>17} {'bytes':>8}")
            over_budget = []
            for name, path in pages.items():
                browser.cache.clear()
                first = browser.visit(path)
                repeat = browser.visit(path)
                print(f"{name:<10} {first[0]:>16} {first[1]:>8}   {repeat[0]:>17} {repeat[1]:>8}")
                if first[1] > FIRST_ROUND_TRIP:
                    over_budget.append(name)
                if name in BUDGET:
                    first_budget, repeat_budget = BUDGET[name]
                    if first[1] > first_budget or repeat[1] > repeat_budget:
                        over_budget.append(name)
            print(f"every page within {FIRST_ROUND_TRIP} B on a first visit (one round trip): "
                  f"{'no: ' + ', '.join(over_budget) if over_budget else 'yes'}")  # fmt: skip
            for name, (first_budget, repeat_budget) in BUDGET.items():
                verdict = "OVER BUDGET" if name in over_budget else "within budget"
                print(f"budget {name}: {first_budget} B first, {repeat_budget} B repeat: {verdict}")
        finally:
            server.shutdown()
    return 1 if over_budget else 0


@dataclass
class Visitor:
    """A person in Chromium, for the steps the browser tests take (unchecked here)."""

    page: object
    url: str

    def goto(self, path: str) -> None:
        self.page.goto(self.url + path)

    def check(self, step: str) -> None:
        self.page.wait_for_load_state("load")


def chromium_main() -> int:
    """The learner pages' weight as Chromium downloads them, from the app under gunicorn."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from playwright.sync_api import sync_playwright

    from tests.browser.measure import Meter
    from tests.browser.site import running_site
    from tests.browser.steps import FIRST, answer, read_every_lesson, sign_up
    from tests.browser.test_weight import learner_pages

    with (
        tempfile.TemporaryDirectory() as folder,
        running_site(Path(folder)) as url,
        sync_playwright() as playwright,
    ):
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        page = chromium.new_page(viewport={"width": 360, "height": 740})
        visitor = Visitor(page, url)
        visitor.goto("/")
        sign_up(visitor, "Bench Learner")
        read_every_lesson(visitor)
        visitor.goto(f"/modules/{FIRST.slug}/quiz")
        answer(visitor, right=False)
        page.locator("form.quiz button[type=submit]").click()
        page.wait_for_load_state("load")
        meter = Meter(page)
        print(f"{'page':<50} {'first visit':>12} {'requests':>9}", end=" ")
        print(f"{'next visit':>11} {'requests':>9}")
        problems = []
        for path in learner_pages():
            weight = meter.weigh(url, path)
            print(f"{path:<50} {weight.first_visit:>10} B {weight.first_requests:>9} "
                  f"{weight.next_visit:>9} B {weight.next_requests:>9}")  # fmt: skip
            problems += weight.over_budget()
            if weight.first_visit > FIRST_ROUND_TRIP:
                problems.append(f"{path}: over {FIRST_ROUND_TRIP} B, more than one round trip")
        chromium.close()
    print("\n".join(problems) or "every learner page within budget")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(chromium_main() if "--chromium" in sys.argv else main())
