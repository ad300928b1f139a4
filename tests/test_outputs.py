#!/usr/bin/env python3
"""Outputs never destroy data: every command that writes (run, sweep and its journal,
report, export) refuses folders, devices, FIFOs, links and its own inputs, with or
without --force; --force replaces one regular file or one export folder vaxsim made;
temporaries of killed runs are cleaned up; exported CSV cannot carry a formula.

Usage: test_outputs.py VAXSIM SOURCE_DIR
"""
import csv
import os
import re
import socket
import stat
import subprocess
import sys
import tempfile
import unittest

import h5py

VAXSIM = SOURCE = None


def run(*args, cwd=None):
    return subprocess.run([VAXSIM, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def host_tag():
    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:40] or "host"


class Outputs(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.scenario = os.path.join(self.dir, "tiny.yaml")
        with open(os.path.join(SOURCE, "tests/data/tiny-uncertain.yaml"), encoding="utf-8") as f:
            self.scenario_text = f.read()
        with open(self.scenario, "w", encoding="utf-8") as f:
            f.write(self.scenario_text)

    def tearDown(self):
        self.tmp.cleanup()

    def results_file(self, name="run.h5"):
        out = os.path.join(self.dir, name)
        result = run("run", self.scenario, "-o", out, "-q")
        self.assertEqual(result.returncode, 0, result.stderr)
        return out

    def test_init_writes_a_template_once(self):
        city = os.path.join(self.dir, "city.yaml")
        first = run("init", city)
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertIn("vaxsim run " + city + " -o " + os.path.join(self.dir, "city.h5"), first.stdout)
        written = read_bytes(city)
        self.assertEqual(written, read_bytes(os.path.join(SOURCE, "scenarios/template.yaml")).replace(
            b"\nname: my-city-2021\n", b"\nname: city\n"))
        with open(city, "ab") as f:
            f.write(b"# my edits\n")
        again = run("init", city)
        self.assertEqual(again.returncode, 1)
        self.assertIn("--force", again.stderr)
        self.assertTrue(read_bytes(city).endswith(b"# my edits\n"))  # untouched
        self.assertEqual(run("init", city, "--force").returncode, 0)
        self.assertEqual(read_bytes(city), written)
        self.assertEqual(run("init").returncode, 2)  # usage: no file named
        self.assertEqual(run("init", self.dir, "--force").returncode, 1)  # a folder, never
        result = run("run", city, "-o", os.path.join(self.dir, "city.h5"), "-q")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(sorted(os.listdir(self.dir)), ["city.h5", "city.yaml", "tiny.yaml"])

    def test_run_into_a_folder_is_refused_even_with_force(self):
        with open(os.path.join(self.dir, "keep.txt"), "w") as f:
            f.write("keep")
        for target in (".", self.dir):
            result = run("run", self.scenario, "-o", target, "--force", "-q", cwd=self.dir)
            self.assertEqual(result.returncode, 1, result.stderr)
            self.assertRegex(result.stderr, r"vaxsim: output '.*' (is|names) a folder")
            self.assertEqual(sorted(os.listdir(self.dir)), ["keep.txt", "tiny.yaml"])

    def test_an_input_is_never_an_output(self):
        h5 = self.results_file()
        before = read_bytes(h5)
        for args in (["export", "run.h5", "--csv", ".", "--force"],
                     ["export", "run.h5", "--csv", "run.h5", "--force"],
                     ["report", "run.h5", "-o", "run.h5", "--force"],
                     ["report", "run.h5", "-o", os.path.join(self.dir, ".", "run.h5"), "--force"]):
            result = run(*args, cwd=self.dir)
            self.assertEqual(result.returncode, 1, args)
            self.assertRegex(result.stderr, r"^vaxsim: output '.*' (is the input file|names an existing folder|is a file, not an export folder)", args)
            self.assertEqual(read_bytes(h5), before)
        self.assertEqual(sorted(os.listdir(self.dir)), ["run.h5", "tiny.yaml"])
        result = run("run", self.scenario, "-o", self.scenario, "--force")
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"is the input file '{self.scenario}'", result.stderr)
        # A sweep's base scenario is one of its inputs.
        sweep = os.path.join(self.dir, "s.sweep.yaml")
        with open(sweep, "w") as f:
            f.write("name: s\nscenario: tiny.yaml\nreplicates: 2\n")
        result = run("sweep", sweep, "-o", self.scenario, "--force", "-q")
        self.assertEqual(result.returncode, 1)
        self.assertIn("is the input file", result.stderr)
        with open(self.scenario, encoding="utf-8") as f:
            self.assertEqual(f.read(), self.scenario_text)
        self.assertEqual(sorted(os.listdir(self.dir)), ["run.h5", "s.sweep.yaml", "tiny.yaml"])

    def test_no_file_a_scenario_reads_is_ever_an_output(self):
        # Copy the chain (top -> mid -> root, a supply CSV and a contact matrix) so that
        # a failure could not damage the source tree.
        import shutil
        shutil.copytree(os.path.join(SOURCE, "tests/data/chain"), os.path.join(self.dir, "chain"))
        for name in ("supply.csv", "uniform_contacts.csv"):
            shutil.copy(os.path.join(SOURCE, "tests/data", name), self.dir)
        chain = os.path.join(self.dir, "chain")
        inputs = [os.path.join(chain, n) for n in ("top.yaml", "mid.yaml", "root.yaml")] + \
                 [os.path.join(self.dir, n) for n in ("supply.csv", "uniform_contacts.csv")]
        before = {p: read_bytes(p) for p in inputs}
        for target in inputs:
            for args in (["run", os.path.join(chain, "top.yaml")],
                         ["sweep", os.path.join(chain, "chain.sweep.yaml"), "-q", "-j", "1"]):
                result = run(*args, "-o", target, "--force")
                self.assertEqual(result.returncode, 1, (args, target, result.stderr))
                self.assertIn(f"is the input file", result.stderr, (args, target))
        self.assertEqual({p: read_bytes(p) for p in inputs}, before)
        self.assertFalse([n for n in os.listdir(self.dir) + os.listdir(chain) if "journal" in n or "vaxsim-tmp" in n])

    def test_export_replaces_only_a_folder_vaxsim_made(self):
        h5 = self.results_file()
        mine = os.path.join(self.dir, "mine")
        os.mkdir(mine)
        with open(os.path.join(mine, "notes.txt"), "w") as f:
            f.write("mine")
        result = run("export", h5, "--csv", mine, "--force")
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"output '{mine}' is a folder vaxsim did not make", result.stderr)
        self.assertEqual(os.listdir(mine), ["notes.txt"])

        out = os.path.join(self.dir, "csv")
        self.assertEqual(run("export", h5, "--csv", out).returncode, 0)
        tables = sorted(f for f in os.listdir(out) if f.endswith(".csv"))
        with open(os.path.join(out, ".vaxsim-export")) as f:
            self.assertEqual(f.read(), "vaxsim-export 1\n" + "".join(t + "\n" for t in tables))
        again = run("export", h5, "--csv", out)
        self.assertEqual(again.returncode, 1)
        self.assertIn("exists; use --force", again.stderr)
        os.remove(os.path.join(out, "groups.csv"))
        forced = run("export", h5, "--csv", out + "/", "--force")
        self.assertEqual(forced.returncode, 0, forced.stderr)
        self.assertEqual(sorted(os.listdir(out)), sorted(tables + [".vaxsim-export"]))
        self.assertEqual(sorted(os.listdir(self.dir)), ["csv", "mine", "run.h5", "tiny.yaml"])
        # A file of someone's own inside it: the folder is no longer only vaxsim's.
        with open(os.path.join(out, "my-chart.xlsx"), "w") as f:
            f.write("mine")
        kept = run("export", h5, "--csv", out, "--force")
        self.assertEqual(kept.returncode, 1)
        self.assertIn("holds 'my-chart.xlsx', which vaxsim did not write there", kept.stderr)
        self.assertEqual(sorted(os.listdir(out)), sorted(tables + [".vaxsim-export", "my-chart.xlsx"]))

    def test_devices_fifos_and_links_are_refused(self):
        # /dev/null without --force first: a vaxsim that would replace it stops here.
        result = run("run", self.scenario, "-o", "/dev/null", "-q")
        self.assertEqual(result.returncode, 1)
        self.assertIn("output '/dev/null' is a device, not a regular file", result.stderr)
        result = run("run", self.scenario, "-o", "/dev/null", "--force", "-q")
        self.assertEqual(result.returncode, 1)
        self.assertIn("is a device", result.stderr)
        self.assertTrue(stat.S_ISCHR(os.stat("/dev/null").st_mode))

        fifo = os.path.join(self.dir, "pipe")
        os.mkfifo(fifo)
        h5 = self.results_file()
        for args in (["run", self.scenario, "-o", fifo, "--force", "-q"], ["report", h5, "-o", fifo, "--force"]):
            result = run(*args)
            self.assertEqual(result.returncode, 1, args)
            self.assertIn(f"output '{fifo}' is a FIFO (named pipe), not a regular file", result.stderr)
            self.assertTrue(stat.S_ISFIFO(os.lstat(fifo).st_mode))

        precious = os.path.join(self.dir, "precious.txt")
        with open(precious, "w") as f:
            f.write("keep")
        link = os.path.join(self.dir, "link.html")
        os.symlink("precious.txt", link)
        result = run("report", h5, "-o", link, "--force")
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"output '{link}' is a symbolic link", result.stderr)
        self.assertTrue(os.path.islink(link))
        self.assertEqual(read_bytes(precious), b"keep")

    def test_the_sweep_journal_obeys_the_same_rules(self):
        sweep = os.path.join(self.dir, "s.sweep.yaml")
        with open(sweep, "w") as f:
            f.write("name: s\nscenario: tiny.yaml\nreplicates: 2\n")
        precious = os.path.join(self.dir, "precious.txt")
        with open(precious, "w") as f:
            f.write("keep")
        out = os.path.join(self.dir, "s.h5")
        os.symlink("precious.txt", out + ".journal")
        result = run("sweep", sweep, "-o", out, "--force", "-q")
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"'{out}.journal' is a symbolic link", result.stderr)
        self.assertEqual(read_bytes(precious), b"keep")
        self.assertFalse(os.path.exists(out))

    def test_an_empty_output_path_is_a_clear_error(self):
        h5 = self.results_file()
        for args in (["run", self.scenario, "-o", ""], ["report", h5, "-o", ""], ["export", h5, "--csv", ""]):
            result = run(*args, cwd=self.dir)
            self.assertEqual(result.returncode, 1, args)
            self.assertEqual(result.stderr,
                             "vaxsim: the output path is empty: name the file to write, e.g. -o results/out.h5\n")
        self.assertEqual(sorted(os.listdir(self.dir)), ["run.h5", "tiny.yaml"])

    def test_a_killed_writers_temporary_is_removed_by_the_next_write(self):
        gone = subprocess.Popen(["true"])
        gone.wait()
        prefix = f".out.h5.vaxsim-tmp.{host_tag()}."
        stale = prefix + f"{gone.pid}.0123456789abcdef"
        live = prefix + f"{os.getpid()}.0123456789abcdef"  # this process is alive: kept
        for name in (stale, live):
            with open(os.path.join(self.dir, name), "w") as f:
                f.write("partial")
        self.results_file("out.h5")
        self.assertEqual(sorted(os.listdir(self.dir)), sorted([live, "out.h5", "tiny.yaml"]))

    def test_exported_text_cells_cannot_be_formulas(self):
        text = self.scenario_text.replace(
            "{id: old, tier: A,", "{id: old, label: '=HYPERLINK(\"http://x\",\"y\")', tier: A,").replace(
            "{id: young, tier: B,", "{id: young, label: \"\\t@SUM(A1)\", tier: B,").replace(
            "{id: old_90, ", "{id: old_90, label: '-2+cmd|x', ").replace(
            "{id: all_30, ", "{id: all_30, label: '-5', ").replace(
            "share: 0.3,", "share: 0.99,")  # not met: a negative margin
        self.assertEqual(text.count("label:"), 4)
        with open(self.scenario, "w", encoding="utf-8") as f:
            f.write(text)
        h5 = self.results_file()
        out = os.path.join(self.dir, "csv")
        self.assertEqual(run("export", h5, "--csv", out).returncode, 0)
        with open(os.path.join(out, "groups.csv"), encoding="utf-8", newline="") as f:
            labels = [row["label"] for row in csv.DictReader(f)]
        self.assertEqual(labels, ["'=HYPERLINK(\"http://x\",\"y\")", "'\t@SUM(A1)"])
        with open(os.path.join(out, "targets.csv"), encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        # A text cell that is a plain number stays as it is; numeric cells stay numbers.
        self.assertEqual([row["label"] for row in rows], ["'-2+cmd|x", "-5"])
        for row in rows:
            self.assertRegex(row["margin"], r"^-?\d+$")
        self.assertTrue(any(row["margin"].startswith("-") for row in rows))



class Compare(unittest.TestCase):
    """`vaxsim compare RUN.h5 --observed OBSERVED.csv`: its outputs obey the same rules."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.h5 = os.path.join(self.dir, "run.h5")
        made = run("run", os.path.join(SOURCE, "tests/data/observed-tiny.yaml"), "-o", self.h5, "-q")
        self.assertEqual(made.returncode, 0, made.stderr)
        self.observed = os.path.join(self.dir, "observed.csv")
        with open(os.path.join(SOURCE, "tests/data/observed-tiny.csv"), "rb") as src, \
                open(self.observed, "wb") as dst:
            dst.write(src.read())

    def tearDown(self):
        self.tmp.cleanup()

    def compare(self, *args):
        return run("compare", self.h5, "--observed", self.observed, *args, cwd=self.dir)

    def test_summary_table_and_page(self):
        result = self.compare("--csv", "t.csv", "-o", "p.html")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("observed: " + self.observed + ", 5 dates (2 outside the run, not compared)",
                      result.stdout)
        self.assertIn("target half_b (50 = 50.0% by 2021-03-31): run reached it 2021-03-10", result.stdout)
        with open(os.path.join(self.dir, "t.csv"), encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), 9)
        first = rows[0]
        self.assertEqual((first["date"], first["column"], first["run"], first["observed"],
                          first["difference"], first["relative"], first["run_ahead_days"]),
                         ("2021-03-02", "first_dose_people", "20", "10", "10", "1", "1"))
        # Ids that begin like formulas are neutralised; numbers stay numbers.
        self.assertEqual({row["id"] for row in rows}, {"", "'-B", "vax", "'=g2"})
        for row in rows:
            self.assertRegex(row["difference"], r"^-?\d+$")
        self.assertIn("-900", [row["difference"] for row in rows])
        with open(os.path.join(self.dir, "p.html"), encoding="utf-8") as f:
            self.assertEqual(f.read().count('<figure class="chart">'), 4)
        self.assertEqual(sorted(os.listdir(self.dir)), ["observed.csv", "p.html", "run.h5", "t.csv"])

    def test_no_output_is_replaced_without_force(self):
        for name in ("t.csv", "p.html"):
            with open(os.path.join(self.dir, name), "w") as f:
                f.write("keep")
        result = self.compare("--csv", "t.csv", "-o", "p.html")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("exists", result.stderr)
        # One output existing refuses the command before anything is written.
        os.remove(os.path.join(self.dir, "p.html"))
        result = self.compare("--csv", "t.csv", "-o", "p.html")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertEqual(read_bytes(os.path.join(self.dir, "t.csv")), b"keep")
        self.assertFalse(os.path.exists(os.path.join(self.dir, "p.html")))
        result = self.compare("--csv", "t.csv", "-o", "p.html", "--force")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(read_bytes(os.path.join(self.dir, "t.csv")).startswith(b"date,column,"))
        # --force replaces a file, never a folder, a link or an input.
        os.mkdir(os.path.join(self.dir, "folder"))
        os.symlink("t.csv", os.path.join(self.dir, "link.csv"))
        before = {n: read_bytes(os.path.join(self.dir, n)) for n in ("observed.csv", "run.h5", "t.csv")}
        for target in ("folder", "link.csv", "observed.csv", "run.h5"):
            result = self.compare("--csv", target, "--force")
            self.assertEqual(result.returncode, 1, target)
            self.assertRegex(result.stderr, r"^vaxsim: output ", target)
        for n, content in before.items():
            self.assertEqual(read_bytes(os.path.join(self.dir, n)), content, n)
        self.assertFalse([n for n in os.listdir(self.dir) if "vaxsim-tmp" in n])

    def test_bad_observed_input_writes_nothing(self):
        with open(self.observed, "w", encoding="utf-8") as f:
            f.write("date,first_dose_people\n2021-03-01,5\n2021-03-01,6\n")
        result = self.compare("--csv", "t.csv", "-o", "p.html")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn(f"{self.observed}:3:1: error: date 2021-03-01 is given twice (also on line 2)",
                      result.stderr)
        self.assertEqual(sorted(os.listdir(self.dir)), ["observed.csv", "run.h5"])

    def test_usage(self):
        result = run("compare", self.h5, cwd=self.dir)
        self.assertEqual(result.returncode, 2)
        self.assertIn("--observed", result.stderr)
        result = run("compare", self.h5, self.h5, "--observed", self.observed, cwd=self.dir)
        self.assertEqual(result.returncode, 2)
        self.assertIn("give one run file", result.stderr)
        result = self.compare("--csv", "same", "-o", "same")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--csv and -o name the same file", result.stderr)
        # A scenario is not a run file.
        result = run("compare", self.observed, "--observed", self.observed, cwd=self.dir)
        self.assertEqual(result.returncode, 1)
        self.assertIn("not an HDF5 results file", result.stderr)
        # A file that is not there is said to be missing, by report and export too.
        for command in (["compare", "missing.h5", "--observed", self.observed, "-o", "missing-page.html"],
                        ["report", "missing.h5", "-o", "missing.html"],
                        ["export", "missing.h5", "--csv", "missing-csv"]):
            result = run(*command, cwd=self.dir)
            self.assertEqual(result.returncode, 1, command)
            self.assertIn("'missing.h5': no such file", result.stderr, command)
            self.assertFalse(os.path.exists(os.path.join(self.dir, command[-1])), command)


class CompareRuns(unittest.TestCase):
    """`vaxsim compare A.h5 B.h5`: runs of tests/data/compare-tiny.yaml at 20 and 25 doses a
    day (dates and margins by hand in the scenario's comment); two sweeps on the same futures."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = cls.tmp.name
        tiny = os.path.join(SOURCE, "tests/data/compare-tiny.yaml")
        for name, extra in (("base.h5", []), ("faster.h5", ["--set", "capacity.periods.0.doses_per_day=25"])):
            made = run("run", tiny, "-o", os.path.join(cls.dir, name), "-q", *extra)
            assert made.returncode == 0, made.stderr
        # Two sweeps on the same futures: the second draws capacity from a lower range.
        with open(os.path.join(SOURCE, "tests/data/tiny.sweep.yaml"), encoding="utf-8") as f:
            text = f.read().replace("scenario: tiny-uncertain.yaml",
                                    "scenario: " + os.path.join(SOURCE, "tests/data/tiny-uncertain.yaml"))
        low = text.replace("uniform_int: [200, 600]", "uniform_int: [100, 300]").replace("keep_daily: [0, 59]",
                                                                                      "keep_daily: []")
        other_seed = low.replace("seed: 5", "seed: 6")
        for name, content in (("a.sweep.yaml", text), ("b.sweep.yaml", low), ("c.sweep.yaml", other_seed)):
            with open(os.path.join(cls.dir, name), "w", encoding="utf-8") as f:
                f.write(content)
        for name in ("a", "b", "c"):
            made = run("sweep", os.path.join(cls.dir, name + ".sweep.yaml"), "-o",
                       os.path.join(cls.dir, name + ".h5"), "-q", "-j", "1")
            assert made.returncode == 0, made.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_two_runs_summary_table_and_page(self):
        out = os.path.join(self.dir, "out")
        os.mkdir(out)
        result = run("compare", "../base.h5", "../faster.h5", "--csv", "c.csv", "-o", "c.html", cwd=out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("What changed in faster, against base\n  set capacity.periods.0.doses_per_day=25\n",
                      result.stdout)
        self.assertIn("    base    MET      reached 2021-03-28  margin          +70\n", result.stdout)
        self.assertIn("    faster  MET      reached 2021-03-24  margin         +150   vs base: -4 d, margin +80\n",
                      result.stdout)
        self.assertRegex(result.stdout, r"2021Q1  g2 +300 +-80 SLIPPED +\+0 met")
        with open(os.path.join(out, "c.csv"), encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        started = {(r["run"], r["id"]): (r["value"], r["difference"]) for r in rows
                   if r["kind"] == "plan" and r["measure"] == "started"}
        self.assertEqual(started[("faster", "g2")], ("300", "80"))
        with open(os.path.join(out, "c.html"), encoding="utf-8") as f:
            page = f.read()
        self.assertIn("What bound each day, one strip per run", page)
        self.assertEqual(sorted(os.listdir(out)), ["c.csv", "c.html"])
        # Outputs are never replaced without --force, and nothing is written on refusal.
        again = run("compare", "../base.h5", "../faster.h5", "--csv", "c.csv", cwd=out)
        self.assertEqual(again.returncode, 1)
        self.assertIn("exists", again.stderr)

    def test_mixing_a_run_and_a_sweep_is_refused(self):
        result = run("compare", "base.h5", "a.h5", "--csv", "x.csv", cwd=self.dir)
        self.assertEqual(result.returncode, 2)
        self.assertIn("'base.h5' is a run file and 'a.h5' a sweep file; compare runs with runs, "
                      "or sweeps with sweeps", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "x.csv")))
        one = run("compare", "base.h5", cwd=self.dir)
        self.assertEqual(one.returncode, 2)
        self.assertIn("or a second run or sweep file", one.stderr)

    def test_two_sweeps_paired_on_the_same_futures(self):
        result = run("compare", "a.h5", "b.h5", "--csv", "s.csv", cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("the same futures as a: paired", result.stdout)
        # The paired counts, computed here from the two files' records.
        with h5py.File(os.path.join(self.dir, "a.h5"), "r") as fa, h5py.File(os.path.join(self.dir, "b.h5"), "r") as fb:
            ma, mb = fa["runs/outcomes"]["target_met"], fb["runs/outcomes"]["target_met"]
            grid = fa["runs/grid_point"][()]
            labels = [x.decode() for x in fa["summary/by_grid_point/label"][()]]
            targets = [x.decode() for x in fa["targets/id"][()]]
        with open(os.path.join(self.dir, "s.csv"), encoding="utf-8", newline="") as f:
            rows = [r for r in csv.DictReader(f) if r["sweep"] == "b"]
        self.assertEqual(len(rows), len(labels) * len(targets))
        some_differ = False
        for row in rows:
            g, t = labels.index(row["grid_point"]), targets.index(row["target"])
            a = [bool(ma[r][t]) for r in range(len(grid)) if grid[r] == g]
            b = [bool(mb[r][t]) for r in range(len(grid)) if grid[r] == g]
            self.assertEqual(int(row["paired_runs"]), len(a))
            self.assertEqual(int(row["only_base_met"]), sum(x and not y for x, y in zip(a, b)))
            self.assertEqual(int(row["only_this_met"]), sum(y and not x for x, y in zip(a, b)))
            self.assertEqual(int(row["both_met"]), sum(x and y for x, y in zip(a, b)))
            self.assertEqual(int(row["runs_met"]), sum(b))
            some_differ = some_differ or int(row["only_base_met"]) > 0
        self.assertTrue(some_differ)  # less capacity misses targets the base met
        self.assertIn("a met and b missed", result.stdout)
        page = run("compare", "a.h5", "b.h5", "-o", "s.html", cwd=self.dir)
        self.assertEqual(page.returncode, 2)

    def test_sweeps_of_another_seed_are_not_paired(self):
        result = run("compare", "a.h5", "c.h5", "--csv", "u.csv", cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("c.h5 (tiny-sweep, 60 runs, seed 6); not paired with a: another seed (6 vs 5)\n",
                      result.stdout)
        self.assertNotIn("on the same", result.stdout)
        with open(os.path.join(self.dir, "u.csv"), encoding="utf-8", newline="") as f:
            rows = [r for r in csv.DictReader(f) if r["sweep"] == "c"]
        self.assertTrue(rows)
        self.assertEqual({r["paired_runs"] for r in rows}, {""})


if __name__ == "__main__":
    VAXSIM, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=sys.argv[:1], verbosity=2)
