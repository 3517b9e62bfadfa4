"""Statistics on plain data (lists of numbers, dicts): no database, easy to prove.

Means are Decimals rounded half-up to two places so that the web page, the PDF, the
CSV and the tests all show the same figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO = Decimal("0.01")
ONE = Decimal("0.1")


@dataclass(frozen=True)
class RatingSummary:
    """Mean, distribution over the scale and number of answers."""

    n: int
    mean: Decimal | None
    distribution: dict[int, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "n": self.n,
            "mean": None if self.mean is None else str(self.mean),
            "distribution": {str(k): v for k, v in self.distribution.items()},
        }


def mean(values: Sequence[int | Decimal]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(TWO, rounding=ROUND_HALF_UP)


def rating_summary(values: Iterable[int | None], *, low: int = 1, high: int = 5) -> RatingSummary:
    """Summary of ratings on the scale low..high; None (not answered) is left out."""
    answered = [int(v) for v in values if v is not None]
    out_of_scale = [v for v in answered if not low <= v <= high]
    if out_of_scale:
        raise ValueError(f"ratings outside {low}..{high}: {out_of_scale[:3]}")
    distribution = dict.fromkeys(range(low, high + 1), 0)
    for value in answered:
        distribution[value] += 1
    return RatingSummary(n=len(answered), mean=mean(answered), distribution=distribution)


@dataclass(frozen=True)
class NPS:
    n: int
    promoters: int
    passives: int
    detractors: int
    score: int | None  # -100..100, None without answers

    def as_dict(self) -> dict:
        return {
            "n": self.n,
            "promoters": self.promoters,
            "passives": self.passives,
            "detractors": self.detractors,
            "score": self.score,
        }


def net_promoter_score(values: Iterable[int]) -> NPS:
    """Net promoter score: % promoters (9–10) minus % detractors (0–6), rounded half-up."""
    answered = [int(v) for v in values]
    if any(not 0 <= v <= 10 for v in answered):
        raise ValueError("NPS answers are 0..10")
    promoters = sum(1 for v in answered if v >= 9)
    detractors = sum(1 for v in answered if v <= 6)
    passives = len(answered) - promoters - detractors
    if not answered:
        return NPS(0, 0, 0, 0, None)
    raw = Decimal(100 * (promoters - detractors)) / Decimal(len(answered))
    score = int(raw.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return NPS(len(answered), promoters, passives, detractors, score)


def share(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage with one decimal; None when whole is 0."""
    if whole <= 0:
        return None
    if not 0 <= part <= whole:
        raise ValueError("part must be within 0..whole")
    return (Decimal(100 * part) / Decimal(whole)).quantize(ONE, rounding=ROUND_HALF_UP)


def response_rate(*, invited: int, answered: int) -> Decimal | None:
    return share(answered, invited)


def objectives_met(
    objectives: Sequence[str], answers: Iterable[tuple[int, int]], *, met_from: int
) -> list[dict]:
    """Per objective (by position): answers, how many met it, the share, the distribution.

    `answers` are (position, level) pairs; levels run 1..4 and count as met from `met_from`.
    """
    rows = [
        {"objective": text, "n": 0, "met": 0, "distribution": {str(k): 0 for k in range(1, 5)}}
        for text in objectives
    ]
    for position, level in answers:
        if 0 <= position < len(rows):
            row = rows[position]
            row["n"] += 1
            row["met"] += int(level >= met_from)
            row["distribution"][str(level)] += 1
    for row in rows:
        pct = share(row["met"], row["n"])
        row["share"] = None if pct is None else str(pct)
    return rows


def quotes_with_consent(answers: Iterable[dict]) -> list[dict]:
    """The quotes a report may print: consent named -> with name; anonymous -> without.

    Each answer is a dict with `consent`, `text`, and optionally `name` and `country`.
    A "none" consent is never quoted; a name is shown only with a named consent.
    """
    quotes = []
    for answer in answers:
        text = (answer.get("text") or "").strip()
        consent = answer.get("consent")
        if not text or consent not in ("named", "anonymous"):
            continue
        named = consent == "named" and bool(answer.get("name"))
        quotes.append(
            {
                "text": text,
                "name": answer["name"] if named else "",
                "country": answer.get("country", "") if named else "",
                "topic": answer.get("topic", ""),
            }
        )
    return quotes


def money_sum(values: Iterable[Decimal]) -> Decimal:
    return sum((Decimal(v) for v in values), Decimal("0.00")).quantize(TWO)
