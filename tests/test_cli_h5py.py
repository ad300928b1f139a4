#!/usr/bin/env python3
"""End-to-end checks of the vaxsim program as a user runs it, with the results file
read by h5py (a reader that knows nothing of vaxsim's own code).

Usage: test_cli_h5py.py VAXSIM SOURCE_DIR
"""
import csv
import datetime
import math
import os
import random
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import unittest

import h5py
import numpy as np

VAXSIM = SOURCE = None


def run(*args, cwd=None):
    return subprocess.run([VAXSIM, *args], capture_output=True, text=True, cwd=cwd)


def number(text):
    return int(text.replace(",", "").replace("+", ""))


def start_and_interrupt(args, journal, sig, popen=None, at_least=20000):
    """Starts a sweep, waits until its journal holds some runs, sends `sig` (to the
    processes `popen` picks, default the sweep itself) and returns (returncode, stderr)."""
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and not (os.path.exists(journal) and os.path.getsize(journal) >= at_least):
        time.sleep(0.05)
    for pid in (popen(proc) if popen else [proc.pid]):
        os.kill(pid, sig)
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err


def children(proc):
    """The processes `proc` started (the ranks mpirun forked)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == proc.pid:
                        found.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return found


def copy_data(to):
    import shutil
    shutil.copytree(os.path.join(SOURCE, "tests/data"), to)
    return to


class PlanRunReadByH5py(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = os.path.join(cls.tmp.name, "plan.h5")
        result = run("run", os.path.join(SOURCE, "scenarios/seoul-2021-plan.yaml"), "-o", cls.out)
        assert result.returncode == 0, result.stderr
        cls.summary = result.stdout
        cls.h5 = h5py.File(cls.out, "r")

    @classmethod
    def tearDownClass(cls):
        cls.h5.close()
        cls.tmp.cleanup()

    def test_root_metadata(self):
        attrs = self.h5.attrs
        self.assertEqual(attrs["filetype"], "vaxsim-run")
        self.assertEqual(list(attrs["format_version"]), [2, 10])
        self.assertEqual(attrs["seed"], 20210226)
        self.assertRegex(attrs["creation_time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertIn("seoul-2021-plan.yaml", attrs["command_line"])
        text = self.h5["scenario/text"][()].decode("utf-8")
        self.assertIn("요양병원 입원·입소자, 종사자 등", text)

    def test_quarterly_plan_matches_summary(self):
        rows = re.findall(r"^(\d{4}Q\d)\s+\S+\s+([a-z0-9_]+)\s+([\d,]+)\s+([\d,]+)\s+([+\-\d,]+)\s+(\w+)",
                          self.summary, re.M)
        self.assertGreaterEqual(len(rows), 15)
        groups = [g.decode() for g in self.h5["plan_check/group"][()]]
        for quarter, group, planned, started, gap, status in rows:
            i = groups.index(group)
            self.assertEqual(self.h5["plan_check/quarter"][i].decode(), quarter)
            self.assertEqual(self.h5["plan_check/planned"][i], number(planned))
            self.assertEqual(self.h5["plan_check/started_in_quarter"][i], number(started))
        q = {row[0]: 0 for row in rows}
        for quarter, group, planned, started, gap, status in rows:
            q[quarter] += number(started)
        self.assertEqual(q["2021Q1"], 161051)
        self.assertEqual(q["2021Q2"], 1749102)

    def test_targets_match_summary(self):
        found = re.findall(r"\[(\w+)\].*\n\s+(MET|NOT MET): ([\d,]+) at the deadline, margin ([+\-\d,]+), "
                           r"first reached (\S+)", self.summary)
        ids = [t.decode() for t in self.h5["targets/id"][()]]
        self.assertEqual([f[0] for f in found], ids)
        for tid, met, value, margin, reached in found:
            i = ids.index(tid)
            self.assertEqual(bool(self.h5["targets/met"][i]), met == "MET")
            self.assertEqual(self.h5["targets/value_at_deadline"][i], number(value))
            self.assertEqual(self.h5["targets/margin"][i], number(margin))
            self.assertEqual(self.h5["targets/first_reached"][i].decode(), reached)

    def test_daily_series_match_summary_and_ledger(self):
        d = self.h5["daily"]
        deliveries, given, wasted, stock = (d[k][()] for k in ("deliveries", "administered", "wasted", "stock"))
        # delivered = administered + wasted + stock, every day, every product
        np.testing.assert_array_equal(np.cumsum(deliveries, 0), np.cumsum(given, 0) + np.cumsum(wasted, 0) + stock)
        self.assertTrue((d["capacity_used"][()] <= d["capacity"][()]).all())
        np.testing.assert_array_equal(d["doses"][()].sum(axis=(1, 3)), given)
        ids = [p.decode() for p in self.h5["products/id"][()]]
        for pid, deliv, gv, ws, st in re.findall(
                r"^\s+(\w+)\s+delivered\s+([\d,]+), given\s+([\d,]+), wasted\s+([\d,]+), in stock at end\s+([\d,]+)",
                self.summary, re.M):
            p = ids.index(pid)
            self.assertEqual(deliveries[:, p].sum(), number(deliv))
            self.assertEqual(given[:, p].sum(), number(gv))
            self.assertEqual(wasted[:, p].sum(), number(ws))
            self.assertEqual(stock[-1, p], number(st))
        # Overdue people: the summary's peak, its date and person-days are the file's,
        # and those of the daily series.
        overdue = d["second_doses_overdue"][()]
        found = re.findall(r"^\s+(\w+)\s+peak\s+([\d,]+) on (\S+), +([\d,]+) person-days",
                           self.summary, re.M)
        self.assertEqual(len(found), 3)  # janssen is never overdue
        for pid, peak, on, person_days in found:
            p = ids.index(pid)
            self.assertEqual(self.h5["products/overdue_peak"][p], number(peak))
            self.assertEqual(overdue[:, p].max(), number(peak))
            self.assertEqual(self.h5["products/overdue_peak_date"][p].decode(), on)
            self.assertEqual(self.h5["products/overdue_person_days"][p], number(person_days))
            self.assertEqual(overdue[:, p].sum(), number(person_days))

    def test_target_series_reach_the_reported_values(self):
        series = self.h5["daily/target_value"][()]
        targets = len(self.h5["targets/id"])
        self.assertEqual(targets, 6)
        self.assertEqual(series.shape, (309, targets))
        dates = [d.decode() for d in self.h5["calendar/date"][()]]
        for t in range(targets):
            deadline = dates.index(self.h5["targets/deadline"][t].decode())
            self.assertEqual(series[deadline, t], self.h5["targets/value_at_deadline"][t])
            reached = self.h5["targets/first_reached"][t].decode()
            above = np.nonzero(series[:, t] >= self.h5["targets/threshold"][t])[0]
            self.assertEqual(dates[above[0]] if len(above) else "", reached)

    def test_boosters_and_up_to_date(self):
        d = self.h5["daily"]
        doses = d["doses"][()]
        self.assertEqual(doses.shape[3], 3)  # two-dose series, then the Q4 booster
        boosted, up, full = (d[k][()] for k in ("boosted_people", "up_to_date_people",
                                                   "fully_vaccinated_people"))
        # Everyone boosted had one first booster (dose index 2), given on or before the day.
        np.testing.assert_array_equal(boosted, np.cumsum(doses[:, :, :, 2].sum(axis=2), 0))
        self.assertTrue((up <= full).all() and (boosted <= full).all())
        dates = [x.decode() for x in self.h5["calendar/date"][()]]
        self.assertEqual(boosted[:dates.index("2021-10-01")].sum(), 0)  # from 2021-10-01
        self.assertGreater(boosted[-1].sum(), 0)
        m = re.search(r"fully vaccinated ([\d,]+), boosted ([\d,]+), up to date ([\d,]+)", self.summary)
        self.assertEqual([number(x) for x in m.groups()], [full[-1].sum(), boosted[-1].sum(), up[-1].sum()])

    def test_groups_table_and_coverage(self):
        g = self.h5["groups"]
        labels = [x.decode("utf-8") for x in g["label"][()]]
        self.assertIn("65세 이상 (고령자부터 순차 접종)", labels)
        first = self.h5["daily/first_dose_people"][()]
        self.assertEqual(first.shape, (309, len(labels)))
        self.assertTrue((first[-1] <= g["willing"][()]).all())
        self.assertEqual(self.h5["calendar/date"][0].decode(), "2021-02-26")
        self.assertEqual(self.h5["calendar/date"][-1].decode(), "2021-12-31")


class CommandLineBehaviour(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.plan = os.path.join(SOURCE, "scenarios/seoul-2021-plan.yaml")

    def tearDown(self):
        self.tmp.cleanup()

    def test_bad_scenario_exits_nonzero_with_location_and_writes_nothing(self):
        bad = os.path.join(self.tmp.name, "bad.yaml")
        with open(self.plan, encoding="utf-8") as f:
            text = f.read().replace("uptake: 0.70\n    opens: 2021-07-01\n    priority: 23",
                                    "uptake: 0.70\n    opens: 2021-07-01\n    priorty: 23", 1)
        with open(bad, "w", encoding="utf-8") as f:
            f.write(text)
        line = text[:text.index("priorty")].count("\n") + 1
        out = os.path.join(self.tmp.name, "out.h5")
        result = run("run", bad, "-o", out)
        self.assertEqual(result.returncode, 2)
        self.assertIn(f"{bad}:{line}:5: error:", result.stderr)
        self.assertIn("unknown key 'priorty'", result.stderr)
        self.assertIn("did you mean 'priority'?", result.stderr)
        self.assertEqual(os.listdir(self.tmp.name), ["bad.yaml"])

    def test_bad_override_exits_nonzero(self):
        out = os.path.join(self.tmp.name, "out.h5")
        result = run("run", self.plan, "-o", out, "--set", "products.pfizer.supply.shortfall=1.5")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--set products.pfizer.supply.shortfall=1.5", result.stderr)
        self.assertFalse(os.path.exists(out))

    def test_existing_output_needs_force(self):
        out = os.path.join(self.tmp.name, "out.h5")
        with open(out, "w") as f:
            f.write("keep me")
        result = run("run", self.plan, "-o", out)
        self.assertEqual(result.returncode, 1)
        self.assertIn("--force", result.stderr)
        with open(out) as f:
            self.assertEqual(f.read(), "keep me")
        result = run("run", self.plan, "-o", out, "--force", "--quiet")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "")
        with h5py.File(out, "r") as h5:
            self.assertEqual(h5.attrs["filetype"], "vaxsim-run")
        self.assertEqual(os.listdir(self.tmp.name), ["out.h5"])

    def test_override_changes_the_run(self):
        late = run("run", self.plan, "--set", "products.pfizer.supply.delay_days=28")
        self.assertEqual(late.returncode, 0, late.stderr)
        self.assertIn("SLIPPED", late.stdout)
        with open(os.path.join(SOURCE, "tests/golden/seoul-2021-pfizer-4-weeks-late.txt"), encoding="utf-8") as f:
            golden = f.read()
        # Same numbers as the what-if file that sets the same path (only the name differs).
        self.assertEqual(late.stdout.split("\n", 1)[1], golden.split("\n", 1)[1])

    def test_run_warns_of_a_plan_quarter_outside_the_run(self):
        moved = ["--set", "groups.ltc_hospitals.plan.quarter=2022Q1"]
        result = run("run", self.plan, *moved)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("warning: plan quarter 2022Q1 (2022-01-01 to 2022-03-31) is outside the run "
                      "(2021-02-26 to 2021-12-31), so the plan of group 'ltc_hospitals' cannot be "
                      "checked and shows as 'partial'\n", result.stderr)
        self.assertRegex(result.stdout, r"2022Q1 .* ltc_hospitals .* partial")
        self.assertEqual(run("run", self.plan, *moved, "--quiet").stderr, "")

    def test_run_prints_checks_warnings_before_simulating_on_stderr(self):
        tiny = os.path.join(SOURCE, "tests/data/compare-tiny.yaml")
        short = ["--set", "products.vax.supply.deliveries.1.doses=100", "--set", "groups.g2.uptake=0.4"]
        result = run("run", tiny, *short)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr,
                         "warning: target 'half_g2' cannot be met even with unlimited capacity and supply: "
                         "it needs 150 people but only 120 in its population are willing\n"
                         "warning: the run's supply, 200 doses, is less than the 420 doses everyone willing "
                         "needs (at their first product's series)\n")
        # The same warnings as `check` prints, and nothing of them on stdout.
        checked = run("check", tiny, *short)
        self.assertIn("WARNING: target 'half_g2' cannot be met", checked.stdout)
        self.assertIn("WARNING: the run's supply, 200 doses", checked.stdout)
        self.assertNotIn("warning", result.stdout.lower())
        self.assertTrue(result.stdout.startswith("vaxsim run: compare-tiny"))
        quiet = run("run", tiny, *short, "--quiet")
        self.assertEqual((quiet.returncode, quiet.stdout, quiet.stderr), (0, "", ""))
        # No warning, no stderr.
        self.assertEqual(run("run", tiny).stderr, "")

    def test_check_refuses_a_pipe_without_waiting_for_a_writer(self):
        with tempfile.TemporaryDirectory() as tmp:
            fifo = os.path.join(tmp, "plan.yaml")
            os.mkfifo(fifo)
            # The timeout only guards against the hang this test is about.
            result = subprocess.run([VAXSIM, "check", fifo], capture_output=True, text=True, timeout=60)
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertIn(f"cannot read the scenario file '{fifo}': it is not a regular file", result.stderr)

    def test_disk_full_leaves_nothing(self):
        out = os.path.join(self.tmp.name, "out.h5")

        def small_disk():  # a file-size limit behaves like a full disk for this process
            resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

        result = subprocess.run([VAXSIM, "run", self.plan, "-o", out], capture_output=True, text=True,
                                preexec_fn=small_disk)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("vaxsim: error: HDF5: could not", result.stderr)
        self.assertEqual(os.listdir(self.tmp.name), [])

    def test_unwritable_output(self):
        result = run("run", self.plan, "-o", "/proc/vaxsim-cannot-write-here.h5")
        self.assertEqual(result.returncode, 1)
        self.assertIn("could not create file", result.stderr)
        result = run("run", self.plan, "-o", os.path.join(self.tmp.name, "no-such-dir", "out.h5"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("does not exist", result.stderr)

    def test_signals_never_leave_a_partial_file(self):
        # Kill runs at moments spread over their life: each leaves nothing, or a file
        # that passes 'vaxsim check'; never a temporary or a torn file.
        rng = random.Random(3)
        outcomes = set()
        for i in range(16):
            out = os.path.join(self.tmp.name, f"out{i}.h5")
            proc = subprocess.Popen([VAXSIM, "run", self.plan, "-o", out, "-q"])
            time.sleep(rng.uniform(0.0, 0.04))
            proc.send_signal(rng.choice([signal.SIGINT, signal.SIGTERM]))
            proc.wait(timeout=60)
            leftovers = [f for f in os.listdir(self.tmp.name)
                         if f != os.path.basename(out) and f.lstrip(".").startswith(f"out{i}.")]
            self.assertEqual(leftovers, [])
            if os.path.exists(out):
                outcomes.add("complete")
                check = run("check", out)
                self.assertEqual(check.returncode, 0, check.stdout)
            else:
                outcomes.add("none")
        self.assertIn("none", outcomes)  # some runs were really interrupted

    def test_check_finds_a_tampered_file(self):
        out = os.path.join(self.tmp.name, "plan.h5")
        self.assertEqual(run("run", self.plan, "-o", out, "-q").returncode, 0)
        good = run("check", out)
        self.assertEqual(good.returncode, 0, good.stdout)
        self.assertIn("ok: ledger: on hand at the start + delivered + extracted + imported = administered + wasted + exported + in stock", good.stdout)
        with h5py.File(out, "r+") as h5:
            h5["daily/stock"][100, 1] += 1000  # 1,000 doses appear from nowhere
        bad = run("check", out)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("PROBLEM: on hand + delivered + extracted + imported != administered + wasted + exported + in stock", bad.stdout)
        with h5py.File(out, "r+") as h5:
            h5["daily/stock"][100, 1] -= 1000
            h5["initial/stock"][1] += 5  # an opening balance the days do not add up to
        self.assertIn("PROBLEM: on hand + delivered", run("check", out).stdout)
        with h5py.File(out, "r+") as h5:
            h5.attrs["format_version"] = np.array([3, 0], dtype=np.int64)
        newer = run("check", out)
        self.assertEqual(newer.returncode, 1)
        self.assertIn("format 3.0 is not one this vaxsim reads", newer.stdout)
        with open(os.path.join(self.tmp.name, "junk.h5"), "wb") as f:
            f.write(b"not hdf5 at all")
        self.assertNotEqual(run("check", os.path.join(self.tmp.name, "junk.h5")).returncode, 0)

    def test_places_read_by_h5py_add_up_and_check_finds_a_tampered_place(self):
        out = os.path.join(self.tmp.name, "places.h5")
        result = run("run", os.path.join(SOURCE, "tests/data/two-places.yaml"), "-o", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Places: 2, supply shared by need, transfer lag 2 d", result.stdout)
        with h5py.File(out, "r") as h5:
            self.assertEqual([x.decode() for x in h5["places/id"][:]], ["east", "west"])
            self.assertEqual(h5["places/rule"][()].decode(), "need")
            self.assertEqual(h5["places/transfer_lag_days"][()], 2)
            # The places add up to the city, day by day; their people to each band.
            np.testing.assert_array_equal(h5["places/administered"][:].sum(axis=1), h5["daily/administered"][:])
            np.testing.assert_array_equal(h5["places/first_dose_people"][:].sum(axis=1),
                                          h5["daily/first_dose_people"][:])
            np.testing.assert_array_equal(h5["places/people"][:].sum(axis=0), h5["bands/count"][:])
            days, places, targets = h5["places/target_value"].shape
            self.assertEqual((days, places), (h5["calendar/date"].shape[0], 2))
            self.assertTrue(((h5["places/equity_gini"][:] >= 0) & (h5["places/equity_gini"][:] <= 1)).all())
        good = run("check", out)
        self.assertEqual(good.returncode, 0, good.stdout)
        self.assertIn("ok: places: deliveries, doses given, stock, capacity and people vaccinated", good.stdout)
        with h5py.File(out, "r+") as h5:
            h5["places/administered"][100, 1, 1] += 7  # a place gives doses the city did not
        bad = run("check", out)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("PROBLEM: the places' counts differ from the city's", bad.stdout)
        self.assertIn("administered", bad.stdout)
        # The equity across places and each place's first-reached dates are its values'.
        self.assertIn("ok: places: the range, ratio and Gini index across places agree", good.stdout)
        self.assertIn("and the day it first reached the target with its daily values", good.stdout)
        for tamper, problem in (
                (lambda h5: h5["places/equity_gini"].__setitem__((200, 0), h5["places/equity_gini"][200, 0] + 0.01),
                 "PROBLEM: the equity across places disagrees with the places' values"),
                (lambda h5: h5["places/target_first_reached"].__setitem__((1, 0), b"2021-12-31"),
                 "PROBLEM: a place's target verdict or first-reached date disagrees with its numbers")):
            fresh = os.path.join(self.tmp.name, "places-fresh.h5")
            self.assertEqual(run("run", os.path.join(SOURCE, "tests/data/two-places.yaml"), "-q", "-o", fresh, "--force").returncode, 0)
            with h5py.File(fresh, "r+") as h5:
                tamper(h5)
            bad = run("check", fresh)
            self.assertEqual(bad.returncode, 1, bad.stdout)
            self.assertIn(problem, bad.stdout)

    def test_places_plan_checks_read_by_h5py_add_up_and_are_checked(self):
        # Since 2.10: each place's quarterly plan check, a row per /plan_check row.
        out = os.path.join(self.tmp.name, "districts.h5")
        result = run("run", os.path.join(SOURCE, "scenarios/seoul-2021-districts.yaml"), "-o", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        with h5py.File(out, "r") as h5:
            planned = h5["places/plan_planned"][:]
            started = h5["places/plan_started_in_quarter"][:]
            self.assertEqual(planned.shape, (25, h5["plan_check/planned"].shape[0]))
            np.testing.assert_array_equal(started.sum(axis=0), h5["plan_check/started_in_quarter"][:])
            # Each place rounds its own uptake: the plan counts agree to within a person a place.
            self.assertLess(np.abs(planned.sum(axis=0) - h5["plan_check/planned"][:]).max(), 25)
            np.testing.assert_array_equal(h5["places/plan_met"][:], (started >= planned).astype(np.int64))
            groups = [g.decode() for g in h5["plan_check/group"][:]]
            row = groups.index("disability_homeless_facilities")
            self.assertEqual(int((h5["places/plan_met"][:, row] == 0).sum()), 7)
        good = run("check", out)
        self.assertEqual(good.returncode, 0, good.stdout)
        self.assertIn("ok: places: each place's plan check agrees with its numbers", good.stdout)
        with h5py.File(out, "r+") as h5:
            h5["places/plan_started_in_quarter"][3, 0] += 1  # a place started one the city did not
        bad = run("check", out)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("PROBLEM: the places' plan checks differ from the city's", bad.stdout)

    def test_a_group_newer_than_the_files_minor_is_not_read(self):
        # Found by the results fuzzer: a file saying 2.4 with /places (2.5) made the reader
        # look for the places' dimension, which a 2.4 layout has none of. It is read as a
        # 2.4 file: without places.
        out = os.path.join(self.tmp.name, "old-minor.h5")
        self.assertEqual(run("run", os.path.join(SOURCE, "tests/data/two-places.yaml"), "-o", out).returncode, 0)
        with h5py.File(out, "r+") as h5:
            h5.attrs["format_version"] = np.array([2, 4], dtype=np.int64)
        for command in (("check", out), ("report", out, "-o", out + ".html"), ("export", out, "--csv", out + ".csv")):
            result = run(*command)
            self.assertIn(result.returncode, (0, 1), result.stderr)
            self.assertNotIn("results/format.hpp", result.stdout + result.stderr)
        with open(out + ".html", encoding="utf-8") as f:
            self.assertNotIn("<h2>Places</h2>", f.read())

    def test_hospital_load_read_by_h5py_and_checked(self):
        out = os.path.join(self.tmp.name, "epidemic.h5")
        result = run("run", os.path.join(SOURCE, "scenarios/seoul-2021-epidemic.yaml"), "-o", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Hospital load (expected people in bed; 2,000 ward beds, 200 ICU beds)", result.stdout)
        with h5py.File(out, "r") as h5:
            self.assertEqual(list(h5.attrs["format_version"]), [2, 10])
            days = h5["calendar/date"].shape[0]
            self.assertEqual((h5["epidemic/hospital/beds"][()], h5["epidemic/hospital/icu_beds"][()]), (2000, 200))
            for group in ("epidemic", "epidemic/counterfactual"):
                hosp, load = h5[group], h5[group + "/hospital"]
                self.assertEqual(load["admissions"].shape, (days, 16))
                # Dated admissions and deaths, with what falls after the end, are the
                # outcomes counted by day of infection, band by band.
                np.testing.assert_allclose(load["admissions"][:].sum(axis=0) + load["admissions_after_end"][:],
                                           hosp["hospitalisations"][:].sum(axis=0), rtol=1e-9, atol=1e-9)
                np.testing.assert_allclose(load["deaths_by_date"][:].sum(axis=0) + load["deaths_after_end"][:],
                                           hosp["deaths"][:].sum(axis=0), rtol=1e-9, atol=1e-9)
                ward, icu = load["ward_occupancy"][:], load["icu_occupancy"][:]
                self.assertEqual(ward.shape, (days,))
                self.assertTrue((ward >= 0).all() and (icu >= 0).all())
                self.assertGreater(ward.max(), 0)
                self.assertEqual(load["days_over_beds"][()], int((ward > 2000).sum()))
                self.assertEqual(load["days_over_icu_beds"][()], int((icu > 200).sum()))
            # The summary's peak is the series' peak, on its date.
            ward = h5["epidemic/hospital/ward_occupancy"][:]
            peak_date = h5["calendar/date"][int(ward.argmax())].decode()
            line = next(l for l in result.stdout.splitlines() if l.strip().startswith("peak in ward beds"))
            self.assertIn(f"{round(ward.max()):,} on {peak_date}", line)
        good = run("check", out)
        self.assertEqual(good.returncode, 0, good.stdout)
        self.assertIn("the days over capacity are the days the occupancy is above the beds", good.stdout)
        with h5py.File(out, "r+") as h5:
            h5["epidemic/hospital/days_over_icu_beds"][()] = 999
            h5["epidemic/counterfactual/hospital/admissions"][50, 15] += 10
        bad = run("check", out)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("PROBLEM: epidemic: the days over capacity disagree with the occupancy", bad.stdout)
        self.assertIn("PROBLEM: epidemic without vaccination: admissions or deaths by date do not add up", bad.stdout)

    def test_epidemic_on_decade_bands_read_by_h5py_and_checked(self):
        # The shipped epidemic on decades with 70+: one column per band, labelled, with each
        # band's youngest age; the five-year populations summed per band; vaxsim check passes.
        out = os.path.join(self.tmp.name, "decades.h5")
        decades = "[0-9, 10-19, 20-29, 30-39, 40-49, 50-59, 60-69, 70+]"
        result = run("run", os.path.join(SOURCE, "scenarios/seoul-2021-epidemic.yaml"),
                     "--set", "epidemic.bands=" + decades, "-o", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Epidemic (SEIR, 8 age bands", result.stdout)
        self.assertIn("age bands 0-9, 10-19, 20-29, 30-39, 40-49, 50-59, 60-69, 70+", result.stdout)
        with h5py.File(out, "r") as h5:
            labels = [b.decode() for b in h5["epidemic/band"][:]]
            self.assertEqual(labels, ["0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70+"])
            self.assertEqual(list(h5["epidemic/band_min_age"][:]), [0, 10, 20, 30, 40, 50, 60, 70])
            self.assertEqual(list(h5["epidemic/population"][:]),
                             [680764, 855072, 1552312, 1552312, 1552312, 1433334, 1186666, 1098331])
            days = h5["calendar/date"].shape[0]
            for group in ("epidemic", "epidemic/counterfactual"):
                self.assertEqual(h5[group + "/deaths"].shape, (days, 8))
                self.assertEqual(h5[group + "/hospital/admissions"].shape, (days, 8))
            np.testing.assert_allclose(h5["epidemic/doses_moved"][:] + h5["epidemic/doses_after_end"][:],
                                       h5["epidemic/doses_given"][:], rtol=1e-9)
        good = run("check", out)
        self.assertEqual(good.returncode, 0, good.stdout)
        self.assertIn("every dose of each series given in the rollout moved people", good.stdout)

    def test_places_given_their_listed_deliveries(self):
        # Rule listed: each place receives its rows of the file a day later (the lag); the
        # city's deliveries are the rows added up; another rule shares the same totals.
        scenario = os.path.join(SOURCE, "tests/data/two-places-listed.yaml")
        described = run("check", scenario)
        self.assertEqual(described.returncode, 0, described.stderr)
        self.assertIn("supply shared as each place's deliveries were listed, transfer lag 1 d", described.stdout)
        self.assertIn("supply in the run 9,700 doses", described.stdout)
        out = os.path.join(self.tmp.name, "listed.h5")
        result = run("run", scenario, "-q", "-o", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(run("check", out).returncode, 0)
        rows = {}
        with open(os.path.join(SOURCE, "tests/data/two-places-deliveries.csv"), encoding="utf-8") as f:
            for line in f.read().splitlines()[1:]:
                day, place, _, doses = line.split(",")
                rows[(day, place)] = rows.get((day, place), 0) + int(doses)
        with h5py.File(out, "r") as h5:
            self.assertEqual(h5["places/rule"][()].decode(), "listed")
            dates = [d.decode() for d in h5["calendar/date"][:]]
            places = [x.decode() for x in h5["places/id"][:]]
            got = h5["places/deliveries"][()]  # [day, place, product]
            city = h5["daily/deliveries"][()]
            np.testing.assert_array_equal(got.sum(axis=1), city)
            for (day, place), doses in rows.items():
                arrive = dates.index(day) + 1
                self.assertEqual(got[arrive, places.index(place), 0], doses, (day, place))
            self.assertEqual(city.sum(), sum(rows.values()))
        shared = os.path.join(self.tmp.name, "shared.h5")
        self.assertEqual(run("run", scenario, "-q", "-o", shared, "--set", "place_supply.rule=population").returncode, 0)
        with h5py.File(shared, "r") as h5, h5py.File(out, "r") as listed:
            np.testing.assert_array_equal(h5["daily/deliveries"][()], listed["daily/deliveries"][()])
            # 3,000 on 03-01 to two places of equal people: 1,500 each, not 1,800 and 1,200.
            self.assertEqual(list(h5["places/deliveries"][1, :, 0]), [1500, 1500])

    def test_rebalancing_moves_stock_between_places_and_nets_out(self):
        # Shares that send every dose east leave west waiting: weekly rebalancing moves
        # east's unused stock to west; the moves net out for the city every day.
        scenario = os.path.join(SOURCE, "tests/data/two-places.yaml")
        out = os.path.join(self.tmp.name, "rebalanced.h5")
        result = run("run", scenario, "-o", out, "--set", "place_supply.rule=shares",
                     "--set", "place_supply.shares=[{from: 2021-02-01, shares: {east: 1, west: 0}}]",
                     "--set", "place_supply.rebalance_every_days=7")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Rebalancing every 7 d:", result.stdout)
        with h5py.File(out, "r") as h5:
            self.assertEqual(h5["places/rebalance_every_days"][()], 7)
            moved_in, moved_out = h5["places/moved_in"][()], h5["places/moved_out"][()]
            np.testing.assert_array_equal(moved_in.sum(axis=1), moved_out.sum(axis=1))
            self.assertGreater(moved_in[:, 1, :].sum(), 0)   # west receives
            self.assertEqual(moved_in[:, 0, :].sum(), 0)     # east only gives
            days = np.nonzero(moved_in.sum(axis=(1, 2)))[0]
            self.assertTrue((days % 7 == 0).all(), days)
        self.assertEqual(run("check", out).returncode, 0)
        with h5py.File(out, "r+") as h5:
            day = int(days[0])
            h5["places/moved_in"][day, 1, :] += 1
        bad = run("check", out)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("moved into places", bad.stdout)

    def test_compare_shows_the_places_under_each_rule(self):
        scenario = os.path.join(SOURCE, "tests/data/two-places.yaml")
        need, people = os.path.join(self.tmp.name, "need.h5"), os.path.join(self.tmp.name, "people.h5")
        self.assertEqual(run("run", scenario, "-q", "-o", need).returncode, 0)
        self.assertEqual(run("run", scenario, "-q", "-o", people, "--set", "place_supply.rule=population").returncode, 0)
        table = os.path.join(self.tmp.name, "cmp.csv")
        result = run("compare", need, people, "--csv", table)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("set place_supply.rule=population", result.stdout)
        lines = [l for l in result.stdout.splitlines() if "across 2 places:" in l]
        self.assertEqual(len(lines), 2 * 6)  # two runs, six coverage targets
        with open(table, encoding="utf-8") as f:
            rows = [l.split(",") for l in f.read().splitlines()[1:]]
        gini = {(r[3], r[1]): float(r[6]) for r in rows if r[5] == "places_gini"}
        with h5py.File(need, "r") as h5:
            ids = [x.decode() for x in h5["targets/id"][:]]
            deadline = [x.decode() for x in h5["targets/deadline"][:]]
            dates = [x.decode() for x in h5["calendar/date"][:]]
            k = ids.index("adults_70pct_first_dose")
            self.assertAlmostEqual(gini[("need", ids[k])], h5["places/equity_gini"][dates.index(deadline[k]), k], places=6)
            first_reached = [[x.decode() for x in row] for row in h5["places/target_first_reached"][()]]
        # The city's rows have no place; the spread's change is the other run's less the base's.
        self.assertTrue(all(len(r) == 9 for r in rows), rows[:3])
        gini_change = {r[3]: r[7] for r in rows if r[5] == "places_gini" and r[1] == ids[k]}
        self.assertEqual(gini_change["need"], "0.000000")
        self.assertAlmostEqual(float(gini_change["people"]), gini[("people", ids[k])] - gini[("need", ids[k])], places=5)
        # Each place's rows: its target as in the file, and its plan rows adding up to the city's.
        reached = {(r[3], r[8]): (r[6], r[7]) for r in rows if r[0] == "target" and r[1] == ids[k] and r[5] == "first_reached" and r[8]}
        self.assertEqual(set(reached), {(run_name, p) for run_name in ("need", "people") for p in ("east", "west")})
        self.assertEqual(reached[("need", "east")], (first_reached[0][k], "0"))
        self.assertEqual(reached[("need", "west")], (first_reached[1][k], "0"))
        started = {}
        for r in rows:
            if r[0] == "plan" and r[5] == "started":
                key = (r[1], r[2], r[3])
                started.setdefault(key, [None, 0])
                if r[8]:
                    started[key][1] += int(r[6])
                else:
                    started[key][0] = int(r[6])
        self.assertTrue(started)
        for key, (city, places) in started.items():
            self.assertEqual(city, places, key)

    def test_run_from_an_initial_state(self):
        # The Seoul plan from 2021-08-01: the opening balance is in the file, and every
        # cumulative series is it plus the days' movements (h5py only, no vaxsim reader).
        out = os.path.join(self.tmp.name, "august.h5")
        scenario = os.path.join(SOURCE, "scenarios/seoul-2021-from-august.yaml")
        self.assertEqual(run("run", scenario, "-o", out, "-q").returncode, 0)
        self.assertEqual(run("check", out).returncode, 0)
        with h5py.File(out, "r") as h5:
            self.assertEqual(h5["initial/as_of"][()].decode(), "2021-07-31")
            self.assertEqual(h5["calendar/date"][0].decode(), "2021-08-01")
            initial = h5["initial/doses"][()]  # [G, P, K]
            doses = h5["daily/doses"][()]      # [D, G, P, K]
            self.assertEqual(initial.shape, doses.shape[1:])
            self.assertGreater(initial[:, :, 0].sum(), 3_000_000)
            first = h5["daily/first_dose_people"][()]
            np.testing.assert_array_equal(first, initial[:, :, 0].sum(axis=1) + doses[:, :, :, 0].sum(axis=2).cumsum(axis=0))
            stock = h5["daily/stock"][()]
            inflow = h5["initial/stock"][()] + (h5["daily/deliveries"][()] + h5["daily/extracted"][()] + h5["daily/imported"][()]).cumsum(axis=0)
            outflow = (h5["daily/administered"][()] + h5["daily/wasted"][()] + h5["daily/exported"][()]).cumsum(axis=0)
            np.testing.assert_array_equal(inflow, outflow + stock)
            self.assertGreater(h5["initial/replaced_deliveries"][()].sum(), 0)
        # A run from nothing has an empty as_of and zeros.
        plain = os.path.join(self.tmp.name, "plan.h5")
        self.assertEqual(run("run", self.plan, "-o", plain, "-q", "--force").returncode, 0)
        with h5py.File(plain, "r") as h5:
            self.assertEqual(h5["initial/as_of"][()].decode(), "")
            self.assertEqual(h5["initial/doses"][()].sum(), 0)
            self.assertEqual(h5["initial/stock"][()].sum(), 0)

    def test_initial_state_tool_reproduces_the_shipped_state(self):
        # scenarios/tools/initial_state_from_run.py, run as the August what-if's comment
        # says, writes exactly the initial_state that scenario ships.
        plain = os.path.join(self.tmp.name, "plan.h5")
        self.assertEqual(run("run", self.plan, "-o", plain, "-q").returncode, 0)
        tool = subprocess.run([sys.executable, os.path.join(SOURCE, "scenarios/tools/initial_state_from_run.py"),
                               plain, "2021-07-31", "--month-days", "7"], capture_output=True, text=True)
        self.assertEqual(tool.returncode, 0, tool.stderr)
        with open(os.path.join(SOURCE, "scenarios/seoul-2021-from-august.yaml"), encoding="utf-8") as f:
            text = f.read()
        shipped = text[text.index("  initial_state:\n"):].splitlines()
        written = ["  " + line for line in tool.stdout.splitlines()]
        self.assertEqual(shipped[:len(written)], written)
        self.assertGreater(len(written), 5)
        # A day outside the run is refused.
        bad = subprocess.run([sys.executable, os.path.join(SOURCE, "scenarios/tools/initial_state_from_run.py"),
                              plain, "2022-01-01"], capture_output=True, text=True)
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("is not a day of the run", bad.stderr)

    def test_usage_errors(self):
        self.assertEqual(run("frobnicate").returncode, 2)
        self.assertEqual(run("run").returncode, 2)
        self.assertEqual(run("run", "/nonexistent.yaml").returncode, 2)
        self.assertEqual(run("version").returncode, 0)


def datasets(h5, prefix=""):
    """Every dataset below a group, by path."""
    out = {}
    h5.visititems(lambda name, obj: out.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
    return out


def assert_same_datasets(test, path_a, path_b):
    """Every dataset equal: numbers byte for byte (dtype, shape and bytes), strings by value."""
    with h5py.File(path_a, "r") as a, h5py.File(path_b, "r") as b:
        da, db = datasets(a), datasets(b)
        test.assertEqual(sorted(da), sorted(db))
        for name in da:
            x, y = np.asarray(da[name]), np.asarray(db[name])
            test.assertEqual((x.dtype, x.shape), (y.dtype, y.shape), name)
            if x.dtype == object:
                test.assertTrue((x == y).all(), name)
            else:
                test.assertEqual(x.tobytes(), y.tobytes(), name)
        return len(da)


@unittest.skipUnless(os.environ.get("VAXSIM_MPI") == "1", "vaxsim was built without MPI")
class MpiSweep(unittest.TestCase):
    def test_two_ranks_write_the_serial_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            sweep = os.path.join(SOURCE, "tests/data/tiny.sweep.yaml")
            serial, ranks = os.path.join(tmp, "serial.h5"), os.path.join(tmp, "mpi.h5")
            self.assertEqual(run("sweep", sweep, "-o", serial, "-j", "1").returncode, 0)
            result = subprocess.run(["mpirun", "--allow-run-as-root", "--oversubscribe", "-n", "2",
                                     VAXSIM, "sweep", sweep, "-o", ranks],
                                    capture_output=True, text=True, timeout=300)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertIn("(on 2 MPI ranks)", result.stdout)
            self.assertEqual(result.stdout.count("results written"), 1)  # rank 0 alone writes
            self.assertGreater(assert_same_datasets(self, serial, ranks), 40)
            self.assertEqual(sorted(os.listdir(tmp)), ["mpi.h5", "serial.h5"])  # no journals left

    def test_interrupted_mpi_sweep_exits_130_and_a_plain_rerun_names_its_journals(self):
        for sig in (signal.SIGINT, signal.SIGHUP):
            with self.subTest(signal=sig.name), tempfile.TemporaryDirectory() as tmp:
                base = os.path.join(tmp, "tiny-uncertain.yaml")
                with open(os.path.join(SOURCE, "tests/data/tiny-uncertain.yaml")) as src, open(base, "w") as dst:
                    dst.write(src.read())
                big = os.path.join(tmp, "big.sweep.yaml")
                with open(big, "w") as f:
                    f.write("name: big\nscenario: tiny-uncertain.yaml\nreplicates: 20000\n"
                            "samples: {count: 4, parameters: {capacity.periods.0.doses_per_day: {uniform_int: [300, 500]}}}\n")
                out = os.path.join(tmp, "big.h5")
                mpi = ["mpirun", "--allow-run-as-root", "--oversubscribe", "-n", "2", VAXSIM, "sweep", big, "-o", out]
                code, err = start_and_interrupt(mpi, out + ".journal.0of2", sig, popen=children)
                self.assertEqual(code, 130, err)
                journals = [out + ".journal.0of2", out + ".journal.1of2"]
                self.assertEqual(sorted(os.listdir(tmp)), ["big.h5.journal.0of2", "big.h5.journal.1of2",
                                                           "big.sweep.yaml", "tiny-uncertain.yaml"])
                # A plain rerun, in one process or on two ranks, sees the ranks' journals.
                for again in (run("sweep", big, "-o", out),
                              subprocess.run(mpi, capture_output=True, text=True, timeout=300)):
                    self.assertEqual(again.returncode, 1, again.stderr)
                    self.assertIn(f"journals '{journals[0]}', '{journals[1]}' exist: add --resume to "
                                  "finish it (under mpirun -n 2, as it was run), or --force", again.stderr)
                # Resumed on two ranks, the file is the serial file.
                resumed = subprocess.run(mpi + ["--resume"], capture_output=True, text=True, timeout=600)
                self.assertEqual(resumed.returncode, 0, resumed.stderr)
                serial = os.path.join(tmp, "serial.h5")
                self.assertEqual(run("sweep", big, "-o", serial).returncode, 0)
                assert_same_datasets(self, serial, out)
                self.assertEqual(sorted(os.listdir(tmp)), ["big.h5", "big.sweep.yaml", "serial.h5", "tiny-uncertain.yaml"])

    def test_a_plain_run_does_not_load_mpi(self):
        # MPI lives in a module loaded under a launcher only: the program itself does not
        # link it (the two-rank test above shows the module is found and used).
        linked = subprocess.run(["ldd", VAXSIM], capture_output=True, text=True).stdout
        self.assertNotIn("libmpi", linked)
        self.assertTrue(os.path.exists(os.path.join(os.path.dirname(VAXSIM), "libvaxsim_mpi.so")))


class SweepCommand(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.sweep = os.path.join(SOURCE, "tests/data/tiny.sweep.yaml")

    def tearDown(self):
        self.tmp.cleanup()

    def test_same_file_at_any_thread_count(self):
        one, two = os.path.join(self.dir, "one.h5"), os.path.join(self.dir, "two.h5")
        for out, jobs in ((one, "1"), (two, "2")):
            result = run("sweep", self.sweep, "-o", out, "-j", jobs)
            self.assertEqual(result.returncode, 0, result.stderr)
        assert_same_datasets(self, one, two)
        with h5py.File(one, "r") as a:
            self.assertEqual(a.attrs["filetype"], "vaxsim-sweep")
            outcomes = a["runs/outcomes"][()]
            self.assertEqual(outcomes.shape, (60,))
            self.assertEqual(outcomes["target_met"].shape, (60, 2))
            self.assertEqual(a["summary/by_grid_point/p_met"].shape, (2, 2))
            self.assertEqual(a["daily/run_59/first_dose_people"].shape, (61, 2))
            # P(met) is the share of runs that met the target.
            np.testing.assert_allclose(a["summary/p_met"][()], outcomes["target_met"].mean(axis=0))

    def test_printed_summary_matches_file(self):
        out = os.path.join(self.dir, "s.h5")
        result = run("sweep", self.sweep, "-o", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        found = re.findall(r"^  all runs: P\(met\) ([\d.]+)% .*?([\d,]+)/([\d,]+)\)", result.stdout, re.M)
        with h5py.File(out, "r") as h5:
            self.assertEqual(len(found), len(h5["summary/p_met"]))
            for (pct, met, n), p, runs_met in zip(found, h5["summary/p_met"][()], h5["summary/runs_met"][()]):
                self.assertAlmostEqual(float(pct), round(100 * p, 1))
                self.assertEqual(number(met), runs_met)
        self.assertFalse(os.path.exists(out + ".journal"))

    def test_export_gives_each_runs_inputs_and_dates(self):
        out = os.path.join(self.dir, "s.h5")
        self.assertEqual(run("sweep", self.sweep, "-o", out, "-q").returncode, 0)
        folder = os.path.join(self.dir, "csv")
        self.assertEqual(run("export", out, "--csv", folder).returncode, 0)
        with open(os.path.join(folder, "runs.csv"), encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        start = datetime.date(2021, 3, 1)  # tiny-uncertain.yaml's
        with h5py.File(out, "r") as h5:
            outcomes = h5["runs/outcomes"][()]
        # Each run's grid word and drawn capacity, as the run used them; its first-reached
        # day as a date (an empty cell for never).
        self.assertEqual({r["policy.second_dose_reserve"] for r in rows}, {"hold_second_doses", "none"})
        self.assertTrue(all(200 <= float(r["capacity.periods.0.doses_per_day"]) <= 600 for r in rows))
        for r in rows:
            day = int(r["first_reached_day"])
            self.assertEqual(r["first_reached"],
                             "" if day < 0 else (start + datetime.timedelta(days=day)).isoformat())
        self.assertEqual(len(rows), outcomes.shape[0] * 2)
        # A grid point's runs all set its word; a sample's runs share their capacity.
        by_sample = {}
        for r in rows:
            by_sample.setdefault((r["grid_point"], r["sample"]), set()).add(
                (r["policy.second_dose_reserve"], r["capacity.periods.0.doses_per_day"]))
        self.assertTrue(all(len(v) == 1 for v in by_sample.values()))

    def write_fixed_scenario(self):
        """fixed.yaml in the test's folder: tiny-uncertain.yaml with nothing uncertain (no
        supply delays or shortfalls, a fixed uptake), so every future is the same run."""
        with open(os.path.join(SOURCE, "tests/data/tiny-uncertain.yaml"), encoding="utf-8") as f:
            fixed = f.read().replace(
                "      uncertainty:\n        delay_days: {uniform_int: [0, 14]}\n"
                "        shortfall: {uniform: [0, 0.4]}\n", "").replace(
                "uptake: {uniform: [0.5, 0.9]}", "uptake: 0.7")
        self.assertNotIn("uniform", fixed)
        with open(os.path.join(self.dir, "fixed.yaml"), "w", encoding="utf-8") as f:
            f.write(fixed)

    @staticmethod
    def t_upper_quantile(df, tail):
        """t with P(T > t) = tail for Student's t: the density integrated (Simpson, from 0)
        and bisected, independently of the program's Boost.Math."""
        c = math.gamma((df + 1) / 2) / (math.sqrt(df * math.pi) * math.gamma(df / 2))
        density = lambda x: c * (1 + x * x / df) ** (-(df + 1) / 2)
        def above(t, steps=20000):
            h = t / steps
            area = density(0) + density(t) + sum((4 if i % 2 else 2) * density(i * h) for i in range(1, steps))
            return 0.5 - area * h / 3
        lo, hi = 0.0, 100.0
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if above(mid) > tail else (lo, mid)
        return (lo + hi) / 2

    def test_how_large_an_effect_chance_alone_gives_recomputed_from_the_runs(self):
        # /sensitivity/noise_days, worked out again from each run's first-reached day.
        out = os.path.join(self.dir, "s.h5")
        self.assertEqual(run("sweep", self.sweep, "-o", out, "-q").returncode, 0)
        with h5py.File(out, "r") as h5:
            days = 61  # tiny-uncertain.yaml's run: never reached counts as day 61
            first = h5["runs/outcomes"]["target_first_reached_day"][:, 0].astype(float)
            first = np.where(first < 0, days, first)
            grid, sample = h5["runs/grid_point"][()], h5["runs/sample"][()]
            samples = h5["sweep"].attrs["samples"]
            point_value = h5["parameters/point_value"][()]
            ranked = [p.decode() for p in h5["sensitivity/parameter"][()]]
            effect, noise = h5["sensitivity/effect_days"][()], h5["sensitivity/noise_days"][()]
            low = [v.decode() for v in h5["sensitivity/earliest_value"][()]]
        # The reserve (a grid of two values): each future (sample, replicate) is a unit, its
        # runs at the two values differing in the reserve alone; one pair of values, so t
        # at 0.025 with futures - 1 degrees of freedom.
        r = ranked.index("policy.second_dose_reserve")
        lo_point = 0 if low[r] == "hold_second_doses" else 1
        d = first[grid == 1 - lo_point] - first[grid == lo_point]
        self.assertAlmostEqual(effect[r], d.mean(), places=9)
        expected = self.t_upper_quantile(len(d) - 1, 0.025) * d.std(ddof=1) / math.sqrt(len(d))
        self.assertAlmostEqual(noise[r], expected, places=5)
        # Capacity (sampled, 10 samples in fifths): each sample by its mean over the grid
        # points and replicates; the spread within a fifth pooled; 10 pairs of fifths.
        r = ranked.index("capacity.periods.0.doses_per_day")
        value = [point_value[s, 1] for s in range(samples)]  # grid point 0's samples
        edges = sorted(value)[2::2][:4]
        fifth = [sum(v >= e for e in edges) for v in value]
        mean = [first[sample == s].mean() for s in range(samples)]
        by = {k: [mean[s] for s in range(samples) if fifth[s] == k] for k in set(fifth)}
        run_mean = {k: first[np.isin(sample, [s for s in range(samples) if fifth[s] == k])].mean() for k in by}
        lo, hi = min(by, key=run_mean.get), max(by, key=run_mean.get)
        self.assertAlmostEqual(effect[r], run_mean[hi] - run_mean[lo], places=9)
        within = sum(((np.array(v) - np.mean(v)) ** 2).sum() for v in by.values())
        df = samples - len(by)
        expected = self.t_upper_quantile(df, 0.025 / 10) * math.sqrt(
            within / df * (1 / len(by[lo]) + 1 / len(by[hi])))
        self.assertAlmostEqual(noise[r], expected, places=5)
        # The report weighs each effect against it.
        page = os.path.join(self.dir, "s.html")
        self.assertEqual(run("report", out, "-o", page).returncode, 0)
        with open(page, encoding="utf-8") as f:
            html = f.read()
        self.assertIn("chance alone, up to", html)
        self.assertEqual(html.count("within chance: no clear effect"),
                         sum(0 < n and e <= n for e, n in zip(effect, noise)))

    def test_a_grid_margin_takes_the_future_as_its_unit(self):
        # Two grid parameters on a random rollout: the runs of one future at the other
        # parameter's values share its draws, so each future counts once, by its
        # difference averaged over them (not as 3 pairs, nor 2).
        sweep = os.path.join(self.dir, "two.sweep.yaml")
        with open(sweep, "w", encoding="utf-8") as f:
            f.write("name: two\nscenario: " + os.path.join(SOURCE, "tests/data/tiny-uncertain.yaml") +
                    "\ngrid:\n  policy.second_dose_reserve: [hold_second_doses, none]\n"
                    "  capacity.periods.0.doses_per_day: [250, 400, 550]\nreplicates: 12\n")
        out = os.path.join(self.dir, "two.h5")
        self.assertEqual(run("sweep", sweep, "-o", out, "-q").returncode, 0)
        with h5py.File(out, "r") as h5:
            first = h5["runs/outcomes"]["target_first_reached_day"][:, 0].astype(float)
            ranked = [p.decode() for p in h5["sensitivity/parameter"][()]]
            effect, noise = h5["sensitivity/effect_days"][()], h5["sensitivity/noise_days"][()]
        day = np.where(first < 0, 61, first).reshape(2, 3, 12)  # [reserve][capacity][future]
        for path, axis, k in (("policy.second_dose_reserve", 0, 2), ("capacity.periods.0.doses_per_day", 1, 3)):
            means = day.mean(axis=(1 - axis, 2))
            lo, hi = int(np.argmin(means)), int(np.argmax(means))
            per_future = (np.take(day, hi, axis=axis) - np.take(day, lo, axis=axis)).mean(axis=0)
            r = ranked.index(path)
            self.assertAlmostEqual(effect[r], per_future.mean(), places=9, msg=path)
            expected = self.t_upper_quantile(11, 0.025 / (k * (k - 1) / 2)) * per_future.std(ddof=1) / math.sqrt(12)
            self.assertAlmostEqual(noise[r], expected, places=5, msg=path)

    def test_nothing_is_put_down_to_chance_where_nothing_is_drawn(self):
        # A scenario without uncertain inputs on a grid of two parameters: every effect is
        # exact, whatever the other parameter does to it.
        self.write_fixed_scenario()
        # One future, or several (replicates of a fixed rollout differ alike).
        for replicates in ("", "replicates: 3\n"):
            sweep = os.path.join(self.dir, "grid.sweep.yaml")
            with open(sweep, "w", encoding="utf-8") as f:
                f.write("name: g\nscenario: fixed.yaml\ngrid:\n"
                        "  policy.second_dose_reserve: [hold_second_doses, none]\n"
                        "  capacity.periods.0.doses_per_day: [150, 250, 400]\n" + replicates)
            out = os.path.join(self.dir, "g.h5")
            result = run("sweep", sweep, "-o", out, "--force")
            self.assertEqual(result.returncode, 0, result.stderr)
            with h5py.File(out, "r") as h5:
                effect, noise = h5["sensitivity/effect_days"][()], h5["sensitivity/noise_days"][()]
            self.assertTrue(all(n == 0 for n in noise), (replicates, noise))
            self.assertTrue(any(e > 0 for e in effect), effect)
            self.assertNotIn("chance", result.stdout)

    def test_a_bad_thread_count_is_a_usage_error_even_over_an_existing_output(self):
        out = os.path.join(self.dir, "s.h5")
        with open(out, "w") as f:
            f.write("kept")
        result = run("sweep", self.sweep, "-o", out, "-j", "0")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("-j takes 1 to", result.stderr)
        with open(out) as f:
            self.assertEqual(f.read(), "kept")

    def test_check_lists_what_a_sweep_varies_and_warns_of_replicates_alike(self):
        result = run("check", self.sweep)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("varies second dose reserve (policy.second_dose_reserve): hold_second_doses, none",
                      result.stdout)
        self.assertIn("varies capacity period 0 (from 2021-03-01) doses/day "
                      "(capacity.periods.0.doses_per_day): uniform_int [200, 600]", result.stdout)
        self.assertNotIn("replicates of each point", result.stdout)  # it has uncertain inputs
        # Without them, every replicate of a point is the same run: said by check and sweep.
        self.write_fixed_scenario()
        sweep = os.path.join(self.dir, "fixed.sweep.yaml")
        with open(sweep, "w", encoding="utf-8") as f:
            f.write("name: f\nscenario: fixed.yaml\nreplicates: 3\n")
        self.assertIn("the 3 replicates of each point are the same run", run("check", sweep).stdout)
        result = run("sweep", sweep, "-o", os.path.join(self.dir, "f.h5"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("warning: the scenario has no uncertain inputs", result.stderr)

    def test_a_trial_with_fewer_samples_or_replicates(self):
        # tiny.sweep.yaml: 2 grid points x 10 samples x 3 replicates, keep_daily [0, 59].
        trial = os.path.join(self.dir, "trial.h5")
        result = run("sweep", self.sweep, "-o", trial, "--samples", "2", "--replicates", "1", "-j", "1")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("4 runs (2 grid points x 2 samples x 1 replicates)", result.stdout)
        self.assertIn("warning: keep_daily: with --samples 2 --replicates 1, its numbers name this "
                      "trial's runs, not the whole sweep's (a run number is another point and future "
                      "here); the runs beyond the trial's 4 are not made and not kept: 59", result.stderr)
        with h5py.File(trial, "r") as h5:
            self.assertEqual(h5["runs/outcomes"].shape, (4,))
            self.assertEqual((h5["sweep"].attrs["samples"], h5["sweep"].attrs["replicates"]), (2, 1))
            self.assertIn("--samples 2 --replicates 1", h5.attrs["command_line"].decode()
                          if isinstance(h5.attrs["command_line"], bytes) else h5.attrs["command_line"])
        # The file's own counts given on the command line: the same runs, to the bit.
        same, plain = os.path.join(self.dir, "same.h5"), os.path.join(self.dir, "plain.h5")
        self.assertEqual(run("sweep", self.sweep, "-o", same, "--samples", "10", "--replicates", "3").returncode, 0)
        self.assertEqual(run("sweep", self.sweep, "-o", plain).returncode, 0)
        with h5py.File(same, "r") as a, h5py.File(plain, "r") as b:
            self.assertEqual(a["runs/outcomes"][()].tobytes(), b["runs/outcomes"][()].tobytes())
        check = run("check", self.sweep, "--replicates", "1")
        self.assertEqual(check.returncode, 0, check.stderr)
        self.assertIn("a valid sweep: 20 runs (2 grid points x 10 samples x 1 replicates)", check.stdout)
        # A count out of range, --samples of a sweep that samples nothing, a sweep's counts
        # for a scenario, --set for a sweep: refused, nothing written.
        fixed = os.path.join(self.dir, "fixed.sweep.yaml")
        with open(fixed, "w", encoding="utf-8") as f:
            f.write(f"name: f\nscenario: {os.path.join(SOURCE, 'tests/data/tiny-uncertain.yaml')}\nreplicates: 3\n")
        for args, words in (
                (("sweep", self.sweep, "--replicates", "0"), "sweep: --replicates takes 1 to 10,000,000, got 0"),
                (("sweep", self.sweep, "--samples", "10000001"), "--samples takes 1 to 10,000,000"),
                (("sweep", fixed, "--samples", "5"), "this sweep samples nothing"),
                (("check", os.path.join(SOURCE, "tests/data/tiny-uncertain.yaml"), "--replicates", "2"),
                 "--samples and --replicates are for a sweep file"),
                (("check", self.sweep, "--set", "seed=3"), "a sweep varies its scenario's values itself"),
                (("check", plain, "--samples", "2"), "not a results file")):
            with self.subTest(args=args):
                out = os.path.join(self.dir, "refused.h5")
                refused = run(*args, *(("-o", out) if args[0] == "sweep" else ()))
                self.assertEqual(refused.returncode, 2, refused.stderr)
                self.assertIn(words, refused.stderr)
                self.assertFalse(os.path.exists(out))
                self.assertFalse(os.path.exists(out + ".journal"))

    def test_interrupt_keeps_finished_runs_and_resume_completes(self):
        base = os.path.join(self.dir, "tiny-uncertain.yaml")
        with open(os.path.join(SOURCE, "tests/data/tiny-uncertain.yaml")) as src, open(base, "w") as dst:
            dst.write(src.read())
        big = os.path.join(self.dir, "big.sweep.yaml")
        with open(big, "w") as f:
            f.write("name: big\nscenario: tiny-uncertain.yaml\nreplicates: 200000\n")
        out = os.path.join(self.dir, "big.h5")
        journal = out + ".journal"
        proc = subprocess.Popen([VAXSIM, "sweep", big, "-o", out, "-j", "2"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 60
        while time.time() < deadline and (not os.path.exists(journal) or os.path.getsize(journal) < 100000):
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 130, err)
        self.assertIn("--resume", err)
        self.assertFalse(os.path.exists(out))
        self.assertTrue(os.path.exists(journal))
        # Without --resume the journal is not thrown away.
        again = run("sweep", big, "-o", out)
        self.assertNotEqual(again.returncode, 0)
        self.assertIn("--resume", again.stderr)

        resumed = run("sweep", big, "-o", out, "--resume", "-j", "2")
        self.assertEqual(resumed.returncode, 0, resumed.stderr)
        self.assertIn("taken from the journal", resumed.stdout)
        self.assertFalse(os.path.exists(journal))

        fresh = os.path.join(self.dir, "fresh.h5")
        self.assertEqual(run("sweep", big, "-o", fresh, "-j", "2").returncode, 0)
        with h5py.File(out, "r") as a, h5py.File(fresh, "r") as b:
            self.assertEqual(a["runs/outcomes"][()].tobytes(), b["runs/outcomes"][()].tobytes())
            np.testing.assert_array_equal(a["runs/future"][()], b["runs/future"][()])

    def test_resume_refused_after_any_input_changed_or_a_record_corrupted(self):
        data = copy_data(os.path.join(self.dir, "data"))
        chain = os.path.join(data, "chain")
        sweep = os.path.join(chain, "chain.sweep.yaml")
        with open(sweep, "a") as f:
            f.write("samples: {count: 200, parameters: {capacity.periods.0.doses_per_day: {uniform_int: [300, 500]}}}\n")
        out = os.path.join(self.dir, "chain.h5")
        journal = out + ".journal"
        code, err = start_and_interrupt([VAXSIM, "sweep", sweep, "-o", out, "-j", "1"], journal, signal.SIGHUP, at_least=2000)
        self.assertEqual(code, 130, err)
        self.assertIn("--resume", err)
        # The sweep file, the root of the extends: chain two levels below top.yaml, the
        # supply CSV and the contact matrix: each change makes the journal another sweep's.
        for name, old, new in (("chain/chain.sweep.yaml", "name: chain", "name: chain2"),
                               ("chain/root.yaml", "doses_per_day: 400", "doses_per_day: 401"),
                               ("supply.csv", "2021-03-01,20", "2021-03-01,21"),
                               ("uniform_contacts.csv", "\n1,", "\n2,")):
            with self.subTest(changed=name):
                path = os.path.join(data, name)
                with open(path) as f:
                    text = f.read()
                with open(path, "w") as f:
                    f.write(text.replace(old, new, 1))
                refused = run("sweep", sweep, "-o", out, "--resume")
                with open(path, "w") as f:
                    f.write(text)
                self.assertEqual(refused.returncode, 1, refused.stderr)
                self.assertIn(f"the journal '{journal}' belongs to a different sweep", refused.stderr)
                self.assertTrue(os.path.exists(journal))
        # One flipped bit in the second record's values.
        with open(journal, "r+b") as f:
            size = os.path.getsize(journal)
            record = None
            header = 40
            f.seek(16)
            width = int.from_bytes(f.read(8), "little")
            record = 8 * (width + 2)
            self.assertGreaterEqual((size - header) // record, 2)
            f.seek(header + record + 8 * 4)
            byte = f.read(1)[0]
            f.seek(header + record + 8 * 4)
            f.write(bytes([byte ^ 0x40]))
        refused = run("sweep", sweep, "-o", out, "--resume")
        self.assertEqual(refused.returncode, 1, refused.stderr)
        self.assertIn(f"the sweep journal '{journal}' is corrupt: record 2 (at byte {header + record}) does not "
                      "match its checksum; its runs cannot be trusted: use --force to start over", refused.stderr)
        self.assertFalse(os.path.exists(out))
        # --force starts over; the file is that of an uninterrupted sweep.
        self.assertEqual(run("sweep", sweep, "-o", out, "--force").returncode, 0)
        fresh = os.path.join(self.dir, "fresh.h5")
        self.assertEqual(run("sweep", sweep, "-o", fresh).returncode, 0)
        assert_same_datasets(self, out, fresh)

    def test_check_and_sweep_refuse_every_bad_point_before_any_run(self):
        shutil_copy = os.path.join(self.dir, "tiny-uncertain.yaml")
        with open(os.path.join(SOURCE, "tests/data/tiny-uncertain.yaml")) as src, open(shutil_copy, "w") as dst:
            dst.write(src.read())
        cases = {
            # a bad value in the middle of a choice
            "middle": ("samples:\n  count: 4\n  parameters:\n"
                       "    policy.first_dose_allocation: {choice: [strict_priority, bogus, proportional]}\n",
                       "middle.sweep.yaml:6:5: error: policy.first_dose_allocation = bogus (one of its choices)"),
            # each value valid beside the first point's, the pair at point 3 not
            "pair": ("seed: 1\ngrid:\n  targets.all_30.deadline: [2021-04-30, 2021-03-20]\n"
                     "samples:\n  count: 2\n  parameters:\n    targets.all_30.since: {choice: [2021-03-01, 2021-03-25]}\n",
                     "pair.sweep.yaml:9:5: error: sweep point 3: targets.all_30.since = 2021-03-25: 'since' is after the deadline"),
        }
        for name, (body, message) in cases.items():
            with self.subTest(name):
                path = os.path.join(self.dir, name + ".sweep.yaml")
                with open(path, "w") as f:
                    f.write(f"name: {name}\nscenario: tiny-uncertain.yaml\n" + body)
                checked = run("check", path)
                swept = run("sweep", path, "-o", os.path.join(self.dir, name + ".h5"))
                for result in (checked, swept):
                    self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
                    self.assertIn(message, result.stderr)
                self.assertEqual(checked.stderr, swept.stderr)
                self.assertFalse([f for f in os.listdir(self.dir) if f.startswith(name + ".h5")])

    def test_thread_count_is_bounded(self):
        out = os.path.join(self.dir, "j.h5")
        for jobs in ("100000", "257", "0"):
            result = run("sweep", self.sweep, "-o", out, "-j", jobs)
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertIn(f"sweep: -j takes 1 to 256 worker threads, got {jobs}", result.stderr)
        self.assertEqual(os.listdir(self.dir), [])
        self.assertEqual(run("sweep", self.sweep, "-o", out, "-j", "256", "-q").returncode, 0)

    def test_journals_of_mpi_ranks_are_seen_and_force_removes_exactly_them(self):
        out = os.path.join(self.dir, "r.h5")
        ranks = [out + ".journal.0of2", out + ".journal.1of2"]
        others = [out + ".journal.notes", out + ".journal.0of2.bak", os.path.join(self.dir, "x.h5.journal")]
        for path in ranks + others:
            with open(path, "w") as f:
                f.write("journal")
        plain = run("sweep", self.sweep, "-o", out)
        self.assertEqual(plain.returncode, 1, plain.stderr)
        self.assertIn(f"an interrupted sweep's journals '{ranks[0]}', '{ranks[1]}' exist: add --resume to finish "
                      "it (under mpirun -n 2, as it was run), or --force to start over", plain.stderr)
        resumed = run("sweep", self.sweep, "-o", out, "--resume")
        self.assertEqual(resumed.returncode, 1, resumed.stderr)
        self.assertIn(f"the journals '{ranks[0]}', '{ranks[1]}' were written by 2 processes, not 1: resume it "
                      "(under mpirun -n 2, as it was run)", resumed.stderr)
        self.assertTrue(all(os.path.exists(p) for p in ranks + others))
        forced = run("sweep", self.sweep, "-o", out, "--force", "-q")
        self.assertEqual(forced.returncode, 0, forced.stderr)
        self.assertEqual(sorted(os.listdir(self.dir)), sorted(["r.h5"] + [os.path.basename(p) for p in others]))

    def test_progress_line_only_on_a_terminal(self):
        out = os.path.join(self.dir, "p.h5")
        quiet = run("sweep", self.sweep, "-o", out)
        self.assertEqual(quiet.stderr, "")  # not a terminal: no progress line
        # `script` gives the program a pseudo-terminal, as a person at a console has.
        shown = subprocess.run(["script", "-qec", f"{VAXSIM} sweep {self.sweep} -o {out} --force", "/dev/null"],
                               capture_output=True, text=True)
        self.assertEqual(shown.returncode, 0, shown.stdout)
        lines = shown.stdout.replace("\r", "\n").splitlines()
        progress = [line for line in lines if re.match(r"^sweep: [\d,]+/60 runs", line)]
        self.assertTrue(progress, shown.stdout)
        self.assertRegex(progress[-1], r"^sweep: 60/60 runs \(100%\), [\d,]+ runs/s, 0:00 left")

    def test_bad_sweep_file(self):
        bad = os.path.join(self.dir, "bad.sweep.yaml")
        with open(bad, "w") as f:
            f.write("name: bad\nscenario: %s\nreplicates: 0\n" % os.path.join(SOURCE, "tests/data/tiny-uncertain.yaml"))
        out = os.path.join(self.dir, "bad.h5")
        result = run("sweep", bad, "-o", out)
        self.assertEqual(result.returncode, 2)
        self.assertIn("bad.sweep.yaml:3:13: error: replicates: replicates must be from 1", result.stderr)
        self.assertEqual(sorted(os.listdir(self.dir)), ["bad.sweep.yaml"])


class LargeRunFile(unittest.TestCase):
    """A 1,000-group, 20-product, ten-year run: its daily series are chunked along days and
    compressed, so the file stays small and h5py reads any day without the rest."""

    def scenario(self):
        lines = ["name: large", "start: 2021-01-01", "end: 2031-01-01", "population:",
                 "  tiers: [A, B]", "  bands:"]
        lines += [f"    - {{id: b{b}, min_age: {10 * b}, max_age: {10 * b + 9}, count: 1000000}}"
                  for b in range(10)]
        lines.append("products:")
        for p in range(20):
            series = "doses: 1" if p % 3 == 0 else "doses: 2, interval_days: 28"
            lines.append(f"  - {{id: v{p}, {series}, supply: {{recurring: [{{from: 2021-01-01, "
                         f"to: 2030-12-31, every_days: 7, doses: 20000}}]}}}}")
        lines.append("capacity: {periods: [{from: 2021-01-01, doses_per_day: 30000}]}")
        lines.append("groups:")
        lines += [f"  - {{id: g{g}, tier: {'AB'[g // 500]}, band: b{g % 10}, size: 10000, "
                  f"uptake: 0.8, opens: 2021-01-{1 + g % 28:02d}, priority: {g + 1}}}"
                  for g in range(1000)]
        return "\n".join(lines) + "\n"

    def test_file_is_small_and_read_by_day(self):
        with tempfile.TemporaryDirectory() as tmp:
            yaml = os.path.join(tmp, "large.yaml")
            with open(yaml, "w") as f:
                f.write(self.scenario())
            out = os.path.join(tmp, "large.h5")
            result = run("run", yaml, "-o", out, "-q")
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertLess(os.path.getsize(out), 100 * 1024 * 1024)
            with h5py.File(out, "r") as h5:
                doses = h5["daily/doses"]
                self.assertEqual(doses.shape, (3653, 1000, 20, 2))
                self.assertEqual(doses.chunks[1:], (1000, 20, 2))
                self.assertLess(doses.chunks[0], 10)
                np.testing.assert_array_equal(doses[400].sum(axis=(0, 2)),
                                              h5["daily/administered"][400])


class StochasticEpidemic(unittest.TestCase):
    """The shipped stochastic epidemic: each future one epidemic in whole people; a sweep's
    run is `vaxsim run --future F`, the same at any thread count, and its deaths averted
    come from that future's own epidemic without vaccination."""

    def test_sweep_of_places_counts_the_places_that_met_each_target(self):
        # Format 1.7: a sweep of a scenario with places records places_met per target,
        # each run's the count of places its own run file says met it.
        scenario = os.path.join(SOURCE, "tests", "data", "two-places.yaml")
        with tempfile.TemporaryDirectory() as tmp:
            sweep = os.path.join(tmp, "p.sweep.yaml")
            with open(sweep, "w") as f:
                f.write(f"name: p\nscenario: {scenario}\nseed: 5\n"
                        "grid:\n  place_supply.transfer_lag_days: [0, 40]\n")
            out = os.path.join(tmp, "p.h5")
            result = run("sweep", sweep, "-o", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(run("check", out).returncode, 0)
            with h5py.File(out, "r") as h5:
                self.assertEqual(h5.attrs["format_version"].tolist(), [1, 7])
                places_met = h5["runs/outcomes"]["places_met"]
                ids = [x.decode() for x in h5["targets/id"][:]]
            self.assertEqual(places_met.shape, (2, len(ids)))
            lines = []
            for k, lag in enumerate(("0", "40")):
                run_file = os.path.join(tmp, f"r{lag}.h5")
                self.assertEqual(run("run", scenario, "--set", f"place_supply.transfer_lag_days={lag}",
                                     "-o", run_file, "-q").returncode, 0)
                with h5py.File(run_file, "r") as h5:
                    np.testing.assert_array_equal(places_met[k], h5["places/target_met"][()].sum(axis=0))
                all_met = (places_met[k] == 2).astype(int)
                lines.append(all_met)
            # The summary: under each target, how often both places met it.
            t = ids.index("q2_plan")
            both = sum(int(x[t]) for x in lines)
            pooled = re.search(r"all runs: P\(met\)[^\n]*\n    and in all 2 places: ([\d.]+)%",
                               result.stdout.split("[q2_plan]")[1])
            self.assertIsNotNone(pooled, result.stdout)
            self.assertAlmostEqual(float(pooled.group(1)), 100 * both / 2, places=1)
            self.assertEqual(result.stdout.count("and in all 2 places:"), 3 * len(ids))  # 2 points + all runs
            # A sweep without places records none.
            plain = os.path.join(tmp, "plain.h5")
            with open(sweep, "w") as f:
                f.write(f"name: p\nscenario: {os.path.join(SOURCE, 'tests', 'data', 'tiny-uncertain.yaml')}\nseed: 5\n"
                        "replicates: 2\n")
            result = run("sweep", sweep, "-o", plain)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertNotIn("and in all", result.stdout)
            with h5py.File(plain, "r") as h5:
                self.assertNotIn("places_met", h5["runs/outcomes"].dtype.names)

    def test_sweep_runs_are_futures_and_give_the_spread(self):
        scenario = os.path.join(SOURCE, "scenarios", "seoul-2021-epidemic-stochastic.yaml")
        with tempfile.TemporaryDirectory() as tmp:
            sweep = os.path.join(tmp, "s.sweep.yaml")
            with open(sweep, "w") as f:
                f.write(f"name: s\nscenario: {scenario}\nseed: 5\nreplicates: 8\n")
            files = {}
            for threads in ("1", "2"):
                out = os.path.join(tmp, f"s{threads}.h5")
                result = run("sweep", sweep, "-o", out, "-j", threads)
                self.assertEqual(result.returncode, 0, result.stderr)
                files[threads] = out
            self.assertIn("each one random epidemic in whole people", result.stdout)
            low, high = re.search(r"90% of runs within: infections [\d,]*\d-[\d,]*\d, deaths ([\d,]*\d)-([\d,]*\d)",
                                  result.stdout).groups()
            with h5py.File(files["1"], "r") as one, h5py.File(files["2"], "r") as two:
                a, b = one["runs/outcomes"][()], two["runs/outcomes"][()]
                np.testing.assert_array_equal(a, b)
                deaths = a["epidemic_deaths"]
                self.assertGreater(len(set(deaths.tolist())), 4)  # the futures differ
                self.assertLessEqual(number(low), number(high))
                self.assertTrue(min(deaths) <= number(low) <= number(high) <= max(deaths))
                future = int(one["runs/future"][3])
            # The sweep's report shows the same spread of deaths as the summary.
            html = os.path.join(tmp, "s.html")
            result = run("report", files["1"], "-o", html)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(html, encoding="utf-8") as f:
                page = f.read()
            self.assertIn("Infections and deaths across runs", page)
            self.assertIn(f"({low}–{high})", page)
            run_file = os.path.join(tmp, "r.h5")
            result = run("run", scenario, "--future", str(future), "-o", run_file, "-q")
            self.assertEqual(result.returncode, 0, result.stderr)
            with h5py.File(run_file, "r") as h5:
                e = h5["epidemic"]
                self.assertEqual(e.attrs["stochastic"], 1)
                self.assertEqual(e.attrs["future"], future)
                self.assertEqual(round(e.attrs["total_deaths"]), a["epidemic_deaths"][3])
                self.assertEqual(round(e["counterfactual"].attrs["total_deaths"] - e.attrs["total_deaths"]),
                                 a["epidemic_deaths_averted"][3])
                # Whole people in every series.
                infections = e["infections"][()]
                np.testing.assert_array_equal(infections, np.floor(infections))
            check = run("check", run_file)
            self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
            # A sweep that varies the mode says so, and only the random points spread.
            with open(sweep, "w") as f:
                f.write(f"name: s\nscenario: {scenario}\nseed: 5\nreplicates: 3\n"
                        "grid:\n  epidemic.stochastic: [false, true]\n")
            result = run("sweep", sweep, "-o", os.path.join(tmp, "mixed.h5"), "-j", "2")
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("where epidemic.stochastic is true each run is one random epidemic", result.stdout)
            first, second = re.findall(r"90% of runs within: infections ([\d,]*\d)-([\d,]*\d)", result.stdout)
            self.assertEqual(first[0], first[1])
            self.assertNotEqual(second[0], second[1])


if __name__ == "__main__":
    VAXSIM, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=sys.argv[:1], verbosity=2)
