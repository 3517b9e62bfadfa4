"""Compile a learning report from N answers and render it as a web page and as a PDF.

Prints: report_compile answers=N html_ms=T pdf_ms=P
html_ms = compile the figures (the Celery task's work) + render the web page;
pdf_ms = compile + render the PDF (WeasyPrint). Runs on a PostgreSQL database of its
own (BENCH_DATABASE_URL, default paamaja_bench_reports). Self-contained: it builds a
completed visit with N answers (bulk inserts) per size, on an emptied database.
"""

from __future__ import annotations

import argparse
import datetime
import random
import time

from _setup import django_on_bench_database


def build(n: int):
    from django.utils import timezone

    from learning_reports.models import (
        FeedbackInvitation,
        FeedbackResponse,
        LearningReport,
        ObjectiveRating,
        SiteVisitRating,
    )
    from tests.learning_reports.factories import make_completed_visit

    rng = random.Random(n)
    world = make_completed_visit(participants=8)
    expires = timezone.now() + datetime.timedelta(days=30)
    invitations = FeedbackInvitation.objects.bulk_create(
        FeedbackInvitation(
            visit=world.visit,
            participant=None,
            kind="feedback",
            expires_at=expires,
            answered_at=timezone.now(),
        )
        for _ in range(n)
    )
    responses = FeedbackResponse.objects.bulk_create(
        FeedbackResponse(
            invitation=invitation,
            visit=world.visit,
            overall_rating=rng.randint(1, 5),
            nps=rng.randint(0, 10),
            apply_at_home=f"Idea {i}: joint drills with the rescue service.",
            improve=f"Suggestion {i}: more time at the sites.",
            consent=rng.choice(["named", "anonymous", "none"]),
            quote_name=f"Participant {i}",
        )
        for i, invitation in enumerate(invitations)
    )
    SiteVisitRating.objects.bulk_create(
        SiteVisitRating(response=r, site_visit=sv, rating=rng.randint(1, 5))
        for r in responses
        for sv in world.site_visits
    )
    ObjectiveRating.objects.bulk_create(
        ObjectiveRating(response=r, position=p, objective=o, met=rng.randint(1, 4))
        for r in responses
        for p, o in enumerate(["Understand the model", "Meet the practitioners"])
    )
    return LearningReport.objects.create(visit=world.visit)


def measure(report) -> tuple[float, float]:
    from learning_reports.render import render_report_html, render_report_pdf
    from learning_reports.services import report_compile_run

    started = time.perf_counter()
    report = report_compile_run(report_id=report.pk)
    render_report_html(report)
    html_ms = (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    report = report_compile_run(report_id=report.pk)
    render_report_pdf(report)
    pdf_ms = (time.perf_counter() - started) * 1000
    return html_ms, pdf_ms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    django_on_bench_database("paamaja_bench_reports")
    from django.core.management import call_command

    # The database is the benchmark's own: start empty so that every run is the same.
    call_command("flush", interactive=False, verbosity=0)
    measure(build(10))  # warm-up: templates, fonts, WeasyPrint
    for n in args.answers:
        html_ms, pdf_ms = measure(build(n))
        print(f"report_compile answers={n} html_ms={html_ms:.0f} pdf_ms={pdf_ms:.0f}", flush=True)


if __name__ == "__main__":
    main()
