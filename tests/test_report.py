#!/usr/bin/env python3
"""The HTML report and the CSV export, as a planner uses them: built from results files,
checked for content, and the report rendered in a real browser (Debian's chromium,
headless) for a DOM dump and a screenshot.

Usage: test_report.py VAXSIM SOURCE_DIR
"""
import csv
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from html import escape as html_escape
from html import unescape as html_unescape

import h5py

try:
    import openpyxl  # Debian's python3-openpyxl: an independent reader of the workbook
except ImportError:
    openpyxl = None

VAXSIM = SOURCE = None
CHROMIUM = shutil.which("chromium")

# A page that opens a report in a frame WIDTH pixels wide and writes what it measured into
# <pre id="layout"> for --dump-dom: elements past the right edge, and date cells whose
# text runs over more than one line.
LAYOUT_PROBE = """<!DOCTYPE html><html><body><pre id="layout">pending</pre>
<iframe id="page" src="PAGE" style="width:WIDTHpx;height:3000px;border:0"></iframe>
<script>
document.getElementById("page").onload = function () {
  const doc = this.contentDocument, edge = doc.documentElement.clientWidth;
  const name = e => e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? "." + e.className : "");
  const wide = [...doc.body.querySelectorAll("*")].filter(e => e.getBoundingClientRect().right > edge + 0.5)
                 .map(name).slice(0, 10);
  const dates = [...doc.querySelectorAll("td.date")];
  const wrapped = dates.filter(td => { const r = doc.createRange(); r.selectNodeContents(td);
                                       return r.getClientRects().length > 1; }).map(td => td.textContent);
  document.getElementById("layout").textContent = JSON.stringify(
      {wide: wide, wrapped_dates: wrapped, dates: dates.length, charts: doc.querySelectorAll("svg").length});
};
</script></body></html>
"""


# A page that opens a report with places in a frame and works its controls as a reader
# would: the tiles as drawn, then another target chosen, then the date slider moved to
# DAY; what it saw (or the error it met) goes into <pre id="probe"> for --dump-dom.
PLACES_PROBE = """<!DOCTYPE html><html><body><pre id="probe">pending</pre>
<iframe id="page" src="PAGE" style="width:1100px;height:3000px;border:0"></iframe>
<script>
document.getElementById("page").onload = function () {
  const out = {};
  try {
    const doc = this.contentDocument, w = this.contentWindow;
    const tiles = () => [...doc.querySelectorAll("#places-tiles .tile")].map(t => [
        t.className, t.querySelector(".tile-value").textContent, t.querySelector(".tile-status").textContent]);
    out.controls_shown = !doc.getElementById("places-controls").hidden;
    out.initial = tiles();
    out.columns = w.getComputedStyle(doc.getElementById("places-tiles")).gridTemplateColumns.split(" ").length;
    const pick = doc.getElementById("places-target"), day = doc.getElementById("places-day");
    out.options = pick.options.length;
    pick.value = String(pick.options.length - 1);
    pick.dispatchEvent(new w.Event("change"));
    out.after_target = {day: +day.value, tiles: tiles(),
                        details: [...doc.querySelectorAll(".places-for-target")].filter(x => !x.hidden).map(x => x.dataset.target)};
    day.value = "DAY";
    day.dispatchEvent(new w.Event("input"));
    out.after_day = {day: +day.value, tiles: tiles(), shown: doc.getElementById("places-day-shown").textContent,
                     caption: doc.getElementById("places-caption").textContent};
  } catch (e) { out.error = String(e); }
  document.getElementById("probe").textContent = JSON.stringify(out);
};
</script></body></html>
"""


# The report's language follows LANG unless --lang is given: these tests read English.
ENGLISH = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
ENGLISH["LANG"] = "C.UTF-8"


def run(*args, env=ENGLISH):
    return subprocess.run([VAXSIM, *args], capture_output=True, text=True, env=env)



def run_and_report(folder, scenario, name):
    """Runs a scenario of the source tree to FOLDER/NAME.h5, reports it to NAME.html and
    returns the file's path and the page's text."""
    h5path, html = os.path.join(folder, name + ".h5"), os.path.join(folder, name + ".html")
    result = run("run", os.path.join(SOURCE, scenario), "-o", h5path, "-q")
    assert result.returncode == 0, result.stderr
    result = run("report", h5path, "-o", html)
    assert result.returncode == 0, result.stderr
    with open(html, encoding="utf-8") as f:
        return h5path, f.read()

def chromium(*args):
    """Headless chromium on ARGS. A browser that dies of a signal (a segfault seen once in
    CI, in a run whose page had rendered in the run before) is started once more, in a
    fresh profile, and the first death is told on stderr: a page that crashes the browser
    every time still fails, one sporadic crash of the browser itself does not."""
    for attempt in (1, 2):
        with tempfile.TemporaryDirectory() as profile:
            done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                                   "--no-first-run", "--disable-background-networking",
                                   "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                                   f"--user-data-dir={profile}", *args],
                                  capture_output=True, text=True, timeout=120)
        if done.returncode >= 0 or attempt == 2:
            return done
        print(f"chromium died of signal {-done.returncode} on {args[-1]}; starting it once more",
              file=sys.stderr)


