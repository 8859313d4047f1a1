#!/usr/bin/env python3
"""Synthetic customer summaries for src/ml/clv/*.test.ts, drawn from the BG/NBD and Gamma-Gamma generative
processes.

BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): each customer has a purchase rate
lambda ~ Gamma(shape r, rate alpha) and a dropout probability p ~ Beta(a, b); purchases follow a Poisson
process of rate lambda, and after each repeat purchase the customer drops out with probability p. Age T (days
since the first purchase) is uniform on the integers 60..540; x is the number of repeat purchases in (0, T],
t_x the time of the last one (0 when x = 0), rounded to 0.01 day.

Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV"): each customer has nu ~ Gamma(shape q, rate gamma); the
value of each repeat order is Gamma(shape p, rate nu); m_x is the mean of the x repeat order values rounded to
cents (0 when x = 0).

    /usr/bin/python3 scripts/ml-reference/clv_data.py   # the data as JSON, for src/ml/clv/reference-data.ts
"""

import json

import numpy as np

BGNBD_TRUE = {"r": 0.6, "alpha": 40.0, "a": 0.8, "b": 3.0}
GG_TRUE = {"p": 6.0, "q": 4.0, "gamma": 15.0}
SEED = 20240611
CUSTOMERS = 400


def summaries(n=CUSTOMERS, seed=SEED):
    rng = np.random.default_rng(seed)
    r, alpha, a, b = (BGNBD_TRUE[k] for k in ("r", "alpha", "a", "b"))
    p, q, gamma = (GG_TRUE[k] for k in ("p", "q", "gamma"))
    out = {"frequency": [], "recency": [], "age": [], "monetaryValue": []}
    for _ in range(n):
        age = int(rng.integers(60, 541))
        lam = rng.gamma(r, 1 / alpha)
        drop = rng.beta(a, b)
        t, x, last = 0.0, 0, 0.0
        while True:
            t += rng.exponential(1 / lam)
            if t > age:
                break
            x += 1
            last = t
            if rng.random() < drop:
                break
        nu = rng.gamma(q, 1 / gamma)
        values = rng.gamma(p, 1 / nu, size=x)
        out["frequency"].append(x)
        out["recency"].append(round(last, 2) if x > 0 else 0.0)
        out["age"].append(age)
        out["monetaryValue"].append(round(float(values.mean()), 2) if x > 0 else 0.0)
    return out


def versions():
    import scipy

    return {"numpy": np.__version__, "scipy": scipy.__version__}


if __name__ == "__main__":
    print(json.dumps(summaries()))
