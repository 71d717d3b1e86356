"""How throughput grows with app processes: a realistic mix through nginx, on PostgreSQL and Redis.

Starts the production set-up as tests/production/stack.py does (the shipped nginx site in front of
N gunicorn processes of one sync worker each, sharing PostgreSQL and Redis), signs in LEARNERS
learners and a facilitator, then drives with wrk a mix of what a cohort does during a course:
learners read lessons and module pages, mark lessons complete, open and submit the quiz; the
facilitator opens the progress grid and the completion report. Prints requests per second, median
and 95th-percentile latency and errors for 1, 2 and 4 processes, the growth over one process, and
how many learners one process (one core) keeps up with at one request every THINK seconds each.

    .venv/bin/python bench/mix.py                      # 1, 2 and 4 processes, 10 s each
    .venv/bin/python bench/mix.py --processes 1 2 --duration 20

DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test) is emptied and rebuilt: give it a
scratch database. REDIS_URL defaults to redis://127.0.0.1:6379/0.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import load  # noqa: E402 - the bench's own module, beside this one

from tests.production.stack import Browser, csrf_token, hidden_field, start_stack  # noqa: E402

# What a cohort's traffic is made of, by weight (out of 100 requests).
MIX = {
    "lesson": 40,
    "module": 10,
    "catalogue": 5,
    "mark complete": 15,
    "quiz": 10,
    "submit quiz": 10,
    "grid": 5,
    "report": 5,
}
MIX_SCRIPT = """
local entries = {entries}
local seq = 0
request = function()
  seq = seq + 1
  local entry = entries[(seq % #entries) + 1]
  local headers = {{["Cookie"] = entry[3], ["Accept-Encoding"] = "gzip",
                   ["Accept-Language"] = "en"}}
  if entry[1] == "GET" then return wrk.format("GET", entry[2], headers) end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  local token = string.format("mix%08d%05d%s", seq, math.random(0, 99999), "{salt}")
  return wrk.format("POST", entry[2], headers, (entry[4]:gsub("TOKEN", token)))
end
"""


def populate(environment: dict, learners: int) -> tuple[list[str], str, int]:
    """A cohort of `learners` who have read module 1, and its facilitator: the session cookies of
    the learners, the facilitator's, and the cohort's id. Signed in inside this process (a signed
    cookie is good in every process); the password is checked once per person, as in life."""
    os.environ.update(environment)
    from lms import create_app
    from lms.auth import service as auth_service
    from lms.cohorts import service as cohort_service
    from lms.core.catalogue import current_catalogue
    from lms.extensions import db
    from lms.learn import service as learn_service

    app = create_app({"RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        password_hash = auth_service.hash_password(load.PASSWORD)
        module = current_catalogue().get(load.MODULE)
        facilitator = auth_service.create_user(
            "facilitator@example.org", "Bench Facilitator", password_hash, "facilitator"
        )
        cohort = cohort_service.create_cohort(
            name="Bench cohort", language="en", starts_on=date(2023, 8, 14),
            ends_on=date(2030, 9, 8),
            timezone="America/Bogota", modules=[cohort_service.ModulePlan(load.MODULE, None)],
            facilitators=[facilitator], published=True,
        )  # fmt: skip
        emails = []
        for number in range(learners):
            learner = auth_service.create_user(
                f"learner{number}@example.org", f"Learner {number}", password_hash
            )
            cohort_service.enrol(cohort.id, learner.id)
            for lesson_id in module.lesson_ids:
                learn_service.mark_lesson_complete(learner.id, module, lesson_id)
            emails.append(learner.email)
        db.session.commit()
        cohort_id = cohort.id

    def cookie(email: str) -> str:
        client = app.test_client()
        client.post("/login", data={"email": email, "password": load.PASSWORD})
        return client.get_cookie("session").value

    return [cookie(email) for email in emails], cookie("facilitator@example.org"), cohort_id


def entries(port: int, cookies: list[str], facilitator: str, cohort_id: int) -> list[tuple]:
    """(method, path, cookie, body) of one round of the mix per learner, in a shuffled order."""
    base = f"/modules/{load.MODULE}"
    lessons = load.lessons(port, f"session={cookies[0]}")
    found = []
    for number, cookie in enumerate(cookies):
        browser = Browser(port, {"session": cookie})
        quiz = browser.get(f"{base}/quiz").text
        token = csrf_token(quiz)
        cookie = f"session={browser.cookies['session']}"
        lesson = lessons[number % len(lessons)]
        pages = {
            "lesson": ("GET", f"{base}/lessons/{lesson}", cookie, ""),
            "module": ("GET", base, cookie, ""),
            "catalogue": ("GET", "/", cookie, ""),
            "mark complete": ("POST", f"{base}/lessons/{lesson}/complete", cookie,
                              f"csrf_token={token}"),
            "quiz": ("GET", f"{base}/quiz", cookie, ""),
            "submit quiz": ("POST", f"{base}/quiz", cookie, load.quiz_body(quiz, token)),
            "grid": ("GET", f"/cohorts/{cohort_id}/progress", f"session={facilitator}", ""),
            "report": ("GET", f"/cohorts/{cohort_id}/report", f"session={facilitator}", ""),
        }  # fmt: skip
        assert hidden_field(quiz, "token")
        for name, weight in MIX.items():
            found += [pages[name]] * weight
    random.Random(2023).shuffle(found)
    return found


def lua_table(rows: list[tuple]) -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return "{" + ",\n".join("{" + ", ".join(map(quoted, row)) + "}" for row in rows) + "}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, nargs="*", default=[1, 2, 4])
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measure")
    parser.add_argument(
        "--think", type=float, default=10, help="seconds between a learner's requests"
    )
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            print(f"{tool} is not installed: apt-get install {tool}", file=sys.stderr)
            return 2
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        environment = load.prepare(folder, "postgresql")
        environment.update(
            REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
            PROXY_FIX="true",
            RATELIMIT_KEY_PREFIX=f"mix-{time.time_ns()}",
        )
        cookies, facilitator, cohort_id = populate(environment, args.learners)
        for processes in args.processes:
            stack = start_stack(folder / f"stack-{processes}", environment, processes, workers=1)
            try:
                rows = entries(stack.proxy_port, cookies, facilitator, cohort_id)
                script = MIX_SCRIPT.format(entries=lua_table(rows), salt=os.getpid())
                url = f"http://127.0.0.1:{stack.proxy_port}"
                load.wrk(url, script, args.connections, 2)  # every process warms its caches
                results.append((processes, load.wrk(url, script, args.connections, args.duration)))
            finally:
                stack.stop()
    print(
        f"realistic mix through nginx, PostgreSQL, Redis; {args.learners} learners, "
        f"wrk -c{args.connections}, {args.duration} s; {os.cpu_count()} cores on this machine"
    )
    print("mix: " + ", ".join(f"{name} {weight}%" for name, weight in MIX.items()))
    print(f"{'processes':>9} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'errors':>7} {'x 1':>6}")
    one = results[0][1].rps
    for processes, figures in results:
        measured = f"{figures.rps:>8.0f} {figures.median_ms:>10.1f} {figures.p95_ms:>8.1f}"
        print(f"{processes:>9} {measured} {figures.errors:>7} {figures.rps / one:>6.2f}")
    print(
        f"one process (one core) serves {one:.0f} req/s of this mix: at one request every "
        f"{args.think:.0f} s per learner, about {one * args.think:,.0f} learners at once."
    )
    return 1 if any(figures.errors for _p, figures in results) else 0


if __name__ == "__main__":
    sys.exit(main())