class Reports(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        cls.run_h5 = os.path.join(d, "late.h5")
        cls.sweep_h5 = os.path.join(d, "sweep.h5")
        assert run("run", os.path.join(SOURCE, "scenarios/seoul-2021-pfizer-4-weeks-late.yaml"),
                   "-o", cls.run_h5, "-q").returncode == 0
        assert run("sweep", os.path.join(SOURCE, "tests/data/tiny.sweep.yaml"), "-o", cls.sweep_h5, "-q").returncode == 0
        cls.run_html = os.path.join(d, "run.html")
        cls.sweep_html = os.path.join(d, "sweep.html")
        for h5, html in ((cls.run_h5, cls.run_html), (cls.sweep_h5, cls.sweep_html)):
            result = run("report", h5, "-o", html)
            assert result.returncode == 0, result.stderr
        with open(cls.run_html, encoding="utf-8") as f:
            cls.run_text = f.read()
        with open(cls.sweep_html, encoding="utf-8") as f:
            cls.sweep_text = f.read()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_run_report_content(self):
        t = self.run_text
        self.assertTrue(t.startswith("<!DOCTYPE html>"))
        self.assertIn('<meta charset="utf-8">', t)
        # Self-contained: no scripts, nothing fetched.
        self.assertNotIn("<script", t)
        self.assertIsNone(re.search(r'(src|href)="(https?:)?//', t))
        # 6 target charts, coverage, boosters (the plan's Q4 re-vaccination), 4 products,
        # overdue later doses, capacity.
        self.assertEqual(t.count("<svg"), 14)
        # Overdue people on their own chart, with each product's peak (the summary's).
        self.assertIn("People overdue for a later dose", t)
        self.assertIn("<td>pfizer</td><td class=\"num\">186,090</td><td class=\"date\">2021-10-29</td>", t)
        # Read at a glance: measures by their names, axis titles with units, years on the
        # date axis, capacity as weekly levels.
        self.assertNotIn(">first_dose<", t)
        self.assertIn("at least one dose", t)
        self.assertIn('class="axis-title" text-anchor="start">people</text>', t)
        self.assertIn("doses per day (weekly average)", t)
        self.assertIn(">Mar 2021</text>", t)
        self.assertTrue('<span class="nowrap">50-64</span>, <span class="nowrap">65-74</span>' in t)
        self.assertIn("Noto Sans CJK KR", t)  # a font stack with Hangul
        self.assertIn("요양병원 입원·입소자, 종사자 등", t)
        # The quarterly table marks the groups that slipped, as the summary does.
        with h5py.File(self.run_h5, "r") as h5:
            slipped = sum(1 for met, whole in zip(h5["plan_check/met"][()], h5["plan_check/quarter_in_run"][()])
                          if whole and not met)
            self.assertGreater(slipped, 0)
            self.assertEqual(t.count('<tr class="slipped">'), slipped)
            # The target table carries the file's numbers.
            for value in h5["targets/value_at_deadline"][()]:
                self.assertIn(f"{value:,}", t)

    def test_boosters_sites_and_drop_outs(self):
        # Boosters and protection: the end-of-run figures are the file's sums.
        with h5py.File(self.run_h5, "r") as h5:
            full = int(h5["daily/fully_vaccinated_people"][-1].sum())
            boosted = int(h5["daily/boosted_people"][-1].sum())
            up = int(h5["daily/up_to_date_people"][-1].sum())
        self.assertGreater(boosted, 0)
        self.assertIn("<h2>Boosters and protection</h2>", self.run_text)
        self.assertIn(f"At the end: {full:,} completed a series, {boosted:,} boosted, {up:,} up to date.",
                      self.run_text)
        # One site: no site charts; no drop-outs: no column for them.
        self.assertNotIn("<h2>Sites</h2>", self.run_text)
        self.assertNotIn("<th>dropped out</th>", self.run_text)
        # Korea's replay has two kinds of site: a chart each.
        h5path, t = run_and_report(self.tmp.name, "scenarios/korea-2021-replay.yaml", "korea")
        self.assertIn("<h2>Sites</h2>", t)
        with h5py.File(h5path, "r") as h5:
            for label in h5["sites/label"][()]:
                self.assertIn(label.decode(), t)
        # tests/data/drop-outs.yaml: 300 people drop out (tests/sim/test_overdue.cpp).
        _, t = run_and_report(self.tmp.name, "tests/data/drop-outs.yaml", "drop")
        self.assertIn("<th>dropped out</th>", t)
        self.assertIn('<td class="num">600</td><td class="num">300</td>', t)

    def test_epidemic_section(self):
        h5path, t = run_and_report(self.tmp.name, "scenarios/seoul-2021-epidemic.yaml", "epi")
        self.assertIn("Health impact (epidemic model)", t)
        # the run's 14 charts, 2 epidemic charts and 2 of beds (ward, ICU) against capacity
        self.assertEqual(t.count("<svg"), 18)
        with h5py.File(h5path, "r") as h5:
            averted = h5["epidemic"].attrs["deaths_averted"]
            self.assertIn(f"{round(averted):,}", t)
            self.assertIn("Verity et al. (2020)", t)
            # The bed charts draw the beds as a line, and the table the file's peaks.
            self.assertIn("<h3>Hospital load</h3>", t)
            self.assertIn("People in ICU beds", t)
            self.assertIn(">200 beds</text>", t)
            self.assertIn(">2,000 beds</text>", t)
            for group in ("epidemic/hospital", "epidemic/counterfactual/hospital"):
                icu = h5[group + "/icu_occupancy"][:]
                day = h5["calendar/date"][int(icu.argmax())].decode()
                self.assertIn(f"{round(icu.max()):,} on {day}", t)
                self.assertIn(f'<td class="num">{h5[group + "/days_over_icu_beds"][()]:,}</td>', t)

    def test_epidemic_export(self):
        # The epidemic's daily series by band, and the hospital load by day, as CSV.
        h5path = os.path.join(self.tmp.name, "epi-export.h5")
        self.assertEqual(run("run", os.path.join(SOURCE, "scenarios/seoul-2021-epidemic.yaml"),
                             "-o", h5path, "-q").returncode, 0)
        out = os.path.join(self.tmp.name, "epi-csv")
        result = run("export", h5path, "--csv", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(os.path.join(out, "epidemic_daily.csv"), encoding="utf-8") as f:
            daily = list(csv.DictReader(f))
        with open(os.path.join(out, "hospital_daily.csv"), encoding="utf-8") as f:
            load = list(csv.DictReader(f))
        with h5py.File(h5path, "r") as h5:
            dates = strings(h5["calendar/date"][()])
            bands = strings(h5["epidemic/band"][()])
            self.assertEqual(len(daily), len(dates) * len(bands))
            self.assertEqual([r["band"] for r in daily[:len(bands)]], bands)
            self.assertEqual(daily[-1]["date"], dates[-1])
            for column, without in (("infections", "counterfactual/infections"),
                                    ("deaths", "counterfactual/deaths")):
                self.assertAlmostEqual(sum(float(r[column]) for r in daily) / h5["epidemic/" + column][()].sum(), 1, 12)
                self.assertAlmostEqual(sum(float(r[column + "_without_vaccination"]) for r in daily)
                                       / h5["epidemic/" + without][()].sum(), 1, 12)
            self.assertEqual(len(load), len(dates))
            for column in ("ward_occupancy", "icu_occupancy"):
                self.assertEqual([float(r[column]) for r in load], list(h5["epidemic/hospital/" + column][()]))
                self.assertEqual([float(r[column + "_without_vaccination"]) for r in load],
                                 list(h5["epidemic/counterfactual/hospital/" + column][()]))
            self.assertEqual({int(r["ward_beds"]) for r in load}, {int(h5["epidemic/hospital/beds"][()])})
            self.assertAlmostEqual(sum(float(r["admissions"]) for r in load)
                                   / h5["epidemic/hospital/admissions"][()].sum(), 1, 12)

    def test_sweep_report_content(self):
        t = self.sweep_text
        self.assertNotIn("<script", t)
        self.assertIn("P(target met), with 95% intervals", t)
        self.assertIn("When &#39;", t.replace("'", "&#39;"))
        self.assertIn("Coverage across futures", t)
        self.assertIn("What moves the main target", t)
        # Bars, weeks, a fan chart per policy and measure, P(old_90) against the sampled
        # capacity (all_30 does not move with it), the ranking.
        self.assertEqual(t.count("<svg"), 8)
        with h5py.File(self.sweep_h5, "r") as h5:
            for p in h5["summary/by_grid_point/p_met"][()].ravel():
                self.assertIn(f"{100 * p:.1f}%", t)
            # The fan charts draw the file's daily quantiles: the median on the last day.
            population = h5["coverage/population"][()]
            last_median = h5["coverage/first_dose_people"][0, -1, 2]
            self.assertEqual(h5["coverage/first_dose_people"].shape, (2, 61, 5))
        self.assertIn("People counted by &#39;old_90&#39; (1 group, 5,000 people) with a first dose",
                      t.replace("'", "&#39;"))
        self.assertEqual(population, 5000)
        self.assertGreater(last_median, 0)
        self.assertIn("P(met) against each varied parameter", t)
        # Parameters by their names for people (/parameters/display_name), not raw paths.
        self.assertIn('aria-label="P(old_90) against capacity period 0 (from 2021-03-01) doses/day"', t)
        self.assertNotIn("against capacity.periods.0.doses_per_day", t)
        self.assertIn('capacity period 0 (from 2021-03-01) doses/day <span class="meta">'
                      '(capacity.periods.0.doses_per_day)</span>', t)
        with h5py.File(self.sweep_h5, "r") as h5:
            self.assertEqual([n.decode() for n in h5["parameters/display_name"][()]],
                             ["second dose reserve", "capacity period 0 (from 2021-03-01) doses/day"])
        # One colour per policy, named for people, in the legend, the bars, the table and
        # every chart; green and red only for met and not met.
        for colour, name in (("#2471a3", "second dose reserve: hold second doses"),
                             ("#d68910", "second dose reserve: none")):
            self.assertIn(f'<span class="swatch" style="background:{colour}"></span>{name}', t)
            self.assertGreaterEqual(t.count(colour), 8)
            self.assertIn(f'% with a first dose — {name}', t)
        self.assertIn('class="badge met"', t)
        self.assertIn('class="badge missed"', t)

    def test_report_refuses_to_overwrite_and_bad_input(self):
        again = run("report", self.run_h5, "-o", self.run_html)
        self.assertEqual(again.returncode, 1)
        self.assertIn("--force", again.stderr)
        junk = os.path.join(self.tmp.name, "junk.h5")
        with open(junk, "w") as f:
            f.write("no")
        bad = run("report", junk, "-o", os.path.join(self.tmp.name, "junk.html"))
        self.assertNotEqual(bad.returncode, 0)
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "junk.html")))

    def layout(self, html, width):
        """What the page looks like at a width, measured in the browser: the elements
        reaching past the window's right edge, and the date cells broken over lines."""
        probe = html + f".probe-{width}.html"
        with open(probe, "w", encoding="utf-8") as f:
            f.write(LAYOUT_PROBE.replace("PAGE", os.path.basename(html)).replace("WIDTH", str(width)))
        dom = chromium("--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom",
                       "file://" + probe)
        self.assertEqual(dom.returncode, 0, dom.stderr)
        found = re.search(r'<pre id="layout">(.*?)</pre>', dom.stdout)
        self.assertIsNotNone(found, dom.stdout[-2000:])
        return json.loads(html_unescape(found.group(1)))

    def test_korean_report(self):
        html = os.path.join(self.tmp.name, "late-ko.html")
        result = run("report", self.run_h5, "-o", html, "--lang", "ko")
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(html, encoding="utf-8") as f:
            t = f.read()
        self.assertIn('<html lang="ko">', t)
        for words in ("<h2>목표</h2>", "<h2>분기별 계획</h2>", ">지연</span>", ">2021년 3월</text>", "회분/일 (주간 평균)"):
            self.assertIn(words, t)
        self.assertNotIn("<h2>Targets</h2>", t)
        # LANG alone chooses Korean too; --lang en overrides it.
        korean = dict(ENGLISH, LANG="ko_KR.UTF-8")
        again = os.path.join(self.tmp.name, "late-lang.html")
        self.assertEqual(run("report", self.run_h5, "-o", again, env=korean).returncode, 0)
        with open(again, encoding="utf-8") as f:
            self.assertIn("<h2>목표</h2>", f.read())
        self.assertEqual(run("report", self.run_h5, "-o", again, "--force", "--lang", "en", env=korean).returncode, 0)
        with open(again, encoding="utf-8") as f:
            self.assertIn("<h2>Targets</h2>", f.read())
        bad = run("report", self.run_h5, "-o", os.path.join(self.tmp.name, "x.html"), "--lang", "kr")
        self.assertEqual(bad.returncode, 2)
        self.assertIn("--lang takes en or ko, not 'kr'", bad.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "x.html")))

    def test_korean_sweep_report(self):
        html = os.path.join(self.tmp.name, "sweep-ko.html")
        result = run("report", self.sweep_h5, "-o", html, "--lang", "ko")
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(html, encoding="utf-8") as f:
            t = f.read()
        self.assertIn('<html lang="ko">', t)
        for words in ("<h2>목표별 달성 확률</h2>", "<h2>미래별 접종률</h2>", "<h2>변수별 P(달성)</h2>",
                      "<h2>주 목표 날짜에 가장 큰 영향을 주는 변수</h2>", ">P(달성)</th>", "중앙값 실행",
                      "capacity period 0 (from 2021-03-01) doses/day에 따른 P(old_90)", ">2021년 3월</text>"):
            self.assertTrue(words in t, words)
        for english in ("Probability of meeting", "Coverage across futures", "median run", "all runs",
                        " not met<", "runs per week"):
            self.assertFalse(english in t, english)
        # The same charts as in English.
        self.assertEqual(t.count("<svg"), self.sweep_text.count("<svg"))

    @unittest.skipUnless(CHROMIUM, "chromium is not installed")
    def test_layout_holds_at_two_widths(self):
        korean = os.path.join(self.tmp.name, "run-ko.html")
        self.assertEqual(run("report", self.run_h5, "-o", korean, "--lang", "ko").returncode, 0)
        for html in (self.run_html, korean, self.sweep_html):
            for width in (1100, 800):
                with self.subTest(page=os.path.basename(html), width=width):
                    found = self.layout(html, width)
                    self.assertEqual(found["wide"], [], "nothing reaches past the right edge")
                    self.assertEqual(found["wrapped_dates"], [], "no date is broken over two lines")
                    self.assertGreater(found["charts"], 0)
                    png = html.replace(".html", f"-{width}.png")
                    shot = chromium(f"--window-size={width},2400", f"--screenshot={png}", "file://" + html)
                    self.assertEqual(shot.returncode, 0, shot.stderr)
                    with open(png, "rb") as f:
                        header = f.read(24)
                    self.assertEqual(int.from_bytes(header[16:20], "big"), width)
            self.assertGreater(self.layout(self.run_html, 800)["dates"], 10)

    @unittest.skipUnless(CHROMIUM and shutil.which("pdftotext"), "chromium or poppler-utils is not installed")
    def test_prints_on_a4_without_orphaned_headings(self):
        headings = re.findall(r"<h2>(.*?)</h2>", self.run_text)
        self.assertGreater(len(headings), 4)
        pdf = self.run_html.replace(".html", ".pdf")
        printed = chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", "file://" + self.run_html)
        self.assertEqual(printed.returncode, 0, printed.stderr)
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        self.assertIn("(A4)", info)
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        self.assertGreater(pages, 2)
        for page in range(1, pages):  # the last page may end anywhere
            text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", pdf, "-"],
                                  capture_output=True, text=True).stdout
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            self.assertNotIn(lines[-1], [html_unescape(h) for h in headings], f"page {page} ends with a heading")

    @unittest.skipUnless(CHROMIUM, "chromium is not installed")
    def test_report_renders_in_a_browser(self):
        for html, svgs in ((self.run_html, 14), (self.sweep_html, 8)):
            dom = chromium("--dump-dom", "file://" + html)
            self.assertEqual(dom.returncode, 0, dom.stderr)
            self.assertEqual(dom.stdout.count("<svg"), svgs)
            self.assertIn("</table>", dom.stdout)
            png = html.replace(".html", ".png")
            shot = chromium("--window-size=1100,2400", f"--screenshot={png}", "file://" + html)
            self.assertEqual(shot.returncode, 0, shot.stderr)
            with open(png, "rb") as f:
                header = f.read(24)
            self.assertEqual(header[:8], b"\x89PNG\r\n\x1a\n")
            self.assertEqual(int.from_bytes(header[16:20], "big"), 1100)  # width
            self.assertGreater(os.path.getsize(png), 50_000)  # charts and text, not a blank page
        self.assertIn("요양병원", chromium("--dump-dom", "file://" + self.run_html).stdout)


