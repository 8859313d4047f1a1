#!/usr/bin/env python3
"""Reference values for src/ml/clv/bgnbd.test.ts and src/ml/clv/bgnbd-predict.test.ts.

An independent scipy implementation of the BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers
the Easy Way", Marketing Science 24(2)) on the synthetic summaries of clv_data.py:
- the log-likelihood, eq. (6) written with Beta functions (betaln) and combined with logaddexp;
- the maximum-likelihood fit over log-parameters with scipy.optimize.minimize: Nelder-Mead at tight
  tolerances, then restarted from its result until it stops moving; the objective is the mean negative
  log-likelihood plus penalizer * sum(log(params)^2); 'gradientMax' is the largest central-difference gradient
  component there;
- E[Y(t) | x, t_x, T], eq. (10), and E[X(t)], eq. (9), with scipy.special.hyp2f1, and with mpmath.hyp2f1 at 60
  digits where scipy's is not to be trusted (a and b in the millions, horizons of 10^8);
- P(alive | x, t_x, T) (Hardie's note 021);
- P(a purchase in (T, T + t] | x, t_x, T) = P(alive) * integral of (1 - exp(-lambda t)) over the posterior
  Gamma(r + x, alpha + T) of lambda (scipy.integrate.quad), and its median in t (scipy.optimize.brentq).

    /usr/bin/python3 scripts/ml-reference/clv_bgnbd.py
"""

import json

import mpmath
import numpy as np
from scipy import integrate, optimize, special, stats

from clv_data import BGNBD_TRUE, summaries, versions

# Parameter points (r, alpha, a, b) at which the log-likelihood and the predictions are printed.
POINTS = {
    "true": [BGNBD_TRUE["r"], BGNBD_TRUE["alpha"], BGNBD_TRUE["a"], BGNBD_TRUE["b"]],
    "other": [1.7, 95.0, 2.5, 0.9],
}
# Customers (x, t_x, T) for the predictions; horizon t in days.
CUSTOMERS = [
    [0, 0.0, 200.0],
    [1, 30.5, 200.0],
    [4, 190.0, 200.0],
    [4, 40.0, 200.0],
    [25, 300.0, 310.0],
    [2, 5.0, 400.0],
]
HORIZONS = [30.0, 90.0, 365.0]


def log_likelihood(params, x, tx, T):
    """Per-customer log-likelihood, eq. (6)."""
    r, alpha, a, b = params
    common = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) - special.betaln(a, b)
    alive = common + special.betaln(a, b + x) - (r + x) * np.log(alpha + T)
    dead = np.where(
        x > 0,
        common + special.betaln(a + 1, np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx),
        -np.inf,
    )
    return np.logaddexp(alive, dead)


def objective(log_params, x, tx, T, penalizer):
    return -log_likelihood(np.exp(log_params), x, tx, T).mean() + penalizer * np.sum(log_params**2)


def fit(x, tx, T, penalizer):
    start = np.log([1.0, T.sum() / x.sum(), 1.0, 1.0])
    previous = None
    for _ in range(20):
        res = optimize.minimize(
            objective,
            start,
            args=(x, tx, T, penalizer),
            method="Nelder-Mead",
            options={"xatol": 1e-12, "fatol": 1e-15, "maxiter": 200000, "maxfev": 200000},
        )
        start = res.x
        if previous is not None and abs(previous - res.fun) <= 1e-15:
            break
        previous = res.fun
    h = 1e-6
    step = h * np.eye(4)
    grad = [
        (objective(res.x + e, x, tx, T, penalizer) - objective(res.x - e, x, tx, T, penalizer)) / (2 * h)
        for e in step
    ]
    params = np.exp(res.x)
    return {
        "params": dict(zip(["r", "alpha", "a", "b"], params.tolist())),
        "logLikelihood": float(log_likelihood(params, x, tx, T).sum()),
        "gradientMax": float(np.max(np.abs(grad))),
    }


