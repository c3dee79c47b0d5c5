"""Screenshots for the investigators' and supervisors' user guides (docs/guide/img/).

Builds a throwaway SQLite site in a temporary directory (migrate, ``setup_site --demo``), serves
it with ``runserver`` on a free port in a subprocess, and drives Debian's Chromium with
Playwright, logged in as the demo investigator and supervisor:

    .venv/bin/python scripts/docs_screenshots.py [--chromium /usr/bin/chromium]

Writes PNGs (1280 wide, clipped so each stays small) over the ones in docs/guide/img/. Nothing
outside the temporary directory and docs/guide/img/ is touched.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "guide" / "img"
MAIL = ROOT / "tests" / "data" / "mail"
PASSWORD = "siyalalela"  # noqa: S105 - org.demo.DEMO_PASSWORD, the documented demo password
WIDTH, HEIGHT = 1280, 800
MAX_HEIGHT = 1400  # a full-page shot is clipped here so the file stays small
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=en-ZA",  # date inputs as in South Africa, not mm/dd/yyyy
]


def site_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="true",  # static files from the finders; no collectstatic needed
        DJANGO_SECRET_KEY="docs-screenshots-only",  # noqa: S106 - a throwaway site
        DJANGO_SECURE_SSL="false",
        SIYALALELA_DB="sqlite",
        SIYALALELA_SQLITE_PATH=str(tmp / "docs.sqlite3"),
        SIYALALELA_DATA_DIR=str(tmp),
        SIYALALELA_AUDIT_KEY="docs-screenshots-audit-key-0123456789abcdef0123",
    )
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def wait_for(url: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server at {url} did not answer")


def shot(page, name: str, full: bool = True, locator=None) -> None:
    """Save docs/guide/img/<name>.png: the viewport, or the page down to MAX_HEIGHT, or one
    element."""
    path = OUT / f"{name}.png"
    if locator is not None:
        locator.screenshot(path=path)
    elif full:
        height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
        page.screenshot(
            path=path, full_page=True, clip={"x": 0, "y": 0, "width": WIDTH, "height": height}
        )
    else:
        page.screenshot(path=path)
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


def do(page, action: str, confirm: bool = False) -> None:
    form = page.locator(f"form[action$='/do/{action}/']")
    if confirm:
        form.locator("xpath=ancestor::details").locator("summary").click()
        form.get_by_role("checkbox").check()
    form.get_by_role("button").click()
    page.wait_for_load_state("networkidle")


def walk(browser, base: str) -> None:
    def login(username: str):
        context = browser.new_context(
            viewport={"width": WIDTH, "height": HEIGHT},
            locale="en-ZA",
            timezone_id="Africa/Johannesburg",
        )
        page = context.new_page()
        page.set_default_timeout(20000)
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state("networkidle")
        return page

    def tab(page, name: str) -> None:
        page.get_by_role("tab", name=name, exact=True).click()
        page.wait_for_timeout(200)

    # The supervisor's case board.
    supervisor = login("supervisor")
    supervisor.goto(f"{base}/investigations/board/")
    supervisor.wait_for_load_state("networkidle")
    shot(supervisor, "supervisor-board")

    # E-mail intake: the list, then a draft from an uploaded .eml.
    investigator = login("investigator")
    for eml in ("speaker_html_only.eml", "councillor_with_attachment.eml"):
        investigator.get_by_role("link", name="E-mail intake").first.click()
        investigator.get_by_label("E-mail message (.eml or .msg)").set_input_files(str(MAIL / eml))
        investigator.get_by_role("button", name="Take in").click()
        investigator.wait_for_load_state("networkidle")
    draft_url = investigator.url
    investigator.get_by_role("link", name="E-mail intake").first.click()
    investigator.wait_for_load_state("networkidle")
    shot(investigator, "mail-intake")
    investigator.goto(draft_url)
    investigator.wait_for_load_state("networkidle")
    investigator.get_by_label("Complainant name").fill("Lindiwe Dube")
    investigator.get_by_label("Complainant phone").fill("072 555 0142")
    investigator.get_by_label("Ward", exact=True).fill("12")
    shot(investigator, "mail-draft")
    investigator.get_by_role("button", name="Confirm and open the case").click()
    investigator.wait_for_load_state("networkidle")
    case_url = investigator.url
    reference = investigator.locator("h1").inner_text().split()[0]

    # Assigning: the supervisor acknowledges and assigns, the workload beside each name.
    supervisor.goto(case_url)
    supervisor.wait_for_load_state("networkidle")
    assign = supervisor.get_by_label(re.compile("^Assign to"))
    options = assign.locator("option").all_inner_texts()
    bongani = next(o for o in options if o.startswith("Bongani Zulu"))
    assign.select_option(label=bongani)
    form = supervisor.locator("form[action$='/do/acknowledge/']")
    form.scroll_into_view_if_needed()
    shot(supervisor, "assign-workload", full=False)
    do(supervisor, "acknowledge")

    # The investigator's case page: Summary (Next steps), Findings, History.
    investigator.goto(case_url)
    investigator.wait_for_load_state("networkidle")
    do(investigator, "start")
    tab(investigator, "Summary")
    shot(investigator, "case-summary")
    tab(investigator, "Findings")
    investigator.get_by_label("Outcome").select_option(label="Substantiated")
    investigator.get_by_label("Root cause").select_option(label="Service department did not attend")
    investigator.get_by_label("Batho Pele principle breached").select_option(
        label="Service standards"
    )
    investigator.get_by_role("textbox", name="Findings", exact=True).fill(
        "The burst pipe in Ward 12 was reported three times; no crew attended for nine days."
    )
    investigator.get_by_role("button", name="Save findings").click()
    investigator.wait_for_load_state("networkidle")
    tab(investigator, "Findings")
    shot(investigator, "case-findings")
    tab(investigator, "History")
    shot(investigator, "case-history")
    print(f"case {reference}: {case_url}")

    # Reports for the Offices.
    supervisor.goto(f"{base}/investigations/board/")
    supervisor.get_by_role("link", name="Reports for the Offices").click()
    supervisor.wait_for_load_state("networkidle")
    shot(supervisor, "office-reports")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--chromium", default=os.environ.get("SIYALALELA_CHROMIUM", "/usr/bin/chromium")
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="siyalalela-docs-screenshots-"))
    env = site_env(tmp)
    server = None
    try:
        manage(env, "migrate", "--verbosity", "0")
        print(manage(env, "setup_site", "--demo").strip())
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/accounts/login/")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            try:
                walk(browser, base)
            finally:
                browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