class CompareReport(unittest.TestCase):
    """`vaxsim compare plan.h5 late.h5 -o compare.html`, and why groups slipped in the run report."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        cls.plan_h5, cls.late_h5 = os.path.join(d, "plan.h5"), os.path.join(d, "late.h5")
        assert run("run", os.path.join(SOURCE, "scenarios/seoul-2021-plan.yaml"), "-o", cls.plan_h5,
                   "-q").returncode == 0
        assert run("run", os.path.join(SOURCE, "scenarios/seoul-2021-plan.yaml"), "--set",
                   "products.pfizer.supply.delay_days=28", "-o", cls.late_h5, "-q").returncode == 0
        cls.html = os.path.join(d, "compare.html")
        result = run("compare", cls.plan_h5, cls.late_h5, "-o", cls.html)
        assert result.returncode == 0, result.stderr
        with open(cls.html, encoding="utf-8") as f:
            cls.text = f.read()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_compare_page_content(self):
        t = self.text
        self.assertTrue(t.startswith("<!DOCTYPE html>"))
        self.assertNotIn("<script", t)
        # 6 target charts, coverage, and the strips of both runs.
        self.assertEqual(t.count("<svg"), 8)
        self.assertIn("What bound each day, one strip per run", t)
        self.assertIn("set products.pfizer.supply.delay_days=28", t)
        # Each run in its own colour everywhere: the two palette colours, in order.
        self.assertIn('<polyline fill="none" stroke="#c0392b"', t)
        self.assertIn('<polyline fill="none" stroke="#2471a3"', t)
        # The plan side by side: elderly_care_facilities slipped by 14,925 in the late run.
        self.assertIn("11,356 (-14,925)", t)

    def test_run_report_says_why_groups_slipped(self):
        html = os.path.join(self.tmp.name, "late.html")
        self.assertEqual(run("report", self.late_h5, "-o", html).returncode, 0)
        with open(html, encoding="utf-8") as f:
            t = f.read()
        self.assertIn("<h3>Why groups slipped</h3>", t)
        self.assertIn("(elderly_care_facilities)</span></td><td class=\"num\">11,356 / 26,281</td>"
                      "<td>2021-04-01</td>", t)

    def test_korean_compare_page(self):
        html = os.path.join(self.tmp.name, "compare-ko.html")
        result = run("compare", self.plan_h5, self.late_h5, "-o", html, "--lang", "ko")
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(html, encoding="utf-8") as f:
            t = f.read()
        self.assertIn('<html lang="ko">', t)
        for words in ("<h1>비교한 실행</h1>", "<h2>목표</h2>", "<h2>분기별 계획</h2>", "그날의 제약, 실행마다 한 줄",
                      "<h2>폐기량과 후속 접종 지연</h2>", "11,356 (-14,925)", ">지연</span>", "<title>비교: "):
            self.assertTrue(words in t, words)
        for english in ("Runs compared", "What bound each day", "not in this run", ">slipped<", "(base)"):
            self.assertFalse(english in t, english)
        self.assertEqual(t.count("<svg"), 8)

    @unittest.skipUnless(CHROMIUM, "chromium is not installed")
    def test_compare_page_renders_in_a_browser(self):
        dom = chromium("--dump-dom", "file://" + self.html)
        self.assertEqual(dom.returncode, 0, dom.stderr)
        self.assertEqual(dom.stdout.count("<svg"), 8)
        self.assertIn("</table>", dom.stdout)
        png = self.html.replace(".html", ".png")
        shot = chromium("--window-size=1100,2400", f"--screenshot={png}", "file://" + self.html)
        self.assertEqual(shot.returncode, 0, shot.stderr)
        with open(png, "rb") as f:
            header = f.read(24)
        self.assertEqual(header[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(int.from_bytes(header[16:20], "big"), 1100)
        self.assertGreater(os.path.getsize(png), 50_000)


class KoreanText(unittest.TestCase):
    """What run and check print, in Korean with --lang ko or a Korean LANG; English with
    --lang en whatever LANG says; the same lines either way."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.plan = os.path.join(SOURCE, "scenarios/seoul-2021-plan.yaml")
        cls.h5 = os.path.join(cls.tmp.name, "plan.h5")
        cls.korean_env = dict(ENGLISH, LANG="ko_KR.UTF-8")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_run_summary(self):
        english = run("run", self.plan)
        korean = run("run", self.plan, "-o", self.h5, "--lang", "ko")
        self.assertEqual(korean.returncode, 0, korean.stderr)
        for words in ("vaxsim 실행: seoul-2021-plan (2021-02-26 ~ 2021-12-31, 309일)", "분기별 계획:",
                      "(분기 합계)", "달성: 기한에 7,079,966, 차이 +999,966, 처음 도달 2021-09-10",
                      "제품별 접종 (전체 기간)", "결과 저장: " + self.h5):
            self.assertIn(words, korean.stdout)
        self.assertNotIn("Quarterly plan", korean.stdout)
        self.assertEqual(korean.stdout.count("\n"), english.stdout.count("\n") + 2)  # + results written
        # LANG alone chooses Korean; --lang en overrides it.
        by_lang = run("run", self.plan, env=self.korean_env)
        self.assertIn("분기별 계획:", by_lang.stdout)
        self.assertEqual(run("run", self.plan, "--lang", "en", env=self.korean_env).stdout, english.stdout)
        bad = run("run", self.plan, "--lang", "fr")
        self.assertEqual(bad.returncode, 2)
        self.assertIn("--lang takes en or ko, not 'fr'", bad.stderr)

    def test_check_scenario_and_results_file(self):
        korean = run("check", self.plan, "--lang", "ko")
        self.assertEqual(korean.returncode, 0, korean.stderr)
        self.assertIn("seoul-2021-plan.yaml: 올바른 시나리오", korean.stdout)
        self.assertIn("  2021Q1: 대상군 6개, 접종 의향자 161,051명 (성인의 1.9%)", korean.stdout)
        self.assertIn("  경고 없음", korean.stdout)
        english = run("check", self.plan)
        self.assertEqual(korean.stdout.count("\n"), english.stdout.count("\n"))
        h5 = os.path.join(self.tmp.name, "check.h5")
        self.assertEqual(run("run", self.plan, "-o", h5, "-q").returncode, 0)
        file_ko = run("check", h5, env=self.korean_env)
        self.assertEqual(file_ko.returncode, 0, file_ko.stderr)
        self.assertIn(": 이상 없음\n", file_ko.stdout)
        self.assertIn("  통과: 장부: 시작 보유 + 도입 + 추가 추출 + 입고 = 접종 + 폐기 + 반출 + 재고", file_ko.stdout)
        self.assertIn("309일 (2021-02-26 ~ 2021-12-31)", file_ko.stdout)
        file_en = run("check", h5, "--lang", "en", env=self.korean_env)
        self.assertIn(": OK\n", file_en.stdout)
        self.assertEqual(file_ko.stdout.count("\n"), file_en.stdout.count("\n"))
        self.assertEqual(file_ko.stdout.count("통과: "), file_en.stdout.count("ok: "))

    def test_compare_prints_in_korean(self):
        plan, late = os.path.join(self.tmp.name, "a.h5"), os.path.join(self.tmp.name, "b.h5")
        self.assertEqual(run("run", self.plan, "-o", plan, "-q").returncode, 0)
        self.assertEqual(run("run", self.plan, "--set", "products.pfizer.supply.delay_days=28", "-o", late,
                             "-q").returncode, 0)
        korean = run("compare", plan, late, "--lang", "ko")
        self.assertEqual(korean.returncode, 0, korean.stderr)
        for words in ("vaxsim 비교: 실행 2개; 차이는 첫 실행 a 기준", "a 대비 b에서 바뀐 것",
                      "  설정 products.pfizer.supply.delay_days=28",
                      "a 대비: +19일, 차이 -580,105", "-14,925 지연", "폐기 36,000 (+3,000) (사용한 14,602,059회분 중)"):
            self.assertTrue(words in korean.stdout, words)
        english = run("compare", plan, late)
        self.assertIn("vs a: +19 d, margin -580,105", english.stdout)
        self.assertEqual(korean.stdout.count("\n"), english.stdout.count("\n"))
        # Against what happened: the printed comparison and its page.
        h5 = os.path.join(self.tmp.name, "o.h5")
        self.assertEqual(run("run", os.path.join(SOURCE, "tests/data/observed-tiny.yaml"), "-o", h5,
                             "-q").returncode, 0)
        page = os.path.join(self.tmp.name, "observed-ko.html")
        observed = run("compare", h5, "--observed", os.path.join(SOURCE, "tests/data/observed-tiny.csv"),
                       "-o", page, env=self.korean_env)
        self.assertEqual(observed.returncode, 0, observed.stderr)
        for words in ("first_dose_people (1차 접종자, 전체)", "3일 비교 (실행 기간 밖 2개)",
                      "+0 (+0.0%), 실행이 16일 앞섬", "목표 half_b (2021-03-31까지 50 = 50.0%): 실행 2021-03-10 도달",
                      "실행 기간 안에 도달하지 못함", "페이지 저장: " + page):
            self.assertTrue(words in observed.stdout, words)
        with open(page, encoding="utf-8") as f:
            t = f.read()
        self.assertIn('<html lang="ko">', t)
        self.assertIn("<h1>observed-tiny: 실제와 비교</h1>", t)
        self.assertFalse("against what happened" in t or "days compared" in t)


