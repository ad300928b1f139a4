#!/usr/bin/env python3
"""`vaxsim optimize` as a user runs it: the optimum printed against the plan's order, the
run at the optimum written as a run file with the search's record in /optimize (read here
by h5py), the optimum confirmed with `vaxsim run --set`, and the output rules (no overwrite
without --force, bad requests exit 2 and write nothing).

Usage: test_optimize_cli.py VAXSIM SOURCE_DIR
"""
import os
import re
import subprocess
import sys
import tempfile
import unittest

import h5py

VAXSIM = SOURCE = None
EPIDEMIC = "scenarios/seoul-2021-epidemic.yaml"
# Three Q1/Q2 groups: 3! = 6 orders, each a whole epidemic run.
ORDER = ["--order", "aged_65_plus,high_risk_medical_staff,medical_pharmacy_staff"]


def run(*args):
    return subprocess.run([VAXSIM, *args], capture_output=True, text=True, cwd=SOURCE)


def text(h5, path):
    v = h5[path][()]
    return v.decode() if isinstance(v, bytes) else str(v)


def strings(h5, path):
    return [v.decode() if isinstance(v, bytes) else v for v in h5[path][()]]


class Optimize(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.out = os.path.join(self.dir.name, "optimize.h5")

    def tearDown(self):
        self.dir.cleanup()

    def test_optimum_is_printed_written_and_is_the_run_with_its_settings(self):
        p = run("optimize", EPIDEMIC, *ORDER, "-o", self.out, "-j", "2")
        self.assertEqual(p.returncode, 0, p.stderr)
        printed = p.stdout
        self.assertIn("search: exhaustive, every order (6)", p.stdout)
        self.assertRegex(p.stdout, r"\n  plan\s+[\d,]+\.\d\n")
        self.assertRegex(p.stdout, r"\n  optimum\s+[\d,]+\.\d\s+[-+][\d,]+\.\d")
        self.assertIn("Optimum order (first slot first):", p.stdout)
        with h5py.File(self.out, "r") as h5:
            self.assertEqual(list(h5.attrs["format_version"]), [2, 10])
            self.assertEqual(text(h5, "optimize/search"), "order")
            self.assertEqual(text(h5, "optimize/method"), "exhaustive")
            self.assertEqual(int(h5["optimize/exhaustive"][()]), 1)
            self.assertEqual(int(h5["optimize/evaluations"][()]), 6)
            self.assertEqual(text(h5, "optimize/objective"), "deaths")
            self.assertEqual(strings(h5, "optimize/name"), ["plan", "optimum"])
            self.assertEqual(h5["optimize/per_future"].shape, (2, 1))
            values = list(h5["optimize/value"][()])
            self.assertLessEqual(values[1], values[0])
            settings = strings(h5, "optimize/settings")[1].split()
            # The file is the run at the optimum: its deaths are the optimum's.
            deaths = float(h5["epidemic/deaths"][()].sum())
            self.assertAlmostEqual(deaths, values[1], delta=1e-6 * values[1])
            overrides = text(h5, "scenario/overrides") if h5["scenario/overrides"].shape == () \
                else str(strings(h5, "scenario/overrides"))
            for s in settings:
                self.assertIn(s, overrides)
        self.assertEqual(run("check", self.out).returncode, 0)
        # The printed overrides make the optimum: `vaxsim run --set ...` gives its deaths.
        direct = os.path.join(self.dir.name, "direct.h5")
        sets = [a for s in settings for a in ("--set", s)]
        p = run("run", EPIDEMIC, *sets, "-o", direct)
        self.assertEqual(p.returncode, 0, p.stderr)
        with h5py.File(direct, "r") as h5:
            self.assertAlmostEqual(float(h5["epidemic/deaths"][()].sum()), values[1],
                                   delta=1e-9 * values[1])
        for s in settings:
            self.assertIn("--set " + s, printed)

    def test_compare_scenarios_on_the_same_question(self):
        p = run("optimize", EPIDEMIC, *ORDER, "--compare",
                "scenarios/seoul-2021-epidemic-oldest-first.yaml", "-j", "2")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertRegex(p.stdout, r"seoul-2021-epidemic-oldest-first\.yaml\s+[\d,]+\.\d\s+[-+]")

    def test_existing_output_needs_force(self):
        with open(self.out, "w") as f:
            f.write("keep")
        p = run("optimize", EPIDEMIC, *ORDER, "-o", self.out)
        self.assertEqual(p.returncode, 1)
        with open(self.out) as f:
            self.assertEqual(f.read(), "keep")
        # With --force that one file is replaced by the run at the optimum, nothing else.
        before = sorted(os.listdir(self.dir.name))
        p = run("optimize", EPIDEMIC, *ORDER, "-o", self.out, "--force")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(sorted(os.listdir(self.dir.name)), before)
        with h5py.File(self.out, "r") as h5:
            self.assertEqual(text(h5, "optimize/search"), "order")

    def test_shares_find_the_hand_worked_optimum_and_the_printed_set_reproduces_it(self):
        """tests/data/optimize-shares.yaml: the plan reaches g1's 900 on day 18, shares by
        people on day 17, all doses to g1 (in both periods) on day 8, the best possible."""
        shares = "tests/data/optimize-shares.yaml"
        p = run("optimize", shares, "--shares", "g1,g2", "--periods", "2021-01-05",
                "--objective", "time-to-target:g1_900", "-o", self.out, "-j", "2")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertRegex(p.stdout, r"\n  plan\s+18\n")
        self.assertRegex(p.stdout, r"\n  optimum\s+8\s+-10 ")
        self.assertRegex(p.stdout, r"\n  start\s+17\s+-1 ")
        self.assertRegex(p.stdout, r"2021-01-05\s+g1\s+0\.5000\s+1\.0000\s+\+0\.5000")
        with h5py.File(self.out, "r") as h5:
            self.assertEqual(list(h5.attrs["format_version"]), [2, 10])
            self.assertEqual(text(h5, "optimize/search"), "shares")
            self.assertEqual(text(h5, "optimize/method"), "Sbplx")
            self.assertEqual(strings(h5, "optimize/varied"), ["g1", "g2"])
            self.assertEqual(strings(h5, "optimize/name"), ["plan", "optimum", "start"])
            self.assertEqual(strings(h5, "optimize/period_from"), ["2021-01-01", "2021-01-05"])
            self.assertEqual(h5["optimize/optimum_shares"][()].tolist(), [[1.0, 0.0], [1.0, 0.0]])
            self.assertEqual(h5["optimize/start_shares"][()].tolist(), [[0.5, 0.5], [0.5, 0.5]])
            self.assertEqual(list(h5["optimize/value"][()]), [18.0, 8.0, 17.0])
            settings = strings(h5, "optimize/settings")[1].split()
            self.assertEqual(strings(h5, "targets/first_reached"), ["2021-01-09"])
        self.assertEqual(run("check", self.out).returncode, 0)
        # The printed --set lines (as a shell would pass them) make the optimum's run.
        printed = re.search(r"Optimum:(.*)\n", p.stdout).group(1)
        sets = [a.strip("'") for a in re.findall(r"--set ('[^']*'|\S+)", printed)]
        self.assertEqual(sets, settings)
        direct = os.path.join(self.dir.name, "direct.h5")
        p = run("run", shares, *[a for s in sets for a in ("--set", s)], "-o", direct)
        self.assertEqual(p.returncode, 0, p.stderr)
        with h5py.File(direct, "r") as h5:
            self.assertEqual(strings(h5, "targets/first_reached"), ["2021-01-09"])

    def test_bad_requests_exit_2_and_write_nothing(self):
        for scenario, args, words in (
            (EPIDEMIC, ["--order", "aged_65_plus,nobody"], "no such group"),
            (EPIDEMIC, ["--order", "aged_65_plus"], "at least two"),
            (EPIDEMIC, [], "--order"),
            (EPIDEMIC, [*ORDER, "--objective", "smiles"], "expected deaths"),
            (EPIDEMIC, [*ORDER, "--futures", "10"], "no uncertain inputs"),
            (EPIDEMIC, [*ORDER, "--risk", "worst"], "--risk"),
            (EPIDEMIC, ["--vary", "capacity.periods.2.doses_per_day=9..1"], "below"),
            (EPIDEMIC, ["--vary", "capacity.periods.9.doses_per_day=1..9"], "no element"),
            ("scenarios/seoul-2021-plan.yaml", ORDER, "no epidemic section"),
            (EPIDEMIC, ["--shares", "aged_65_plus,nobody"], "no such group"),
            (EPIDEMIC, ["--shares", "aged_65_plus"], "at least two"),
            (EPIDEMIC, ["--shares", "aged_65_plus,adults_18_49", "--periods", "2020-01-01"],
             "after the one before"),
            (EPIDEMIC, ["--periods", "2021-04-01", *ORDER], "--periods applies with --shares"),
            (EPIDEMIC, [*ORDER, "--shares", "aged_65_plus,adults_18_49"], "not both"),
        ):
            p = run("optimize", scenario, *args, "-o", self.out)
            self.assertEqual(p.returncode, 2, p.stderr)
            self.assertIn(words, p.stderr)
            self.assertFalse(os.path.exists(self.out))

    def test_help_and_usage(self):
        self.assertIn("optimize SCENARIO.yaml", run("help").stdout)
        self.assertIn("--objective", run("optimize", "--help").stdout)


if __name__ == "__main__":
    VAXSIM, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=sys.argv[:1], verbosity=2)