def p_alive(params, x, tx, T):
    r, alpha, a, b = params
    if x == 0:
        return 1.0
    return 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))


def conditional_expected(params, t, x, tx, T):
    """Eq. (10)."""
    r, alpha, a, b = params
    z = t / (alpha + T + t)
    hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, z)
    top = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
    return top * p_alive(params, x, tx, T)


def conditional_expected_mp(params, t, x, tx, T):
    """Eq. (10) in 60-digit arithmetic."""
    with mpmath.workdps(60):
        r, alpha, a, b, tm, xm, Tm = (mpmath.mpf(v) for v in (*params, t, x, T))
        z = tm / (alpha + Tm + tm)
        hyp = mpmath.hyp2f1(r + xm, b + xm, a + b + xm - 1, z)
        top = (a + b + xm - 1) / (a - 1) * (1 - ((alpha + Tm) / (alpha + Tm + tm)) ** (r + xm) * hyp)
        return float(top * p_alive(params, x, tx, T))


def unconditional_expected(params, t):
    """Eq. (9)."""
    r, alpha, a, b = params
    hyp = special.hyp2f1(r, b, a + b - 1, t / (alpha + t))
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp)


def next_purchase_probability(params, t, x, tx, T):
    r, alpha, a, b = params
    posterior = stats.gamma(r + x, scale=1 / (alpha + T))
    inner, _ = integrate.quad(
        lambda lam: -np.expm1(-lam * t) * posterior.pdf(lam), 0, np.inf, epsabs=1e-15, epsrel=1e-13, limit=500
    )
    return p_alive(params, x, tx, T) * inner


def median_next_purchase(params, x, tx, T):
    if p_alive(params, x, tx, T) <= 0.5:
        return None
    hi = 1.0
    while next_purchase_probability(params, hi, x, tx, T) < 0.5:
        hi *= 2
    return optimize.brentq(
        lambda t: next_purchase_probability(params, t, x, tx, T) - 0.5, 0, hi, xtol=1e-13, rtol=1e-15
    )


def main():
    data = summaries()
    x = np.array(data["frequency"], dtype=float)
    tx = np.array(data["recency"])
    T = np.array(data["age"], dtype=float)
    out = {"versions": versions(), "points": {}, "fits": {}}
    for name, params in POINTS.items():
        out["points"][name] = {
            "params": params,
            "logLikelihood": float(log_likelihood(params, x, tx, T).sum()),
            "pAlive": [p_alive(params, *c) for c in CUSTOMERS],
            "conditional": [[conditional_expected(params, t, *c) for t in HORIZONS] for c in CUSTOMERS],
            "unconditional": [unconditional_expected(params, t) for t in HORIZONS],
            "nextPurchaseProbability": [next_purchase_probability(params, 90.0, *c) for c in CUSTOMERS],
            "medianNextPurchase": [median_next_purchase(params, *c) for c in CUSTOMERS],
        }
    for penalizer in (0.0, 0.01):
        out["fits"][str(penalizer)] = fit(x, tx, T, penalizer)
    # A horizon of 5,000 (alpha + T) with a >= r + x + 1, where the series converges slowly.
    out["longHorizon"] = float(conditional_expected([0.5, 40.0, 5.0, 3.0], 1e6, 0, 0.0, 200.0))
    out["veryLongHorizon"] = conditional_expected_mp([0.5, 40.0, 5.0, 3.0], 1e8, 0, 0.0, 200.0)
    # a and b in the millions with a/(a + b) ~ 0.17: a fit's end when dropout has no heterogeneity.
    huge = [0.9412807978181427, 49.75188690658484, 1336940.7034209385, 6338134.356218294]
    out["hugeAB"] = {
        "params": huge,
        "conditional": [[conditional_expected_mp(huge, t, *c) for t in HORIZONS] for c in CUSTOMERS],
    }
    out["customers"] = CUSTOMERS
    out["horizons"] = HORIZONS
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
