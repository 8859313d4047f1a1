#!/usr/bin/env python3
"""Compares two RFM CSVs (customer_id,recency,frequency,monetary,r,f,m,segment) customer for customer.

    python compare.py /tmp/rfm-reference.csv /tmp/rfm-rapport.csv

Customers are matched on customer_id as text. recency, frequency, r, f, m and segment must be equal; monetary may
differ by at most --tolerance (default 1e-6, relative to max(1, |value|)), which absorbs the order in which two
programs add up the same floating-point numbers. Prints a JSON report; exits 1 on any difference.
"""

import argparse
import json
import sys

import pandas as pd

EXACT = ["recency", "frequency", "r", "f", "m", "segment"]


def read(path: str) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype={"customer_id": str, "segment": str}, keep_default_na=False)
    duplicated = frame["customer_id"].duplicated()
    if duplicated.any():
        raise SystemExit(f"{path}: duplicate customer ids, e.g. {frame['customer_id'][duplicated].iloc[0]!r}")
    return frame.set_index("customer_id")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reference", help="CSV written by rfm_reference.py")
    parser.add_argument("rapport", help="CSV written by `rapport rfm export`")
    parser.add_argument("--tolerance", type=float, default=1e-6)
    parser.add_argument("--show", type=int, default=10, help="how many differing customers to print")
    args = parser.parse_args()

    ref = read(args.reference)
    rap = read(args.rapport)
    only_ref = ref.index.difference(rap.index)
    only_rap = rap.index.difference(ref.index)
    both = ref.index.intersection(rap.index)
    a = ref.loc[both]
    b = rap.loc[both]

    differs = {column: a[column].astype(str) != b[column].astype(str) for column in EXACT}
    scale = a["monetary"].abs().clip(lower=1.0)
    differs["monetary"] = (a["monetary"] - b["monetary"]).abs() > args.tolerance * scale
    any_diff = pd.concat(differs, axis=1).any(axis=1)
    same_order = list(ref.index) == list(rap.index)

    examples = []
    for customer_id in list(any_diff[any_diff].index)[: args.show]:
        examples.append(
            {
                "customer_id": customer_id,
                "reference": {k: str(v) for k, v in ref.loc[customer_id].items()},
                "rapport": {k: str(v) for k, v in rap.loc[customer_id].items()},
            }
        )
    report = {
        "reference_customers": len(ref),
        "rapport_customers": len(rap),
        "only_in_reference": len(only_ref),
        "only_in_rapport": len(only_rap),
        "compared": len(both),
        "customers_differing": int(any_diff.sum()),
        "differences_by_column": {k: int(v.sum()) for k, v in differs.items()},
        "max_monetary_abs_difference": float((a["monetary"] - b["monetary"]).abs().max()) if len(both) else 0.0,
        "same_row_order": same_order,
        "examples": examples,
        "only_in_reference_examples": list(only_ref[: args.show]),
        "only_in_rapport_examples": list(only_rap[: args.show]),
    }
    json.dump(report, sys.stdout, indent=2)
    print()
    ok = report["customers_differing"] == 0 and not len(only_ref) and not len(only_rap) and same_order
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
