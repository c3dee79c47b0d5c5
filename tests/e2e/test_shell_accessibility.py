"""The web shell in a real Chromium: labels, keyboard use, skip link, contrast, phone layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e]

A11Y_JS = (Path(__file__).parent / "a11y.js").read_text()
CONTRAST_PROBLEMS_JS = "() => window.__contrastProblems()"
UNLABELLED_CONTROLS_JS = "() => window.__unlabelledControls()"
# Against the phone's 390px, not window.innerWidth: with mobile emulation the layout viewport
# widens to fit wide content, so a page wider than the screen would still pass that comparison.
NO_HORIZONTAL_SCROLL_JS = "() => document.documentElement.scrollWidth <= 390"


def _assert_accessible(page):
    page.evaluate(A11Y_JS)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.title().endswith("· Siyalalela")
    assert page.evaluate(UNLABELLED_CONTROLS_JS) == []
    result = page.evaluate(CONTRAST_PROBLEMS_JS)
    assert result["checked"] >= 3
    assert result["problems"] == []


def test_login_by_keyboard_alone_with_skip_link_and_visible_focus(page, live_server, admin_user):
    page.goto(f"{live_server.url}/accounts/login/")
    _assert_accessible(page)
    # The username field has focus on arrival (autofocus); Shift+Tab reaches the skip link.
    assert page.evaluate("document.activeElement.id") == "id_username"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    skip = page.get_by_role("link", name="Skip to content")
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0  # shown on screen when focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # a visible focus ring
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Tab from the top of the content into the form, type, submit with Enter.
    page.get_by_label("Username").focus()
    page.keyboard.type(admin_user.username)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type("pw-" + admin_user.username)
    page.keyboard.press("Enter")
    page.wait_for_url("**/org/agents/")
    _assert_accessible(page)
    # Navigation links are reachable by Tab, in order, and show where you are.
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    in_nav = "!!document.activeElement.closest('nav[aria-label=Main]')"
    labels = []
    for _ in range(12):
        page.keyboard.press("Tab")
        if not page.evaluate(in_nav):
            break
        labels.append(page.evaluate("document.activeElement.textContent"))
        if labels[-1] == "Agents":
            assert page.evaluate("document.activeElement.getAttribute('aria-current')") == "page"
    nav = page.get_by_role("navigation", name="Main").get_by_role("link")
    assert labels == nav.all_inner_texts()  # every menu entry, in reading order
    assert "Agents" in labels


def test_import_and_audit_screens_are_labelled_and_readable(page, live_server, admin_user):
    login(page, live_server, admin_user.username)
    for path in ("/org/import/", "/audit/"):
        page.goto(f"{live_server.url}{path}")
        _assert_accessible(page)
    page.goto(f"{live_server.url}/org/import/")
    assert page.get_by_label("File (CSV or XLSX)").is_visible()
    assert page.get_by_label("Agents").is_checked()


def test_phone_layout_has_no_sideways_scrolling_and_reachable_navigation(
    phone_page, live_server, admin_user
):
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.evaluate(NO_HORIZONTAL_SCROLL_JS)
    login(page, live_server, admin_user.username)
    assert page.url.endswith("/org/agents/")
    for path in ("/org/agents/", "/org/import/", "/audit/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate(NO_HORIZONTAL_SCROLL_JS), path
        _assert_accessible(page)
    nav = page.get_by_role("navigation", name="Main")
    for name in ("Agents", "Import agents", "Audit trail"):
        link = nav.get_by_role("link", name=name, exact=True)
        assert link.is_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    # Tables become stacked cards: no column headers squeezed off the screen.
    page.goto(f"{live_server.url}/audit/")
    assert not page.locator("table thead").is_visible()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")


def test_lockout_page_is_shown_in_the_browser(page, live_server, agent_user):
    for _ in range(5):
        login(page, live_server, agent_user.username, password="wrong")
    login(page, live_server, agent_user.username)  # the right password, too late
    assert "/accounts/login/" in page.url
    assert page.get_by_role("heading", name="Too many failed log-in attempts").is_visible()
    assert page.get_by_role("alert").is_visible()
