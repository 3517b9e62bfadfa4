"""The benchmark server for checkout throughput (bench/checkout_throughput.py).

Production settings on loopback (config.settings.bench) with one difference: the holds'
rate limit ("booking", 20 an hour per client address and per user) counts per address,
and every benchmark client comes from 127.0.0.1, where behind the proxy each person has
an address of their own. Everything else, the lock on the departure included, is as is.
"""

from .bench import *  # noqa: F403

PAAMAJA_RATE_LIMITS = {"booking": "1000000/3600"}
