#!/usr/bin/env python3
"""RFM of the Online Retail II CSV computed with pandas, straight from the file, by the definitions of docs/rfm.md.

An independent reference for `rapport rfm export`: it does not use Rapport's importer, database or code. It writes
the same CSV columns (customer_id,recency,frequency,monetary,r,f,m,segment), one row per customer, sorted by
customer id; compare the two with compare.py.

    python rfm_reference.py online_retail_II_2009-2010.csv.gz --out /tmp/rfm-reference.csv [--as-of YYYY-MM-DD]

Invoice dates carry no time zone; like Rapport's importer, this script reads them as UTC (wall-clock time taken as
is), so both sides agree on every calendar day.
"""

import argparse
import json
import math
import re
import sys

import pandas as pd

DECIMAL = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")

# docs/rfm.md, "Segments": rows R 5..1, columns FM 1..5, FM = (F + M) / 2 rounded half up.
SEGMENT_GRID = {
    5: ["New", "Potential Loyalist", "Potential Loyalist", "Champions", "Champions"],
    4: ["Promising", "Potential Loyalist", "Potential Loyalist", "Loyal", "Loyal"],
    3: ["About to Sleep", "About to Sleep", "Need Attention", "Loyal", "Loyal"],
    2: ["Hibernating", "Hibernating", "At Risk", "At Risk", "Can't Lose"],
    1: ["Lost", "Lost", "At Risk", "At Risk", "Can't Lose"],
}


def customer_id_key(customer_id: str):
    """Numeric ids (finite decimals) first, by value then code point; all other ids after them, by code point."""
    if DECIMAL.match(customer_id):
        value = float(customer_id)
        if math.isfinite(value):
            return (0, value, customer_id)
    return (1, 0.0, customer_id)


def score(measure: pd.Series) -> pd.Series:
    """Bins 1..5 of pandas qcut on rank(method="first"); ties follow the current row order (customer id)."""
    if len(measure) == 1:
        return pd.Series([1], index=measure.index)
    ranks = measure.rank(method="first")
    return pd.qcut(ranks, 5, labels=[1, 2, 3, 4, 5]).astype(int)


def load_orders(path: str) -> pd.DataFrame:
    raw = pd.read_csv(
        path,
        dtype={"Invoice": str, "StockCode": str, "Customer ID": str, "Quantity": float, "Price": float},
        keep_default_na=False,
    )
    raw["InvoiceDate"] = pd.to_datetime(raw["InvoiceDate"], format="%Y-%m-%d %H:%M:%S")
    customer = raw["Customer ID"].str.strip()
    invoice = raw["Invoice"]
    # An order: an invoice that is neither a cancellation (C…) nor an adjustment (A…), of a known customer.
    is_order = ~invoice.str.startswith("C") & ~invoice.str.startswith("A") & (customer != "")
    return raw[is_order]


def compute(rows: pd.DataFrame, as_of: pd.Timestamp | None) -> tuple[pd.DataFrame, pd.Timestamp | None]:
    if as_of is not None:
        rows = rows[rows["InvoiceDate"] < as_of]
    if rows.empty:
        return pd.DataFrame(columns=["customer_id", "recency", "frequency", "monetary", "r", "f", "m", "segment"]), as_of
    line_value = rows["Quantity"] * rows["Price"]
    rows = rows.assign(value=line_value.where((rows["Quantity"] > 0) & (rows["Price"] > 0), 0.0))
    per_customer = rows.groupby("Customer ID").agg(
        last=("InvoiceDate", "max"), frequency=("Invoice", "nunique"), monetary=("value", "sum")
    )
    if as_of is None:
        as_of = per_customer["last"].max().normalize() + pd.Timedelta(days=1)
    rfm = pd.DataFrame(
        {
            "customer_id": per_customer.index.astype(str),
            "recency": (as_of - per_customer["last"].dt.normalize()).dt.days.to_numpy(),
            "frequency": per_customer["frequency"].to_numpy(),
            "monetary": per_customer["monetary"].round(6).to_numpy(),
        }
    )
    rfm = rfm.iloc[sorted(range(len(rfm)), key=lambda i: customer_id_key(rfm["customer_id"].iat[i]))]
    rfm = rfm.reset_index(drop=True)
    rfm["r"] = 6 - score(rfm["recency"])
    rfm["f"] = score(rfm["frequency"])
    rfm["m"] = score(rfm["monetary"])
    fm = (rfm["f"] + rfm["m"] + 1) // 2
    rfm["segment"] = [SEGMENT_GRID[r][x - 1] for r, x in zip(rfm["r"], fm)]
    return rfm, as_of


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("csv", help="the Online Retail II CSV (.csv or .csv.gz)")
    parser.add_argument("--out", required=True, help="where to write the reference RFM CSV")
    parser.add_argument("--as-of", help="YYYY-MM-DD; default: the day after the last order")
    args = parser.parse_args()
    as_of = pd.Timestamp(args.as_of) if args.as_of else None
    rfm, as_of = compute(load_orders(args.csv), as_of)
    rfm.to_csv(args.out, index=False)
    summary = {
        "customers": len(rfm),
        "asOf": None if as_of is None else as_of.strftime("%Y-%m-%d"),
        "segments": {k: int(v) for k, v in rfm["segment"].value_counts().sort_index().items()},
        "pandas": pd.__version__,
    }
    json.dump(summary, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
