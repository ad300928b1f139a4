#!/usr/bin/env python3
"""Writes a valid scenario with N of one kind of item, to show that loading and validation
grow linearly with the input (`vaxsim check` of N against 4N items).

  large_scenario.py KIND N OUT.yaml    KIND: tiers, groups, products, targets, deliveries
                                       (valid), or keys (N unknown keys), flowline (an
                                       unknown key with a list of N numbers on one line):
                                       refused, exit 2
  large_scenario.py --scaling VAXSIM N [KIND...]  times `vaxsim check` at N and 4N
  large_scenario.py --load VAXSIM KIND=N...        checks each loads (or is refused: keys);
                                                   ctest runs it under a timeout
"""
import os
import subprocess
import sys
import tempfile
import time

KINDS = ["tiers", "groups", "products", "targets", "deliveries", "keys", "flowline"]
REFUSED = ("keys", "flowline")


def scenario(kind, n):
    tiers = [f"t{i}" for i in range(n if kind == "tiers" else 1)]
    groups = n if kind == "groups" else 1
    products = n if kind == "products" else 1
    out = ["name: large", "start: 2021-03-01", "end: 2021-12-31", "population:",
           "  tiers: [" + ", ".join(tiers) + "]", "  bands:"]
    out.append("    - {id: b0, min_age: 0, count: 100000000}")
    out.append("products:")
    for p in range(products):
        out.append(f"  - id: p{p}\n    doses: 2\n    interval_days: 21\n    supply:")
        if kind == "deliveries":
            out.append("      deliveries:")
            out += [f"        - {{date: 2021-03-01, doses: {d}}}" for d in range(n)]
        else:
            out.append("      deliveries: [{date: 2021-03-01, doses: 1000}]")
    out.append("capacity: {periods: [{from: 2021-03-01, doses_per_day: 1000}]}")
    out.append("groups:")
    for g in range(groups):
        out.append(f"  - {{id: g{g}, tier: {tiers[g % len(tiers)]}, band: b0, size: 10, "
                   f"opens: 2021-03-01, priority: {g % 1000}, plan: {{quarter: 2021Q2}}}}")
    out.append("targets:")
    for t in range(n if kind == "targets" else 1):
        out.append(f"  - {{id: x{t}, measure: first_dose, population: {{groups: [g0]}}, "
                   f"count: 1, deadline: 2021-12-31}}")
    if kind == "keys":
        out += [f"unknown_{k}: 1" for k in range(n)]
    if kind == "flowline":
        out.append("unknown: [a100," + ",".join(["100"] * n) + "]")
    return "\n".join(out) + "\n"


def check_seconds(vaxsim, kind, n):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, f"{kind}.yaml")
        with open(path, "w") as f:
            f.write(scenario(kind, n))
        start = time.monotonic()
        r = subprocess.run([vaxsim, "check", path], capture_output=True, text=True)
        elapsed = time.monotonic() - start
        if r.returncode != (2 if kind in REFUSED else 0):
            sys.exit(f"{kind} x {n}: exit {r.returncode}\n{r.stderr[:2000]}")
        return elapsed, os.path.getsize(path)


if __name__ == "__main__":
    if sys.argv[1] == "--load":
        for arg in sys.argv[3:]:
            kind, n = arg.split("=")
            check_seconds(sys.argv[2], kind, int(n))
            print(f"{kind} x {n}: loaded")
    elif sys.argv[1] == "--scaling":
        vaxsim, n = sys.argv[2], int(sys.argv[3])
        kinds = sys.argv[4:] or KINDS
        print(f"{'kind':<12}{'n':>9}{'s':>9}{'4n':>9}{'s':>9}{'ratio':>8}")
        for kind in kinds:
            a, _ = check_seconds(vaxsim, kind, n)
            b, size = check_seconds(vaxsim, kind, 4 * n)
            print(f"{kind:<12}{n:>9}{a:>9.2f}{4 * n:>9}{b:>9.2f}{b / a:>8.1f}  ({size / 1e6:.1f} MB)")
    else:
        with open(sys.argv[3], "w") as f:
            f.write(scenario(sys.argv[1], int(sys.argv[2])))
