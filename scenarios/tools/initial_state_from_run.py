#!/usr/bin/env python3
"""Writes an initial_state section from a vaxsim run file: where that run stood at the
end of a day, for a scenario that starts the next day (README "Starting mid-campaign").

    initial_state_from_run.py RUN.h5 AS_OF [--week-days 7] [--month-days 30]

It reads /daily/doses [D, G, P, K], /daily/stock and /products/second_dose_completion
(h5py). Per group and product, people given dose 2 are the earliest booked first doses
(booked doses are served oldest due first); of each day's first doses, the product's
second_dose_completion (rounded half up) were booked and the rest did not come back
(`booked: false`). To keep the section short, people are bucketed by the day of their
last dose: people booked for a next dose by weeks (--week-days) and everyone else by
months (--month-days), each bucket's last_dose the day by which half of its people had
their dose. Those are approximations of the run, not the run itself; a scenario that
uses the output should say so. Two-dose series only (a longer series needs dose k by k).
"""
import argparse
import datetime
import sys

import h5py
import numpy as np


def median_day(days, counts):
    total = sum(counts)
    run = 0
    for day, n in zip(days, counts):
        run += n
        if 2 * run >= total:
            return day
    return days[-1]


def buckets(entries, width):
    """entries: [(day index, count)] in day order -> [(median day, count)] by `width` days."""
    out, start, days, counts = [], None, [], []
    for day, n in entries:
        if n <= 0:
            continue
        if start is not None and day - start >= width:
            out.append((median_day(days, counts), sum(counts)))
            start, days, counts = None, [], []
        if start is None:
            start = day
        days.append(day)
        counts.append(n)
    if days:
        out.append((median_day(days, counts), sum(counts)))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run")
    ap.add_argument("as_of")
    ap.add_argument("--week-days", type=int, default=7)
    ap.add_argument("--month-days", type=int, default=30)
    a = ap.parse_args()
    f = h5py.File(a.run, "r")
    dates = [d.decode() for d in f["calendar/date"][()]]
    if a.as_of not in dates:
        sys.exit(f"{a.as_of} is not a day of the run ({dates[0]} to {dates[-1]})")
    d = dates.index(a.as_of)
    groups = [g.decode() for g in f["groups/id"][()]]
    products = [p.decode() for p in f["products/id"][()]]
    series = f["products/doses_in_series"][()]
    completion = f["products/second_dose_completion"][()]
    doses = f["daily/doses"][: d + 1]  # [t, G, P, K]
    stock = f["daily/stock"][d]
    if series.max() > 2:
        sys.exit("a series longer than two doses: not supported by this tool")
    lines = []
    for g, group in enumerate(groups):
        for p, product in enumerate(products):
            first = doses[:, g, p, 0].astype(np.int64)
            if first.sum() == 0:
                continue
            if series[p] == 1:
                for day, n in buckets(list(enumerate(first)), a.month_days):
                    lines.append((group, product, 1, n, day, None))
                continue
            second = doses[:, g, p, 1].astype(np.int64)
            for day, n in buckets(list(enumerate(second)), a.month_days):
                lines.append((group, product, 2, n, day, None))
            # Of each day's first doses, the booked (completion, rounded half up
            # cumulatively) and the rest; second doses take the earliest booked.
            share = completion[p]
            cum_first = np.cumsum(first)
            cum_booked = np.floor(cum_first * share + 0.5).astype(np.int64)
            booked = np.diff(np.concatenate([[0], cum_booked]))
            not_back = first - booked
            served = int(second.sum())
            waiting = []
            for day, n in enumerate(booked):
                take = min(int(n), served)
                served -= take
                waiting.append((day, int(n) - take))
            for day, n in buckets(waiting, a.week_days):
                lines.append((group, product, 1, n, day, True))
            for day, n in buckets(list(enumerate(not_back)), a.month_days):
                lines.append((group, product, 1, n, day, False))
    print("initial_state:")
    print(f"  as_of: {a.as_of}")
    print("  people:")
    for group, product, k, n, day, booked in lines:
        extra = ", booked: false" if booked is False else ""
        print(f"    - {{group: {group}, product: {product}, doses: {k}, count: {n}, "
              f"last_dose: {dates[day]}{extra}}}")
    print("  stock: {" + ", ".join(f"{p}: {int(s)}" for p, s in zip(products, stock)) + "}")


if __name__ == "__main__":
    main()
