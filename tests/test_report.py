#!/usr/bin/env python3
"""The HTML report and the CSV export, as a planner uses them: built from results files,
checked for content, and the report rendered in a real browser (Debian's chromium,
headless) for a DOM dump and a screenshot.

Usage: test_report.py VAXSIM SOURCE_DIR
"""
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import h5py

VAXSIM = SOURCE = None
CHROMIUM = shutil.which("chromium")


def run(*args):
    return subprocess.run([VAXSIM, *args], capture_output=True, text=True)


def chromium(*args):
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                               "--no-first-run", "--disable-background-networking", "--disable-component-update",
                               "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120)


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
        self.assertIn("<td>pfizer</td><td class=\"num\">186,090</td><td>2021-10-29</td>", t)
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
        h5path = os.path.join(self.tmp.name, "korea.h5")
        html = os.path.join(self.tmp.name, "korea.html")
        self.assertEqual(run("run", os.path.join(SOURCE, "scenarios/korea-2021-replay.yaml"), "-o", h5path,
                             "-q").returncode, 0)
        self.assertEqual(run("report", h5path, "-o", html).returncode, 0)
        with open(html, encoding="utf-8") as f:
            t = f.read()
        self.assertIn("<h2>Sites</h2>", t)
        with h5py.File(h5path, "r") as h5:
            for label in h5["sites/label"][()]:
                self.assertIn(label.decode(), t)
        # tests/data/drop-outs.yaml: 300 people drop out (tests/sim/test_overdue.cpp).
        h5path = os.path.join(self.tmp.name, "drop.h5")
        html = os.path.join(self.tmp.name, "drop.html")
        self.assertEqual(run("run", os.path.join(SOURCE, "tests/data/drop-outs.yaml"), "-o", h5path,
                             "-q").returncode, 0)
        self.assertEqual(run("report", h5path, "-o", html).returncode, 0)
        with open(html, encoding="utf-8") as f:
            t = f.read()
        self.assertIn("<th>dropped out</th>", t)
        self.assertIn('<td class="num">600</td><td class="num">300</td>', t)

    def test_epidemic_section(self):
        h5path = os.path.join(self.tmp.name, "epi.h5")
        html = os.path.join(self.tmp.name, "epi.html")
        self.assertEqual(run("run", os.path.join(SOURCE, "scenarios/seoul-2021-epidemic.yaml"), "-o", h5path,
                             "-q").returncode, 0)
        self.assertEqual(run("report", h5path, "-o", html).returncode, 0)
        with open(html, encoding="utf-8") as f:
            t = f.read()
        self.assertIn("Health impact (epidemic model)", t)
        self.assertEqual(t.count("<svg"), 16)  # the run's 14 charts and 2 epidemic charts
        with h5py.File(h5path, "r") as h5:
            averted = h5["epidemic"].attrs["deaths_averted"]
            self.assertIn(f"{round(averted):,}", t)
            self.assertIn("Verity et al. (2020)", t)

    def test_sweep_report_content(self):
        t = self.sweep_text
        self.assertNotIn("<script", t)
        self.assertIn("P(target met), with 95% intervals", t)
        self.assertIn("When &#39;", t.replace("'", "&#39;"))
        self.assertIn("Coverage across futures", t)
        self.assertIn("What moves the main target", t)
        self.assertEqual(t.count("<svg"), 4)
        with h5py.File(self.sweep_h5, "r") as h5:
            for p in h5["summary/by_grid_point/p_met"][()].ravel():
                self.assertIn(f"{100 * p:.1f}%", t)

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

    @unittest.skipUnless(CHROMIUM, "chromium is not installed")
    def test_report_renders_in_a_browser(self):
        for html, svgs in ((self.run_html, 14), (self.sweep_html, 4)):
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


if __name__ == "__main__":
    VAXSIM, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=sys.argv[:1], verbosity=2)
