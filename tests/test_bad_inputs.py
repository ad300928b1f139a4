#!/usr/bin/env python3
"""The bad-input corpus: every file in tests/bad_inputs must make vaxsim exit with code 2,
name the file, line and column and say what was expected, and leave no output behind.

Each case states what it expects in its first lines:
  # expect: <words the message must contain>
  # at: <text>          the caret sits at the first occurrence of <text> after the header
  # at-text: <'repr'>   the same, for text with line breaks
  # at-line: L:C        an explicit line and column
  # in-file: NAME       the error is reported in this file (e.g. a CSV) instead
A case with no position only has to name some line and column.

tests/bad_inputs/observed holds CSVs of observed counts that `vaxsim compare` must refuse;
a CSV has no room for such lines, so their positions and messages are in its EXPECTED.

Usage: test_bad_inputs.py VAXSIM SOURCE_DIR
"""
import ast
import glob
import os
import random
import re
import subprocess
import sys
import tempfile
import unittest

VAXSIM = SOURCE = None


def expectation(path):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    header, body_start = {}, 0
    for line in text.splitlines(keepends=True):
        m = re.match(r"# (expect|at|at-text|at-line|in-file): (.*)\n?$", line)
        if not m:
            break
        header[m.group(1)] = m.group(2)
        body_start += len(line)
    where = None
    if "at-line" in header:
        where = tuple(int(x) for x in header["at-line"].split(":"))
    elif "at" in header or "at-text" in header:
        needle = header["at"] if "at" in header else ast.literal_eval(header["at-text"])
        pos = text.index(needle, body_start)
        line = text.count("\n", 0, pos) + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        where = (line, column)
    return header["expect"], where, header.get("in-file")


class BadInputCorpus(unittest.TestCase):
    def check_rejected(self, case, expect=None, where=None, in_file=None):
        with tempfile.TemporaryDirectory() as out_dir:
            out = os.path.join(out_dir, "out.h5")
            command = "sweep" if case.endswith(".sweep.yaml") else "run"
            result = subprocess.run([VAXSIM, command, case, "-o", out], capture_output=True, text=True,
                                    errors="replace", timeout=120)
            name = os.path.basename(case)
            self.assertEqual(result.returncode, 2, f"{name}: exit {result.returncode}\n{result.stderr}")
            self.assertEqual(os.listdir(out_dir), [], f"{name} left files behind")
            reported = os.path.join(os.path.dirname(case), in_file) if in_file else case
            if where:
                self.assertIn(f"{reported}:{where[0]}:{where[1]}: error:", result.stderr, name)
            else:
                self.assertRegex(result.stderr, re.escape(reported) + r":\d+:\d+: error:", name)
            if expect:
                self.assertIn(expect, result.stderr, name)
            return result.stderr

    def test_corpus(self):
        cases = sorted(glob.glob(os.path.join(SOURCE, "tests/bad_inputs/*.yaml")))
        self.assertGreaterEqual(len(cases), 40)
        for case in cases:
            with self.subTest(case=os.path.basename(case)):
                self.check_rejected(case, *expectation(case))

    def test_observed_csv_corpus(self):
        """tests/bad_inputs/observed: CSVs of observed counts `vaxsim compare` must refuse, each
        at the line and column EXPECTED states, with exit code 2 and no output written."""
        folder = os.path.join(SOURCE, "tests/bad_inputs/observed")
        expected = {}
        with open(os.path.join(folder, "EXPECTED"), encoding="utf-8") as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    name, where, words = line.rstrip("\n").split(" ", 2)
                    expected[name] = (where, words)
        self.assertEqual(sorted(expected), sorted(n for n in os.listdir(folder) if n.endswith(".csv")))
        with tempfile.TemporaryDirectory() as work:
            run_file = os.path.join(work, "run.h5")
            made = subprocess.run([VAXSIM, "run", os.path.join(SOURCE, "tests/data/observed-tiny.yaml"),
                                   "-o", run_file, "-q"], capture_output=True, text=True, timeout=120)
            self.assertEqual(made.returncode, 0, made.stderr)
            for name, (where, words) in sorted(expected.items()):
                with self.subTest(case=name):
                    case = os.path.join(folder, name)
                    out = os.path.join(work, "out")
                    os.makedirs(out)
                    result = subprocess.run([VAXSIM, "compare", run_file, "--observed", case,
                                             "--csv", os.path.join(out, "t.csv"),
                                             "-o", os.path.join(out, "p.html")],
                                            capture_output=True, text=True, errors="replace", timeout=120)
                    self.assertEqual(result.returncode, 2, f"{name}: exit {result.returncode}\n{result.stderr}")
                    self.assertIn(f"{case}:{where}: error:", result.stderr, name)
                    self.assertIn(words, result.stderr, name)
                    self.assertEqual(result.stdout, "", name)
                    self.assertEqual(os.listdir(out), [], f"{name} left files behind")
                    os.rmdir(out)

    def test_error_quotes_the_line_with_a_caret(self):
        case = os.path.join(SOURCE, "tests/bad_inputs/share-above-one.yaml")
        stderr = self.check_rejected(case, *expectation(case))
        self.assertIn("|     uptake: 1.5\n", stderr)
        self.assertRegex(stderr, r"\n\s+\|             \^")

    def test_binary_junk(self):
        with tempfile.TemporaryDirectory() as tmp:
            junk = os.path.join(tmp, "junk.yaml")
            rng = random.Random(7)
            with open(junk, "wb") as f:
                f.write(b"name: x\n" + bytes(rng.randrange(256) for _ in range(4096)))
            self.check_rejected(junk)

    def test_deep_block_nesting(self):
        with tempfile.TemporaryDirectory() as tmp:
            deep = os.path.join(tmp, "deep.yaml")
            with open(deep, "w") as f:
                f.write("name: x\ngroups:\n" + "- " * 5000 + "x\n")
            self.check_rejected(deep, "nesting is too deep")

    def test_huge_flow_nesting(self):
        with tempfile.TemporaryDirectory() as tmp:
            deep = os.path.join(tmp, "deep.yaml")
            with open(deep, "w") as f:
                f.write("name: " + "{a: " * 100000 + "1" + "}" * 100000 + "\n")
            self.check_rejected(deep, "nesting is too deep")


if __name__ == "__main__":
    VAXSIM, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=sys.argv[:1], verbosity=2)
