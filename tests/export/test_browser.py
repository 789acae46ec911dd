"""The reports as a reader sees them, in a real browser: every image loads, the page raises no
error, nothing scrolls sideways on a 1400-px screen, and the printed brief fits its paper. Also
leaves a full-page screenshot of the osce-baseline report under reports/screenshots/ to look at."""
from __future__ import annotations

import re
import shutil

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.files.atomic import write_bytes
from planner.paths import DATA_DIR, REPORTS_DIR
from tests.cases import HELI, INF, OBS
from tests.conftest import write_case

# A common laptop screen: the report must read at this width without sideways scrolling.
SCREEN_WIDTH = 1400
SCREEN_HEIGHT = 900
# A4 portrait in CSS pixels (96 per inch): the width Chromium lays a printed page out at when
# page.pdf() prints without margins of its own (the print stylesheet sets the body's).
A4_WIDTH, A4_HEIGHT = 794, 1123
# Sub-pixel rounding in layout: a box this much past its container still looks inside it.
LAYOUT_SLACK_PX = 0.5
# A page object in the PDF (not the /Pages tree above them).
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
SCREENSHOT = DATA_DIR.parent / REPORTS_DIR / "screenshots" / "osce-baseline-report.png"

IMAGES = "[...document.images].map(i => ({alt: i.alt, width: i.naturalWidth, done: i.complete}))"
# Every table and image the page shows (hidden ones have no box), with how far it reaches.
BOXES = """[...document.querySelectorAll('table, img')].filter(e => e.getClientRects().length)
  .map(e => ({tag: e.tagName, text: e.innerText.slice(0, 60), right: e.getBoundingClientRect().right,
              width: e.getBoundingClientRect().width}))"""
BODY = "(() => { const b = document.body.getBoundingClientRect(); return {right: b.right, width: b.width}; })()"
# Header cells of the force-generation table, and those the page shows (in print it is sliced).
SCREEN_HEADS = "[...document.querySelectorAll('.wide th')].map(th => th.textContent)"
SHOWN_HEADS = "[...document.querySelectorAll('th')].filter(th => th.getClientRects().length).map(th => th.textContent)"


# Checked on import, so a machine without them skips before the shared baseline is solved for nothing.
CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip("chromium is not installed (scripts/install_tools.py installs it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the dev extras)")


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (the system's: playwright's own download is not used), shared by the module."""
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def compare_html(tmp_path_factory):
    """compare.html of two small hand-built scenarios (the shipped trio takes a minute and a half
    to solve): one with every member, one with a member opting out and a tighter band."""
    folder = tmp_path_factory.mktemp("compare")
    states = [{"iso3": code, "name": name, "gni": gni, "lon": lon} for code, name, gni, lon in [
        ("AAA", "Alphaland", 5, 1.0), ("BBB", "Republic of Betaland", 3, 5.0), ("CCC", "Gammastan", 2, 9.0),
        ("DDD", "Deltania", 1, 14.0), ("EEE", "United Epsilon Islands", 1, 20.0)]]
    missions = [{"id": "border-monitoring", "kind": "peacekeeping", "location": [0, 0],
                 "requirements": {"inf": 6, "obs": 30, "heli": 1}}]
    capacities = [(s["iso3"], unit, n) for s in states for unit, n in (("inf", 3), ("obs", 20), ("heli", 1))]
    band = {"mode": "band", "apply_to": ["personnel"]}
    paths = [write_case(folder, states, [INF, OBS, HELI], scenario, capacities, name) for name, scenario in [
        ("everyone", {"missions": missions, "fairness": {**band, "tolerance": 0.5}}),
        ("without-ddd", {"missions": missions, "fairness": {**band, "tolerance": 0.3}, "opt_out": ["DDD"]})]]
    out = folder / "out"
    result = CliRunner().invoke(app, ["compare", *map(str, paths), "--out", str(out), "--report"])
    assert result.exit_code == 0 and "infeasible" not in result.output, result.output   # both have a plan
    return out / "compare.html"


def _open(browser, path, width=SCREEN_WIDTH, height=SCREEN_HEIGHT):
    """A page showing `path`, and the console errors and uncaught exceptions it raised."""
    page = browser.new_page(viewport={"width": width, "height": height})
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.resolve().as_uri(), wait_until="load")
    return page, errors


def _assert_reads_on_screen(page, errors, least_images):
    images = page.evaluate(IMAGES)
    assert len(images) >= least_images
    assert [i["alt"] for i in images if not (i["done"] and i["width"] > 0)] == []
    assert errors == []
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREEN_WIDTH


def _overflowing(page) -> list[dict]:
    """Tables and images that reach past the body or are wider than it."""
    body = page.evaluate(BODY)
    return [b for b in page.evaluate(BOXES)
            if b["right"] > body["right"] + LAYOUT_SLACK_PX or b["width"] > body["width"] + LAYOUT_SLACK_PX]


def test_report_loads_whole_and_fits_the_screen(baseline, browser):
    assert baseline.exit_code == 0, baseline.output
    page, errors = _open(browser, baseline.out / "report.html")
    try:
        _assert_reads_on_screen(page, errors, least_images=2)    # the map and the shares chart at least
        write_bytes(SCREENSHOT, page.screenshot(full_page=True))
    finally:
        page.close()
    assert SCREENSHOT.stat().st_size > 0


def test_compare_page_loads_whole_and_fits_the_screen(compare_html, browser):
    page, errors = _open(browser, compare_html)
    try:
        _assert_reads_on_screen(page, errors, least_images=1)    # compare.png
        assert "Inputs that differ" in page.inner_text("body") and "without DDD" in page.inner_text("body")
    finally:
        page.close()


def test_report_prints_within_the_page(baseline, browser):
    page, errors = _open(browser, baseline.out / "report.html", A4_WIDTH, A4_HEIGHT)
    try:
        page.emulate_media(media="print")
        assert _overflowing(page) == []
        # The wide force-generation table is printed in slices: every column of it is still there.
        heads = page.evaluate(SCREEN_HEADS)
        assert "Personnel" in heads and set(heads) <= set(page.evaluate(SHOWN_HEADS))
        pdf = page.pdf(format="A4", print_background=True)
        assert errors == []
    finally:
        page.close()
    assert pdf.startswith(b"%PDF") and len(PDF_PAGE.findall(pdf)) >= 1


def test_compare_page_prints_within_the_page(compare_html, browser):
    page, errors = _open(browser, compare_html, A4_WIDTH, A4_HEIGHT)
    try:
        page.emulate_media(media="print")
        assert _overflowing(page) == []
        assert errors == []
    finally:
        page.close()
