"""The statistics, proved on generated data (hypothesis) against simple definitions."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learning_reports import stats

ratings = st.lists(st.integers(min_value=1, max_value=5), max_size=300)
nps_answers = st.lists(st.integers(min_value=0, max_value=10), max_size=300)


@given(ratings)
def test_rating_summary_counts_every_answer_once(values):
    summary = stats.rating_summary(values)
    assert summary.n == len(values)
    assert sum(summary.distribution.values()) == len(values)
    assert set(summary.distribution) == {1, 2, 3, 4, 5}
    for k, count in summary.distribution.items():
        assert count == values.count(k)


@given(ratings)
def test_rating_mean_is_within_the_scale_and_close_to_the_exact_mean(values):
    summary = stats.rating_summary(values)
    if not values:
        assert summary.mean is None
        return
    exact = Decimal(sum(values)) / len(values)
    assert Decimal(1) <= summary.mean <= Decimal(5)
    assert abs(summary.mean - exact) <= Decimal("0.005")
    assert min(values) <= summary.mean <= max(values)


@given(ratings, st.lists(st.none(), max_size=20))
def test_unanswered_ratings_do_not_count(values, blanks):
    assert stats.rating_summary([*values, *blanks]) == stats.rating_summary(values)


@given(nps_answers)
def test_nps_is_promoters_minus_detractors_and_within_bounds(values):
    result = stats.net_promoter_score(values)
    assert result.promoters + result.passives + result.detractors == len(values)
    if not values:
        assert result.score is None
        return
    assert -100 <= result.score <= 100
    exact = Decimal(100) * (result.promoters - result.detractors) / len(values)
    assert abs(Decimal(result.score) - exact) <= Decimal("0.5")


@given(st.integers(min_value=1, max_value=200))
def test_nps_extremes(n):
    assert stats.net_promoter_score([10] * n).score == 100
    assert stats.net_promoter_score([0] * n).score == -100
    assert stats.net_promoter_score([7, 8] * n).score == 0


@given(st.integers(min_value=0, max_value=1000), st.integers(min_value=0, max_value=1000))
def test_share_is_a_percentage(a, b):
    part, whole = min(a, b), max(a, b)
    result = stats.share(part, whole)
    if whole == 0:
        assert result is None
    else:
        assert Decimal(0) <= result <= Decimal(100)
        assert abs(result - Decimal(100 * part) / whole) <= Decimal("0.05")


@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=2), st.integers(min_value=1, max_value=4)),
        max_size=200,
    )
)
def test_objectives_met_counts_mostly_and_fully(answers):
    rows = stats.objectives_met(["A", "B", "C"], answers, met_from=3)
    for position, row in enumerate(rows):
        mine = [level for p, level in answers if p == position]
        assert row["n"] == len(mine)
        assert row["met"] == sum(1 for level in mine if level >= 3)
        assert sum(row["distribution"].values()) == len(mine)


def test_out_of_scale_is_refused():
    with pytest.raises(ValueError):
        stats.rating_summary([0, 3])
    with pytest.raises(ValueError):
        stats.net_promoter_score([11])


consents = st.sampled_from(["named", "anonymous", "none", None])


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "consent": consents,
                "text": st.text(max_size=30),
                "name": st.sampled_from(["", "Anna Schmidt"]),
                "country": st.sampled_from(["", "DE"]),
            }
        ),
        max_size=40,
    )
)
def test_quotes_only_with_consent_and_names_only_with_named_consent(answers):
    quotes = stats.quotes_with_consent(answers)
    allowed = [a for a in answers if a["consent"] in ("named", "anonymous") and a["text"].strip()]
    assert len(quotes) == len(allowed)
    for quote, source in zip(quotes, allowed, strict=True):
        if source["consent"] != "named":
            assert quote["name"] == "" and quote["country"] == ""
        else:
            assert quote["name"] == source["name"]


@given(st.lists(st.decimals(min_value=0, max_value=100000, places=2), max_size=50))
def test_money_sum_is_exact(values):
    assert stats.money_sum(values) == sum(values, Decimal("0.00"))
