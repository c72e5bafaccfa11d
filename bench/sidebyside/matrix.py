"""The load points of a run: saturation configs (closed loop) and latency rates (open loop)."""

# (window, binds, body, scam %). Full: every window x binds for GSM 0 % (the main table), then
# the body and scam variants at windows 10 and 100 with one bind.
FULL_SATURATION = ([(w, b, "gsm", 0) for w in (1, 10, 100) for b in (1, 8)] +
                   [(w, 1, body, scam) for w in (10, 100) for body, scam in (("ucs2", 0), ("gsm", 10), ("ucs2", 10))])
QUICK_SATURATION = [(10, 1, "gsm", 0), (100, 1, "gsm", 0), (100, 1, "ucs2", 10)]

# Latency: open loop on this config, at these fractions of the reference smsfw's saturation on it.
LATENCY_CONFIG = (100, 1, "gsm", 0)
FULL_FRACTIONS = (0.25, 0.5, 0.75)
QUICK_FRACTIONS = (0.5,)

FULL_RULES = (0, 1000, 10000, 100000)
QUICK_RULES = (0, 1000)


def config_name(c):
    w, b, body, scam = c
    return f"w{w} b{b} {body} {scam}%"


def rotated(seq, k):
    """seq rotated left by k: round k starts with a different path."""
    k %= len(seq)
    return list(seq[k:]) + list(seq[:k])