class CsvExport(unittest.TestCase):
    def test_run_export(self):
        with tempfile.TemporaryDirectory() as d:
            h5path = os.path.join(d, "plan.h5")
            self.assertEqual(run("run", os.path.join(SOURCE, "scenarios/seoul-2021-plan.yaml"), "-o", h5path,
                                 "-q").returncode, 0)
            out = os.path.join(d, "csv")
            result = run("export", h5path, "--csv", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            files = sorted(os.listdir(out))
            self.assertEqual(files, sorted(["daily_doses.csv", "daily_coverage.csv", "daily_products.csv",
                                            "daily_capacity.csv", "monthly.csv", "quarterly.csv", "groups.csv",
                                            "plan_check.csv", "slipped_groups.csv", "targets.csv", "initial_people.csv",
                                            "initial_stock.csv", ".vaxsim-export"]))
            with h5py.File(h5path, "r") as h5, open(os.path.join(out, "daily_coverage.csv"), encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
                first = h5["daily/first_dose_people"][()]
                self.assertEqual(len(rows), first.size)
                last = rows[-1]
                self.assertEqual(int(last["first_dose_people"]), first[-1, -1])
                boosted = h5["daily/boosted_people"][()]
                up = h5["daily/up_to_date_people"][()]
                self.assertGreater(boosted[-1].sum(), 0)  # the plan's Q4 re-vaccination
                self.assertEqual([int(r["boosted_people"]) for r in rows], list(boosted.ravel()))
                self.assertEqual([int(r["up_to_date_people"]) for r in rows], list(up.ravel()))
                with open(os.path.join(out, "daily_products.csv"), encoding="utf-8") as pf:
                    products = list(csv.DictReader(pf))
                for column in ("extracted", "imported", "exported", "dropped_out", "administered"):
                    self.assertEqual([int(r[column]) for r in products],
                                     list(h5["daily/" + column][()].ravel()), column)
                doses = list(csv.DictReader(open(os.path.join(out, "daily_doses.csv"), encoding="utf-8")))
                self.assertEqual(sum(int(r["doses"]) for r in doses), h5["daily/administered"][()].sum())
            groups = list(csv.DictReader(open(os.path.join(out, "groups.csv"), encoding="utf-8")))
            self.assertEqual(groups[0]["label"], "요양병원 입원·입소자, 종사자 등")  # quoted: it holds a comma
            again = run("export", h5path, "--csv", out)
            self.assertEqual(again.returncode, 1)
            self.assertEqual(run("export", h5path, "--csv", out, "--force").returncode, 0)
            self.assertEqual(sorted(os.listdir(d)), ["csv", "plan.h5"])  # no temporaries
            # --bom: each file starts with EF BB BF and is otherwise the same bytes
            bom = os.path.join(d, "bom")
            self.assertEqual(run("export", h5path, "--csv", bom, "--bom").returncode, 0)
            for name in files:
                if name.endswith(".csv"):
                    with open(os.path.join(out, name), "rb") as a, open(os.path.join(bom, name), "rb") as b:
                        self.assertEqual(b"\xef\xbb\xbf" + a.read(), b.read(), name)

    def test_sweep_export(self):
        with tempfile.TemporaryDirectory() as d:
            h5path = os.path.join(d, "s.h5")
            self.assertEqual(run("sweep", os.path.join(SOURCE, "tests/data/tiny.sweep.yaml"), "-o", h5path,
                                 "-q").returncode, 0)
            out = os.path.join(d, "csv")
            self.assertEqual(run("export", h5path, "--csv", out).returncode, 0)
            rows = list(csv.DictReader(open(os.path.join(out, "runs.csv"))))
            self.assertEqual(len(rows), 60 * 2)
            with h5py.File(h5path, "r") as h5:
                met = h5["runs/outcomes"]["target_met"]
                self.assertEqual(sum(int(r["met"]) for r in rows), met.sum())
                # Daily quantiles: a row per grid point, measure and day, as the file holds them.
                quantiles = list(csv.DictReader(open(os.path.join(out, "coverage_quantiles.csv"))))
                first = h5["coverage/first_dose_people"][()]
                self.assertEqual(len(quantiles), 2 * 2 * 61)
                row = quantiles[61 + 30]  # grid point 0, fully vaccinated, day 30
                self.assertEqual((row["date"], row["measure"]), ("2021-03-31", "fully_vaccinated_people"))
                self.assertEqual([int(row[k]) for k in ("p5", "p25", "p50", "p75", "p95")],
                                 list(h5["coverage/fully_vaccinated_people"][0, 30]))
                self.assertEqual(int(quantiles[2 * 61 + 5]["p50"]), first[1, 5, 2])
                # P(met) by parameter: every run counted once per parameter and target.
                odds = list(csv.DictReader(open(os.path.join(out, "p_met_by_parameter.csv"))))
                for parameter in ("policy.second_dose_reserve", "capacity.periods.0.doses_per_day"):
                    for t, target in enumerate(("old_90", "all_30")):
                        mine = [r for r in odds if r["parameter"] == parameter and r["target"] == target]
                        self.assertEqual(sum(int(r["runs"]) for r in mine), 60)
                        self.assertEqual(sum(int(r["runs_met"]) for r in mine), met[:, t].sum())
                grid = [r for r in odds if r["parameter"] == "policy.second_dose_reserve" and r["target"] == "old_90"]
                self.assertEqual([r["value"] for r in grid], ["hold_second_doses", "none"])
                self.assertEqual(int(grid[1]["runs_met"]), met[30:, 0].sum())


@unittest.skipUnless(openpyxl, "python3-openpyxl is not installed")
class WorkbookExport(unittest.TestCase):
    """The workbook holds exactly the CSV tables, typed: a sheet per table in the same order,
    dates as dates, counts as numbers, Korean labels intact, and an "about" sheet first."""

    def same_as_csv(self, h5path, d, tables):
        book, out = os.path.join(d, "book.xlsx"), os.path.join(d, "csv")
        result = run("export", h5path, "--xlsx", book)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"{len(tables)} tables written to {book}", result.stdout)
        self.assertEqual(run("export", h5path, "--csv", out).returncode, 0)
        wb = openpyxl.load_workbook(book)
        self.assertEqual(wb.sheetnames, ["about"] + tables)
        about = dict(wb["about"].iter_rows(values_only=True))
        with h5py.File(h5path, "r") as h5:
            self.assertEqual(about["file type"], h5.attrs["filetype"].decode() if isinstance(
                h5.attrs["filetype"], bytes) else h5.attrs["filetype"])
        for name in tables:
            with open(os.path.join(out, name + ".csv"), encoding="utf-8", newline="") as f:
                rows = list(csv.reader(f))
            sheet = list(wb[name].iter_rows(values_only=True))
            self.assertEqual(len(sheet), len(rows), name)
            self.assertEqual(list(sheet[0]), rows[0], name)
            self.assertEqual(wb[name].freeze_panes, "A2", name)
            for cells, texts in zip(sheet[1:], rows[1:]):
                for cell, text in zip(cells, texts):
                    if text == "":
                        self.assertIsNone(cell, name)
                    elif isinstance(cell, datetime.datetime):
                        self.assertEqual(cell.strftime("%Y-%m-%d"), text, name)
                    elif isinstance(cell, (int, float)):
                        self.assertEqual(float(cell), float(text), name)
                    else:
                        self.assertEqual(cell, text.removeprefix("'"), name)  # CSV's formula guard
        return wb

    def test_run_workbook(self):
        with tempfile.TemporaryDirectory() as d:
            h5path = os.path.join(d, "plan.h5")
            self.assertEqual(run("run", os.path.join(SOURCE, "scenarios/seoul-2021-plan.yaml"), "-o", h5path,
                                 "-q").returncode, 0)
            wb = self.same_as_csv(h5path, d, ["daily_doses", "initial_people", "initial_stock", "daily_coverage",
                                              "daily_products", "daily_capacity", "monthly", "quarterly",
                                              "groups", "plan_check", "slipped_groups", "targets"])
            self.assertEqual(wb["groups"]["B2"].value, "요양병원 입원·입소자, 종사자 등")
            self.assertTrue(wb["targets"]["C2"].is_date)
            self.assertEqual(wb["targets"]["C2"].number_format, "yyyy-mm-dd")
            self.assertEqual(wb["targets"]["H2"].value, datetime.datetime(2021, 9, 10))  # 70% reached
            self.assertIsInstance(wb["daily_coverage"]["C2"].value, int)
            # refused without --force, and the workbook is left as it was
            book = os.path.join(d, "book.xlsx")
            before = os.path.getmtime(book), os.path.getsize(book)
            again = run("export", h5path, "--xlsx", book)
            self.assertEqual(again.returncode, 1)
            self.assertIn("--force", again.stderr)
            self.assertEqual((os.path.getmtime(book), os.path.getsize(book)), before)
            self.assertEqual(run("export", h5path, "--xlsx", book, "--force").returncode, 0)
            self.assertEqual(sorted(os.listdir(d)), ["book.xlsx", "csv", "plan.h5"])  # no temporaries

    def test_sweep_workbook(self):
        with tempfile.TemporaryDirectory() as d:
            h5path = os.path.join(d, "s.h5")
            self.assertEqual(run("sweep", os.path.join(SOURCE, "tests/data/tiny.sweep.yaml"), "-o", h5path,
                                 "-q").returncode, 0)
            wb = self.same_as_csv(h5path, d, ["runs", "summary", "coverage_quantiles", "p_met_by_parameter"])
            # Quantile dates are Excel dates, the pooled grid series' grid_point an empty cell.
            self.assertEqual(wb["coverage_quantiles"]["C2"].number_format, "yyyy-mm-dd")
            grid_rows = [r for r in wb["p_met_by_parameter"].iter_rows(min_row=2, values_only=True)
                         if r[1] == "grid"]
            self.assertTrue(grid_rows and all(r[4] is None for r in grid_rows))
            header = [c.value for c in wb["summary"][1]]
            rows = list(wb["summary"].iter_rows(min_row=2, values_only=True))
            p_met = [row[header.index("p_met")] for row in rows]
            self.assertTrue(all(isinstance(p, (int, float)) and 0 <= p <= 1 for p in p_met), p_met)
            # The counts behind each P(met), and the dates reached at the quantiles.
            for row in rows:
                runs, met = row[header.index("runs")], row[header.index("runs_met")]
                self.assertTrue(0 <= met <= runs and runs > 0, row)
                self.assertAlmostEqual(row[header.index("p_met")], met / runs)
            self.assertIn("first_reached_p50", header)

    def test_bad_requests_write_nothing(self):
        with tempfile.TemporaryDirectory() as d:
            junk = os.path.join(d, "junk.h5")
            with open(junk, "w") as f:
                f.write("not hdf5")
            book = os.path.join(d, "b.xlsx")
            bad = run("export", junk, "--xlsx", book)
            self.assertNotEqual(bad.returncode, 0)
            self.assertIn("not an HDF5 results file", bad.stderr)
            for args in (["--xlsx", book, "--csv", os.path.join(d, "c")], ["--xlsx", book, "--bom"], []):
                usage = run("export", junk, *args)
                self.assertEqual(usage.returncode, 2, args)
            self.assertEqual(os.listdir(d), ["junk.h5"])


def strings(values):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


class PlacesPlanReport(unittest.TestCase):
    """Seoul's districts: the report's quarterly plan by place (run files 2.10), each cell
    the gap of the place's quarter total as /places/plan_* say, and the places meeting it."""

    def test_plan_table_matches_the_file(self):
        with tempfile.TemporaryDirectory() as d:
            h5_path, html = os.path.join(d, "districts.h5"), os.path.join(d, "districts.html")
            result = run("run", os.path.join(SOURCE, "scenarios/seoul-2021-districts.yaml"), "-o", h5_path, "-q")
            self.assertEqual(result.returncode, 0, result.stderr)
            result = run("report", h5_path, "-o", html)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(html, encoding="utf-8") as f:
                text = f.read()
            with h5py.File(h5_path, "r") as h5:
                planned = h5["places/plan_planned"][()]
                started = h5["places/plan_started_in_quarter"][()]
                quarters = strings(h5["plan_check/quarter"][()])
                labels = strings(h5["places/label"][()])
        table = re.search(r'<h3>Quarterly plan by place</h3>.*?<table class="place-plan">(.*?)</table>', text, re.S).group(1)
        columns = sorted(set(quarters))
        self.assertEqual(re.findall(r'<th class="num">([^<]*)</th>', table), columns)
        rows = re.findall(r'<tr><td>([^<]*)</td>(.*?)</tr>', table)
        self.assertEqual([name for name, _ in rows], labels)
        met_in = [0] * len(columns)
        for a, (_, cells) in enumerate(rows):
            shown = re.findall(r'<td class="num">([+-][0-9,]+) <span class="badge (met|missed)">', cells)
            for q, quarter in enumerate(columns):
                rows_of = [k for k, x in enumerate(quarters) if x == quarter]
                gap = int(started[a, rows_of].sum() - planned[a, rows_of].sum())
                self.assertEqual(shown[q], (f"{gap:+,}", "met" if gap >= 0 else "missed"))
                met_in[q] += gap >= 0
        self.assertEqual(met_in, [25, 18, 0])
        self.assertIn("".join(f'<td class="num">{n} of 25</td>' for n in met_in), table)

    def test_a_quarter_the_run_does_not_finish_is_partial(self):
        # adults_18_49 planned for 2022Q1, after the run: that quarter is partial in every
        # place, in the report as in the summary, met in none, and the export says the
        # quarter is not in the run.
        with tempfile.TemporaryDirectory() as d:
            h5_path, html, out = (os.path.join(d, x) for x in ("later.h5", "later.html", "csv"))
            result = run("run", os.path.join(SOURCE, "scenarios/seoul-2021-districts.yaml"),
                         "--set", "groups.adults_18_49.plan.quarter=2022Q1", "-o", h5_path)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertRegex(result.stdout, r"met in +25 of 25 +18 of 25 +25 of 25 +0 of 25")
            self.assertEqual(run("report", h5_path, "-o", html).returncode, 0)
            self.assertEqual(run("export", h5_path, "--csv", out).returncode, 0)
            with open(html, encoding="utf-8") as f:
                table = re.search(r'<table class="place-plan">(.*?)</table>', f.read(), re.S).group(1)
            with open(os.path.join(out, "places_plan.csv"), encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
        badges = [re.findall(r'<span class="badge (\w+)">', cells) for _, cells in re.findall(r'<tr><td>([^<]*)</td>(.*?)</tr>', table)]
        self.assertEqual(len(badges), 25)
        self.assertTrue(all(b[3] == "partial" and b[2] == "met" for b in badges))
        self.assertIn('<td class="num">0 of 25</td></tr>', table)
        self.assertEqual({r["quarter_in_run"] for r in rows if r["quarter"] == "2022Q1"}, {"0"})
        self.assertEqual({r["quarter_in_run"] for r in rows if r["quarter"] == "2021Q2"}, {"1"})

    def test_plan_rows_in_the_export(self):
        # places_plan.csv: a row per place and planned group, as /places/plan_* say.
        with tempfile.TemporaryDirectory() as d:
            h5_path, out = os.path.join(d, "districts.h5"), os.path.join(d, "csv")
            self.assertEqual(run("run", os.path.join(SOURCE, "scenarios/seoul-2021-districts.yaml"), "-o", h5_path, "-q").returncode, 0)
            result = run("export", h5_path, "--csv", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(os.path.join(out, "places_plan.csv"), encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
            with h5py.File(h5_path, "r") as h5:
                ids = strings(h5["places/id"][()])
                groups = strings(h5["plan_check/group"][()])
                started = h5["places/plan_started_in_quarter"][()]
                planned = h5["places/plan_planned"][()]
                met = h5["places/plan_met"][()]
        self.assertEqual(len(rows), len(ids) * len(groups))
        for i, row in enumerate(rows):
            a, k = divmod(i, len(groups))
            self.assertEqual((row["place"], row["group"]), (ids[a], groups[k]))
            self.assertEqual((int(row["planned"]), int(row["started_in_quarter"]), int(row["met"])),
                             (planned[a, k], started[a, k], met[a, k]))


class PlacesCompare(unittest.TestCase):
    """`vaxsim compare` of runs with places (and one without) to HTML: the spread across
    places under each target as the text prints it, and the quarterly plan by place per
    run, its counts from each file's /places/plan_*."""

    def test_compare_page_shows_places(self):
        with tempfile.TemporaryDirectory() as d:
            files = [os.path.join(d, x + ".h5") for x in ("people", "need", "plan")]
            for h5_path, name in zip(files, ("seoul-2021-districts", "seoul-2021-districts-by-need", "seoul-2021-plan")):
                result = run("run", os.path.join(SOURCE, "scenarios", name + ".yaml"), "-o", h5_path, "-q")
                self.assertEqual(result.returncode, 0, result.stderr)
            html = os.path.join(d, "compare.html")
            result = run("compare", *files, "-o", html)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(html, encoding="utf-8") as f:
                text = f.read()
            # From each file: per quarter, the places whose quarter total is not short.
            expected = []
            for h5_path in files[:2]:
                with h5py.File(h5_path, "r") as h5:
                    planned = h5["places/plan_planned"][()]
                    started = h5["places/plan_started_in_quarter"][()]
                    quarters = strings(h5["plan_check/quarter"][()])
                per_quarter = {}
                for q in sorted(set(quarters)):
                    cols = [k for k, x in enumerate(quarters) if x == q]
                    gaps = started[:, cols].sum(axis=1) - planned[:, cols].sum(axis=1)
                    per_quarter[q] = (int((gaps >= 0).sum()), int(gaps.sum()))
                expected.append(per_quarter)
        # The spread under each target: the lines `vaxsim compare` prints, unindented.
        printed = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("across 25 places")]
        shown = re.findall(r'<td class="across-places">([^<]+)</td>', text)
        self.assertEqual(shown, printed)
        self.assertEqual(len(shown), 2 * 6)  # two runs with places, six targets
        table = re.search(r'<table class="compare-place-plan">(.*?)</table>', text, re.S).group(1)
        rows = re.findall(r'<tr><td>(\d{4}Q\d)</td>(.*?)</tr>', table)
        self.assertEqual([q for q, _ in rows], sorted(expected[0]))
        for q, cells in rows:
            cells = re.findall(r'<td class="num[^"]*">(.*?)</td>', cells)
            for r in range(2):
                met, gap = expected[r][q]
                self.assertTrue(cells[r].startswith(f"{met} of 25 ({gap:+,})"), (q, r, cells[r]))
            self.assertEqual(cells[2], "no places in this run")
        # By need meets Q2 in more districts than by people (README, "Districts").
        self.assertEqual((expected[0]["2021Q2"][0], expected[1]["2021Q2"][0]), (18, 21))

    def test_a_quarter_the_run_does_not_finish_is_partial(self):
        # adults_18_49 planned for 2022Q1, after the run's end: partial, with no count or
        # gap, as the district table prints it; the other quarters as before.
        with tempfile.TemporaryDirectory() as d:
            later, html = os.path.join(d, "later.h5"), os.path.join(d, "compare.html")
            result = run("run", os.path.join(SOURCE, "scenarios/seoul-2021-districts.yaml"),
                         "--set", "groups.adults_18_49.plan.quarter=2022Q1", "-o", later, "-q")
            self.assertEqual(result.returncode, 0, result.stderr)
            result = run("compare", later, later, "-o", html)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(html, encoding="utf-8") as f:
                table = re.search(r'<table class="compare-place-plan">(.*?)</table>', f.read(), re.S).group(1)
        rows = dict(re.findall(r'<tr><td>(\d{4}Q\d)</td>(.*?)</tr>', table))
        self.assertEqual(sorted(rows), ["2021Q1", "2021Q2", "2021Q3", "2022Q1"])
        self.assertEqual(re.findall(r'<td class="num">(.*?)</td>', rows["2022Q1"]),
                         ['<span class="badge partial">partial</span>'] * 2)
        self.assertIn("18 of 25 (", rows["2021Q2"])


class PlacesReport(unittest.TestCase):
    """A run with places (tests/data/two-places.yaml): the report's Places section (tiles,
    the gap between places, the places furthest behind) and the two export tables."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        cls.h5 = os.path.join(d, "two.h5")
        result = run("run", os.path.join(SOURCE, "tests/data/two-places.yaml"), "-o", cls.h5, "-q")
        assert result.returncode == 0, result.stderr
        cls.html, cls.html_ko = os.path.join(d, "two.html"), os.path.join(d, "two-ko.html")
        for html, lang in ((cls.html, "en"), (cls.html_ko, "ko")):
            result = run("report", cls.h5, "-o", html, "--lang", lang)
            assert result.returncode == 0, result.stderr
        with open(cls.html, encoding="utf-8") as f:
            cls.text = f.read()
        with open(cls.html_ko, encoding="utf-8") as f:
            cls.text_ko = f.read()
        with h5py.File(cls.h5, "r") as h5:
            cls.dates = strings(h5["calendar/date"][()])
            cls.ids = strings(h5["places/id"][()])
            cls.labels = strings(h5["places/label"][()])
            cls.value = h5["places/target_value"][()]            # [D, A, T]
            cls.of = h5["places/target_population"][()]          # [A, T]
            cls.threshold = h5["places/target_threshold"][()]    # [A, T]
            cls.binding = h5["places/binding_constraint"][()]    # [D, A]
            cls.target_labels = strings(h5["targets/label"][()])
            measures = strings(h5["targets/measure"][()])
            deadlines = strings(h5["targets/deadline"][()])
        cls.coverage = [t for t, m in enumerate(measures) if m not in ("overdue_peak", "overdue_person_days")]
        cls.deadline = [cls.dates.index(x) for x in deadlines]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def share(self, d, a, t):
        return 100 * min(self.value[d, a, t], self.of[a, t]) / self.of[a, t]

    def test_places_section_content(self):
        t = self.text
        self.assertIn("<h2>Places</h2>", t)
        self.assertIn("2 places, each run on its own; deliveries shared by need, reaching a place 2 days", t)
        self.assertGreater(len(self.coverage), 1)
        # One tile per place, drawn (without scripts) at the first coverage target's deadline.
        t0 = self.coverage[0]
        d0 = self.deadline[t0]
        tiles = re.findall(r'<div class="tile (met|partial|missed)" data-place="([^"]*)"><div class="tile-name">'
                           r'([^<]*)</div><div class="tile-value">([^<]*)</div><div class="tile-status">([^<]*)</div>', t)
        self.assertEqual(len(tiles), len(self.ids))
        met = 0
        for a, (cls, place, name, value, status) in enumerate(tiles):
            self.assertEqual((place, name), (self.ids[a], self.labels[a]))
            self.assertEqual(value, "%.1f%%" % self.share(d0, a, t0))
            reached = self.value[d0, a, t0] >= self.threshold[a, t0]
            met += reached
            self.assertEqual(status, "met" if reached else "not met")
            self.assertEqual(cls == "met", reached)
        self.assertIn(f"{html_escape(self.target_labels[t0], quote=False)} on {self.dates[d0]}: {met} of {len(self.ids)} places met it", t)
        # The data for the controls: every date, the coverage targets, each place's daily values.
        data = json.loads(re.search(r'<script type="application/json" id="places-data">(.*?)</script>', t, re.S).group(1))
        self.assertEqual(data["dates"], self.dates)
        self.assertEqual([x["label"] for x in data["targets"]], [self.target_labels[k] for k in self.coverage])
        for x, k in zip(data["targets"], self.coverage):
            self.assertEqual(x["deadline"], self.deadline[k])
            self.assertEqual(x["values"], self.value[:, :, k].T.tolist())
            self.assertEqual(x["threshold"], self.threshold[:, k].tolist())
        self.assertEqual(t.count('<option value="'), len(self.coverage))
        # The gap between places: a chart of /places/equity_range and Gini, and what it was at the deadline.
        self.assertIn("<h3>The gap between places</h3>", t)
        self.assertIn("Gini index", t)
        with h5py.File(self.h5, "r") as h5:
            gap = h5["places/equity_range"][d0, t0]
            gini = h5["places/equity_gini"][d0, t0]
        self.assertIn(f"At the deadline ({self.dates[d0]}) the range was {100 * gap:.1f} percentage points "
                      f"and the Gini index {gini:.3f}.", t)
        # Each coverage target has its own gap chart and slowest places, the first shown
        # without scripts.
        details = re.findall(r'<div class="places-for-target" data-target="(\d+)"( hidden)?>\n<h3>The gap between places</h3>', t)
        self.assertEqual(details, [(str(k), "" if k == 0 else " hidden") for k in range(len(self.coverage))])
        for k in self.coverage:
            self.assertIn(f"<h3>Places furthest behind: {html_escape(self.target_labels[k], quote=False)}</h3>", t)
        # The places furthest behind, lowest first, with the days each was held up to the deadline.
        table = re.search(r'<table class="slowest-places">(.*?)</table>', t, re.S).group(1)
        rows = re.findall(r"<tr><td>[^<]*<span class=\"meta\">\(([^)]*)\)</span></td><td class=\"num\">([^<]*)</td>"
                          r".*?<td>([^<]*)</td></tr>", table)
        order = sorted(range(len(self.ids)), key=lambda a: self.share(d0, a, t0))
        self.assertEqual([r[0] for r in rows], [self.ids[a] for a in order][:5])
        for place, value, held in rows:
            a = self.ids.index(place)
            self.assertEqual(value, "%.1f%%" % self.share(d0, a, t0))
            codes = [int(c) for c in self.binding[: d0 + 1, a]]
            expected = {c: codes.count(c) for c in set(codes) if c not in (0, 5)}
            self.assertTrue(expected, "two places that were never held would make this test empty")
            found = dict(re.findall(r"([^,]+) (\d+)", held))
            self.assertEqual({k.strip(): int(v) for k, v in found.items()},
                             {constraint_label(c): n for c, n in expected.items()}, held)

    def test_korean_places_section(self):
        t = self.text_ko
        for words in ("<h2>지역별 현황</h2>", "<h3>지역 간 격차</h3>", "지니 계수", "가장 뒤처진 지역", "개 지역 중",
                      "필요량 비례"):
            self.assertTrue(words in t, words)
        for english in ("<h2>Places</h2>", "The gap between places", "furthest behind", "places met it", ">not met<"):
            self.assertFalse(english in t, english)
        statuses = re.findall(r'<div class="tile-status">([^<]*)</div>', t)
        self.assertEqual(len(statuses), len(self.ids))
        self.assertTrue(set(statuses) <= {"달성", "미달성"}, statuses)
        data = json.loads(re.search(r'id="places-data">(.*?)</script>', t, re.S).group(1))
        self.assertEqual(data["words"], {"met": "달성", "not_met": "미달성", "caption": "{1} 기준 {0}: {3}개 지역 중 {2}개 달성"})

    def test_report_without_places_has_no_places_section(self):
        with h5py.File(self.h5, "r") as h5:
            self.assertIn("places", h5)
        _, t = run_and_report(self.tmp.name, "scenarios/seoul-2021-plan.yaml", "plan")
        self.assertNotIn("<h2>Places</h2>", t)
        self.assertNotIn("<script", t)

    @unittest.skipUnless(CHROMIUM, "chromium is not installed")
    def test_places_controls_work_in_a_browser(self):
        day = self.deadline[self.coverage[0]] // 2
        probe = self.html + ".probe-places.html"
        with open(probe, "w", encoding="utf-8") as f:
            f.write(PLACES_PROBE.replace("PAGE", os.path.basename(self.html)).replace("DAY", str(day)))
        dom = chromium("--allow-file-access-from-files", "--virtual-time-budget=5000", "--enable-logging=stderr",
                       "--dump-dom", "file://" + probe)
        self.assertEqual(dom.returncode, 0, dom.stderr)
        self.assertNotIn("Uncaught", dom.stderr)
        found = json.loads(html_unescape(re.search(r'<pre id="probe">(.*?)</pre>', dom.stdout).group(1)))
        self.assertNotIn("error", found)
        self.assertTrue(found["controls_shown"], "the script ran to its end")
        self.assertEqual(found["options"], len(self.coverage))
        self.assertEqual(found["columns"], 5, "five tiles a row on a desktop screen")

        def check(tiles, d, t):
            self.assertEqual(len(tiles), len(self.ids))
            for a, (cls, value, status) in enumerate(tiles):
                reached = self.value[d, a, t] >= self.threshold[a, t]
                self.assertAlmostEqual(float(value.rstrip("%")), self.share(d, a, t), delta=0.051)
                self.assertEqual(status, "met" if reached else "not met")
                ratio = self.value[d, a, t] / self.threshold[a, t]
                self.assertEqual(cls, "tile " + ("met" if reached else "partial" if ratio >= 0.9 else "missed"))

        check(found["initial"], self.deadline[self.coverage[0]], self.coverage[0])
        last = self.coverage[-1]
        self.assertEqual(found["after_target"]["day"], self.deadline[last])  # a target opens at its deadline
        # The chosen target's gap chart and slowest places are the ones shown.
        self.assertEqual(found["after_target"]["details"], [str(len(self.coverage) - 1)])
        check(found["after_target"]["tiles"], self.deadline[last], last)
        self.assertEqual(found["after_day"]["day"], day)
        self.assertEqual(found["after_day"]["shown"], self.dates[day])
        check(found["after_day"]["tiles"], day, last)
        self.assertIn(f"{self.target_labels[last]} on {self.dates[day]}", found["after_day"]["caption"])
        # The whole page renders: the tiles and the gap chart are there.
        page = chromium("--dump-dom", "file://" + self.html)
        self.assertEqual(page.stdout.count('class="tile '), len(self.ids))

    @unittest.skipUnless(CHROMIUM, "chromium is not installed")
    def test_places_layout_holds_at_two_widths(self):
        layouts = Reports.layout
        for html in (self.html, self.html_ko):
            for width in (1100, 800):
                with self.subTest(page=os.path.basename(html), width=width):
                    found = layouts(self, html, width)
                    self.assertEqual(found["wide"], [], "nothing reaches past the right edge")
                    self.assertEqual(found["wrapped_dates"], [], "no date is broken over two lines")


class PlacesExport(unittest.TestCase):
    """The two tables of a run with places (tests/data/two-places.yaml): a row per place,
    and a row per day and place that adds up to the city's."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.h5 = os.path.join(cls.tmp.name, "two.h5")
        result = run("run", os.path.join(SOURCE, "tests/data/two-places.yaml"), "-o", cls.h5, "-q")
        assert result.returncode == 0, result.stderr
        with h5py.File(cls.h5, "r") as h5:
            cls.dates = strings(h5["calendar/date"][()])
            cls.ids = strings(h5["places/id"][()])
            cls.labels = strings(h5["places/label"][()])
            cls.threshold = h5["places/target_threshold"][()]    # [A, T]
            cls.binding = h5["places/binding_constraint"][()]    # [D, A]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_places_export(self):
        out = os.path.join(self.tmp.name, "csv")
        result = run("export", self.h5, "--csv", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("places.csv", os.listdir(out))
        places = list(csv.DictReader(open(os.path.join(out, "places.csv"), encoding="utf-8")))
        daily = list(csv.DictReader(open(os.path.join(out, "places_daily.csv"), encoding="utf-8")))
        D, A = len(self.dates), len(self.ids)
        self.assertEqual(len(places), A)
        self.assertEqual(len(daily), D * A)
        with h5py.File(self.h5, "r") as h5:
            target_ids = strings(h5["targets/id"][()])
            people = h5["places/people"][()]
            first = h5["places/first_dose_people"][()]
            met = h5["places/target_met"][()]
            reached = strings(h5["places/target_first_reached"][()].ravel())
            city_first = h5["daily/first_dose_people"][()].sum(axis=1)
            city_given = h5["daily/administered"][()].sum(axis=1)
            place_deliveries = h5["places/deliveries"][()].sum(axis=2)
            city_deliveries = h5["daily/deliveries"][()].sum()
        for a, row in enumerate(places):
            self.assertEqual((row["place"], row["label"]), (self.ids[a], self.labels[a]))
            self.assertEqual(int(row["people"]), people[a].sum())
            self.assertEqual(int(row["first_dose_people_at_end"]), first[-1, a].sum())
            self.assertAlmostEqual(float(row["first_dose_share_at_end"]), first[-1, a].sum() / people[a].sum())
            for t, target in enumerate(target_ids):
                self.assertEqual(int(row[target + "_threshold"]), self.threshold[a, t])
                self.assertEqual(int(row[target + "_met"]), met[a, t])
                self.assertEqual(row[target + "_first_reached"], reached[a * len(target_ids) + t])
        # The places add up to the city, day by day: people with a first dose, doses given;
        # deliveries reach a place after the transfer lag, so each place's are its own.
        by_day = {}
        for r in daily:
            by_day.setdefault(r["date"], []).append(r)
        self.assertEqual(list(by_day), self.dates)
        for d, date in enumerate(self.dates):
            rows = by_day[date]
            self.assertEqual([r["place"] for r in rows], self.ids)
            self.assertEqual(sum(int(r["first_dose_people"]) for r in rows), city_first[d], date)
            self.assertEqual(sum(int(r["administered"]) for r in rows), city_given[d], date)
            for a, r in enumerate(rows):
                self.assertEqual(int(r["deliveries"]), place_deliveries[d, a])
                self.assertEqual(r["binding_constraint"], ["no_one_waiting", "capacity", "supply",
                                 "second_dose_reserve", "eligibility", "no_group_open",
                                 "awaiting_arrivals"][self.binding[d, a]])
        self.assertGreater(sum(int(r["deliveries"]) for r in daily), 0)
        self.assertLessEqual(sum(int(r["deliveries"]) for r in daily), city_deliveries)
        self.assertGreater(city_first[-1], 0)

    @unittest.skipIf(openpyxl is None, "python3-openpyxl is not installed")
    def test_places_workbook(self):
        d = os.path.join(self.tmp.name, "book")
        os.mkdir(d)
        wb = WorkbookExport.same_as_csv(self, self.h5, d, [
            "daily_doses", "initial_people", "initial_stock", "daily_coverage", "daily_products",
            "daily_capacity", "monthly", "quarterly", "groups", "plan_check", "slipped_groups", "targets",
            "places", "places_daily", "places_plan"])
        self.assertEqual(wb["places"].max_row, len(self.ids) + 1)
        self.assertEqual(wb["places"]["B2"].value, self.labels[0])
        self.assertTrue(wb["places_daily"]["A2"].is_date)


def constraint_label(code):
    return {1: "capacity", 2: "supply", 3: "second-dose reserve", 4: "eligibility",
            6: "awaiting arrivals"}[code]


if __name__ == "__main__":
    VAXSIM, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=sys.argv[:1], verbosity=2)
