#!/usr/bin/env python3
"""Reference values for src/ml/metrics.test.ts and src/ml/ranking-metrics.test.ts.

Data: reference_data.scores(200, seed=11). Every number comes from scikit-learn's own function of the same name,
except gains and lift (no scikit-learn function): those come from lift_at() below, a direct numpy transcription of
the definition in src/ml/ranking-metrics.ts (top m = max(1, floor(fraction * n + 1/2)) rows, ties at the cut
shared pro rata).

    /usr/bin/python3 scripts/ml-reference/metrics.py
"""

import json
import math

import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    brier_score_loss,
    confusion_matrix,
    f1_score,
    log_loss,
    mean_absolute_error,
    mean_squared_error,
    precision_recall_curve,
    precision_score,
    r2_score,
    recall_score,
    roc_auc_score,
    roc_curve,
)

from reference_data import scores, versions


def lift_at(y, s, fraction):
    n = len(y)
    m = max(1, math.floor(fraction * n + 0.5))
    cut = np.sort(s)[::-1][m - 1]
    above = s > cut
    tied = s == cut
    captured = y[above].sum() + (m - above.sum()) * y[tied].sum() / tied.sum()
    return {
        "rows": m,
        "positives": float(captured),
        "gain": float(captured / y.sum()),
        "lift": float(captured / m / y.mean()),
    }


def main():
    d = {k: np.array(v) for k, v in scores(200, 11).items()}
    y = d["y"]
    pred = (d["score"] >= 0.5).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, pred).ravel()
    out = {
        "versions": versions(),
        "thresholded": {
            "confusion": {"tp": int(tp), "fp": int(fp), "tn": int(tn), "fn": int(fn)},
            "accuracy": accuracy_score(y, pred),
            "precision": precision_score(y, pred),
            "recall": recall_score(y, pred),
            "f1": f1_score(y, pred),
        },
        "probabilistic": {
            "logLossProb": log_loss(y, d["prob"]),
            "logLossScore": log_loss(y, d["score"]),
            "brierProb": brier_score_loss(y, d["prob"]),
        },
        "ranking": {},
        "calibration": {},
        "lift": {},
        "regression": {
            "mae": mean_absolute_error(d["truth"], d["pred"]),
            "rmse": mean_squared_error(d["truth"], d["pred"], squared=False),
            "r2": r2_score(d["truth"], d["pred"]),
        },
    }
    for name in ["score", "tied"]:
        s = d[name]
        fpr, tpr, thr = roc_curve(y, s)
        fpr_all, _, _ = roc_curve(y, s, drop_intermediate=False)
        precision, recall, pr_thr = precision_recall_curve(y, s)
        out["ranking"][name] = {
            "auc": roc_auc_score(y, s),
            "ap": average_precision_score(y, s),
            "roc": {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": thr[1:].tolist()},
            "rocPointsWithoutDrop": len(fpr_all),
            "pr": {"precision": precision.tolist(), "recall": recall.tolist(), "thresholds": pr_thr.tolist()}
            if name == "tied"
            else {"points": len(precision)},
        }
        out["lift"][name] = {str(f): lift_at(y, s, f) for f in [0.1, 0.25, 0.333, 0.5, 1.0]}
    for strategy in ["uniform", "quantile"]:
        for n_bins in [5, 10]:
            for name in ["score", "tied"]:
                prob_true, prob_pred = calibration_curve(y, d[name], n_bins=n_bins, strategy=strategy)
                out["calibration"][f"{strategy}-{n_bins}-{name}"] = {
                    "probTrue": prob_true.tolist(),
                    "probPred": prob_pred.tolist(),
                }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
