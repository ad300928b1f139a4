#!/usr/bin/env python3
"""`vaxsim solve` as a user runs it: the answer printed, the run at it written as a run
file with the search's record in /solve (read here by h5py), the answer confirmed with
`vaxsim run --set`, and the output rules (no overwrite without --force, bad input exits 2
and writes nothing, no answer exits 4 and writes nothing).

Usage: test_solve_cli.py VAXSIM SOURCE_DIR
"""
import csv
import os
import re
import subprocess
import sys
import tempfile
import unittest

import h5py

VAXSIM = SOURCE = None
PLAN = "scenarios/seoul-2021-plan.yaml"
CAPACITY = ["--vary", "capacity.periods.2.doses_per_day", "--range", "50000:200000",
            "--step", "1000", "--target", "adults_70pct_first_dose"]


def run(*args):
    return subprocess.run([VAXSIM, *args], capture_output=True, text=True, cwd=SOURCE)


def text(h5, path):
    v = h5[path][()]
    return v.decode() if isinstance(v, bytes) else str(v)


class Solve(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.out = os.path.join(self.dir.name, "solve.h5")

    def tearDown(self):
        self.dir.cleanup()

    def test_answer_is_printed_written_and_confirmed_by_run(self):
        p = run("solve", PLAN, *CAPACITY, "-o", self.out, "-j", "2")
        self.assertEqual(p.returncode, 0, p.stderr)
        answer = int(re.search(r"^Answer: ([\d,]+)$", p.stdout, re.M).group(1).replace(",", ""))
        self.assertIn("bracket: ", p.stdout)
        with h5py.File(self.out, "r") as h5:
            self.assertEqual(h5.attrs["filetype"].decode() if isinstance(h5.attrs["filetype"], bytes)
                             else h5.attrs["filetype"], "vaxsim-run")
            self.assertEqual(list(h5.attrs["format_version"]), [2, 10])
            self.assertEqual(text(h5, "solve/status"), "solved")
            self.assertEqual(text(h5, "solve/answer"), str(answer))
            self.assertEqual(text(h5, "solve/last_failing"), str(answer - 1000))
            self.assertEqual(text(h5, "solve/direction"), "smallest")
            self.assertEqual([t.decode() for t in h5["solve/targets"][()]],
                             ["adults_70pct_first_dose"])
            values = [v.decode() for v in h5["solve/value"][()]]
            met = list(h5["solve/met"][()])
            self.assertEqual(met[values.index(str(answer))], 1)
            self.assertEqual(met[values.index(str(answer - 1000))], 0)
            # The file is the run at the answer.
            effective = text(h5, "scenario/overrides") if h5["scenario/overrides"].shape == () \
                else [o.decode() for o in h5["scenario/overrides"][()]]
            self.assertIn(f"capacity.periods.2.doses_per_day={answer}", str(effective))
        self.assertEqual(run("check", self.out).returncode, 0)
        # The same question asked by hand: met at the answer, missed one step below.
        for value, word in ((answer, "MET"), (answer - 1000, "NOT MET")):
            r = run("run", PLAN, "--set", f"capacity.periods.2.doses_per_day={value}")
            line = re.search(r"\[adults_70pct_first_dose\].*\n\s+(MET|NOT MET)", r.stdout)
            self.assertEqual(line.group(1), word, r.stdout)

    def test_report_and_export_show_what_was_solved(self):
        self.assertEqual(run("solve", PLAN, *CAPACITY, "-o", self.out).returncode, 0)
        with h5py.File(self.out, "r") as h5:
            answer, failing = text(h5, "solve/answer"), text(h5, "solve/last_failing")
        page = os.path.join(self.dir.name, "solve.html")
        self.assertEqual(run("report", self.out, "-o", page).returncode, 0)
        with open(page, encoding="utf-8") as f:
            html = f.read()
        self.assertIn("What was solved", html)
        self.assertIn(f"Answer: {int(answer):,}", html)
        self.assertIn("The rest of this report is the run at", html)
        folder = os.path.join(self.dir.name, "csv")
        self.assertEqual(run("export", self.out, "--csv", folder).returncode, 0)
        with open(os.path.join(folder, "solve_question.csv"), encoding="utf-8") as f:
            question = list(csv.DictReader(f))
        self.assertEqual(len(question), 1)
        self.assertEqual((question[0]["answer"], question[0]["last_failing"], question[0]["status"]),
                         (answer, failing, "solved"))
        with open(os.path.join(folder, "solve_values.csv"), encoding="utf-8") as f:
            values = list(csv.DictReader(f))
        # In order of value; the answer meets, the value one step before it fails.
        self.assertEqual([int(v["value"]) for v in values], sorted(int(v["value"]) for v in values))
        marked = {v["value"]: v for v in values if v["is_answer"] == "1" or v["is_last_failing"] == "1"}
        self.assertEqual(marked[answer]["meets"], "1")
        self.assertEqual(marked[failing]["meets"], "0")
        self.assertEqual(marked[failing]["is_last_failing"], "1")

    def test_a_direction_the_ends_contradict_is_named(self):
        p = run("solve", PLAN, *CAPACITY, "--latest", "-o", self.out)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("did you mean --smallest?", p.stderr)
        self.assertNotIn("not monotone", p.stdout + p.stderr)
        self.assertFalse(os.path.exists(self.out))

    def test_existing_output_needs_force(self):
        with open(self.out, "w") as f:
            f.write("keep")
        p = run("solve", PLAN, *CAPACITY, "-o", self.out)
        self.assertEqual(p.returncode, 1)
        with open(self.out) as f:
            self.assertEqual(f.read(), "keep")
        self.assertEqual(run("solve", PLAN, *CAPACITY, "-o", self.out, "--force").returncode, 0)
        self.assertTrue(h5py.is_hdf5(self.out))

    def test_bad_input_exits_2_and_writes_nothing(self):
        for args, words in (
            (["--vary", "capacity.periods.9.doses_per_day", "--range", "1:2",
              "--target", "adults_70pct_first_dose"], "no element"),
            (["--vary", "capacity.periods.2.doses_per_day", "--range", "200000",
              "--target", "adults_70pct_first_dose"], "FROM:TO"),
            (["--vary", "capacity.periods.2.doses_per_day", "--range", "1:2",
              "--target", "adults_80"], "the scenario's targets"),
            (["--vary", "capacity.periods.2.doses_per_day", "--range", "1:2",
              "--target", "adults_70pct_first_dos"], "did you mean 'adults_70pct_first_dose'?"),
            (["--vary", "capacity.periods.2.doses_per_day", "--range", "1:2"], "--target"),
            (["--vary", "capacity.periods.2.doses_per_day", "--range", "-5:2",
              "--target", "adults_70pct_first_dose"], "refuses"),
        ):
            p = run("solve", PLAN, *args, "-o", self.out)
            self.assertEqual(p.returncode, 2, p.stderr)
            self.assertIn(words, p.stderr)
            self.assertFalse(os.path.exists(self.out))

    def test_no_answer_exits_4_and_writes_nothing(self):
        p = run("solve", PLAN, "--vary", "capacity.periods.2.doses_per_day", "--range",
                "1000:20000", "--step", "1000", "--target", "adults_70pct_first_dose",
                "-o", self.out)
        self.assertEqual(p.returncode, 4, p.stderr)
        self.assertIn("Not met anywhere in the range", p.stdout)
        self.assertFalse(os.path.exists(self.out))

    def test_uncertain_same_output_at_any_thread_count(self):
        args = ["solve", "scenarios/seoul-2021-uncertain-supply.yaml", "--vary",
                "products.pfizer.supply.scale", "--range", "0.5:3", "--step", "0.05",
                "--target", "adults_70pct_first_dose", "--futures", "20", "--p", "0.5"]
        one, two = run(*args, "-j", "1"), run(*args, "-j", "2")
        self.assertIn(one.returncode, (0, 4), one.stderr)
        self.assertEqual(one.stdout, two.stdout)
        self.assertIn("over 20 futures", one.stdout)

    def test_help_and_usage(self):
        self.assertIn("solve SCENARIO.yaml", run("help").stdout)
        self.assertIn("--latest", run("solve", "--help").stdout)


if __name__ == "__main__":
    VAXSIM, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=sys.argv[:1], verbosity=2)
