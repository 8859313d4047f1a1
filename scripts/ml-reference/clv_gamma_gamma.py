#!/usr/bin/env python3
"""Reference values for src/ml/clv/gamma-gamma.test.ts and src/ml/clv/expected-spend.test.ts.

An independent scipy implementation of the Gamma-Gamma model of order value (Fader, Hardie & Lee 2005,
"RFM and CLV: Using Iso-Value Curves for Customer Base Analysis", JMR 42(4); Hardie's note 025) on the
synthetic summaries of clv_data.py (customers with x >= 1 only):
- the log-likelihood of the mean repeat order value m_x given x (note 025, eq. 1a), written with betaln;
- the maximum-likelihood fit over log-parameters with scipy.optimize.minimize (Nelder-Mead at tight
  tolerances, restarted until it stops moving), objective mean negative log-likelihood
  + penalizer * sum(log(params)^2);
- E[M | x, m_x] = (q - 1)/(px + q - 1) * p gamma/(q - 1) + px/(px + q - 1) * m_x (note 025, eq. 5);
- expected spend in the next 90 days = E[Y(90) | x, t_x, T] (clv_bgnbd.py, eq. 10 with hyp2f1)
  * E[M | x, m_x].

    /usr/bin/python3 scripts/ml-reference/clv_gamma_gamma.py
"""

import json

import numpy as np
from scipy import optimize, special

from clv_bgnbd import conditional_expected
from clv_data import GG_TRUE, summaries, versions

POINTS = {"true": [GG_TRUE["p"], GG_TRUE["q"], GG_TRUE["gamma"]], "other": [2.5, 1.4, 60.0]}
# Customers (x, m_x) for E[M | x, m_x]; (x, t_x, T, m_x) for the expected spend, with fixed BG/NBD parameters.
ORDER_CUSTOMERS = [[0, 0.0], [1, 12.5], [3, 80.0], [20, 31.0]]
SPEND_CUSTOMERS = [[0, 0.0, 200.0, 0.0], [4, 190.0, 200.0, 55.0], [25, 300.0, 310.0, 18.4]]
SPEND_BGNBD = [0.6, 40.0, 0.8, 3.0]
SPEND_HORIZON = 90.0


def log_likelihood(params, x, m):
    p, q, gamma = params
    return (
        -special.betaln(p * x, q)
        + q * np.log(gamma)
        + (p * x - 1) * np.log(m)
        + p * x * np.log(x)
        - (p * x + q) * np.log(gamma + x * m)
    )


def objective(log_params, x, m, penalizer):
    return -log_likelihood(np.exp(log_params), x, m).mean() + penalizer * np.sum(log_params**2)


def fit(x, m, penalizer):
    start = np.log([1.0, 2.0, m.mean()])
    previous = None
    for _ in range(20):
        res = optimize.minimize(
            objective,
            start,
            args=(x, m, penalizer),
            method="Nelder-Mead",
            options={"xatol": 1e-12, "fatol": 1e-15, "maxiter": 200000, "maxfev": 200000},
        )
        start = res.x
        if previous is not None and abs(previous - res.fun) <= 1e-15:
            break
        previous = res.fun
    h = 1e-6
    grad = [
        (objective(res.x + h * e, x, m, penalizer) - objective(res.x - h * e, x, m, penalizer)) / (2 * h)
        for e in np.eye(3)
    ]
    params = np.exp(res.x)
    return {
        "params": dict(zip(["p", "q", "gamma"], params.tolist())),
        "logLikelihood": float(log_likelihood(params, x, m).sum()),
        "gradientMax": float(np.max(np.abs(grad))),
    }


def expected_order_value(params, x, m):
    p, q, gamma = params
    population = p * gamma / (q - 1)
    weight = p * x / (p * x + q - 1)
    return (1 - weight) * population + weight * m


def main():
    data = summaries()
    x = np.array(data["frequency"], dtype=float)
    m = np.array(data["monetaryValue"])
    x, m = x[x > 0], m[x > 0]
    out = {"versions": versions(), "customers": int(len(x)), "points": {}, "fits": {}}
    for name, params in POINTS.items():
        out["points"][name] = {
            "params": params,
            "logLikelihood": float(log_likelihood(params, x, m).sum()),
            "expectedOrderValue": [expected_order_value(params, *c) for c in ORDER_CUSTOMERS],
        }
    for penalizer in (0.0, 0.01):
        out["fits"][str(penalizer)] = fit(x, m, penalizer)
    out["spend"] = [
        float(conditional_expected(SPEND_BGNBD, SPEND_HORIZON, cx, ctx, cT))
        * expected_order_value(POINTS["true"], cx, cm)
        for cx, ctx, cT, cm in SPEND_CUSTOMERS
    ]
    out["orderCustomers"] = ORDER_CUSTOMERS
    out["spendCustomers"] = SPEND_CUSTOMERS
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
