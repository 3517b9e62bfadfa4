"""Demo feedback, host debriefs and learning reports, for `manage.py load_demo`.

Run by load_demo (demo.loading) after visits.demo, for the two visits that
have ended, through learning_reports.services as the product does after a visit:
participants are invited (the invitations count as sent), most of them answer — varied
ratings, comments in English, Finnish and Swedish, some consenting to be quoted — the
hosts write their debriefs, and the programme manager writes the observations,
compiles the report (synchronously: the service the compile task runs) and submits it.

- The visit that ended recently: its report waits for the regional developer's review.
- The visit that ended four months ago also has follow-up answers; its report went
  through a round of requested changes and is published, so the impact dashboard and
  the share link have something to show.

Idempotent: a visit whose report has been compiled is left alone; invitations are made
once per participant and only open ones are answered.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.roles import PROGRAMME_MANAGERS, REGIONAL_DEVELOPERS
from bookings import demo as bookings_demo
from core.demo import DemoContext, DemoSection
from visits import demo as visits_demo
from visits.models import SiteVisit

from .enums import (
    AppliedLevel,
    CompileState,
    InvitationKind,
    QuoteConsent,
    ReportSection,
    ReportStatus,
)
from .models import FeedbackInvitation, FeedbackResponse, LearningReport
from .services import (
    feedback_submit,
    follow_up_submit,
    host_debrief_save,
    invitation_mark_sent,
    invitations_create,
    report_approve,
    report_compile_run,
    report_publish,
    report_request_changes,
    report_submit,
    report_update_texts,
    review_comment_add,
)

NAMED, ANONYMOUS, NONE = QuoteConsent.NAMED, QuoteConsent.ANONYMOUS, QuoteConsent.NONE


@dataclass(frozen=True)
class Answer:
    overall: int
    nps: int
    sites: tuple[int | None, ...]  # one rating per site visit, in itinerary order
    objectives: tuple[int, ...]  # ObjectiveMet per learning objective, in order
    apply_at_home: str
    improve: str
    consent: str
    site_comments: dict[int, str] = field(default_factory=dict)  # site index -> comment


@dataclass(frozen=True)
class FollowUp:
    applied: int
    behaviour: str
    results: str
    cooperation: bool
    details: str
    consent: str


@dataclass(frozen=True)
class Debrief:
    host: str  # slug
    how_it_went: str
    questions_asked: str
    follow_up_contacts: str
    cooperation: bool


@dataclass(frozen=True)
class Texts:
    observations: str
    lessons_learned: str
    recommendations: str


@dataclass(frozen=True)
class Scenario:
    # Answers in the participants' order; None: that participant did not answer.
    answers: tuple[Answer | None, ...]
    debriefs: tuple[Debrief, ...]
    texts: Texts
    follow_ups: tuple[FollowUp | None, ...] = ()
    review_comment: tuple[str, str] | None = None  # (section, text): changes requested
    revised: Texts | None = None  # the texts after the requested changes
    publish: bool = False


# Sites of the hybrid and cyber programme: Savo Cyber Defence, the Joint Situation Centre,
# the City Preparedness Office. Four learning objectives.
RECENT = Scenario(
    answers=(
        Answer(
            5,
            9,
            (5, 4, 5),
            (4, 4, 3, 4),
            "We will run our first joint exercise of the municipal crisis team and our CERT, "
            "using the incident format we saw at Savo Cyber Defence.",
            "A longer slot at the situation centre: the discussion on sharing information "
            "with the police was cut short.",
            NAMED,
            {1: "The best hour of the programme for our situation-centre staff."},
        ),
        Answer(
            4,
            8,
            (5, 3, 4),
            (4, 3, 3, 3),
            "Tabletop exercises that start from a plausible hybrid incident rather than a "
            "pure IT outage.",
            "Send the scenario material in advance so that we can prepare our questions.",
            ANONYMOUS,
        ),
        Answer(
            5,
            10,
            (4, 5, 5),
            (4, 4, 4, 3),
            "Pre-approved message templates for the first hour of a crisis, as Mikkeli has.",
            "",
            NAMED,
            {2: "Very practical: we got the templates to take home."},
        ),
        Answer(
            4,
            7,
            (4, 4, 5),
            (3, 3, 4, 2),
            "Kunnan valmiussuunnitelman harjoittelu yhdessä pelastuslaitoksen kanssa kerran "
            "vuodessa.",
            "Enemmän aikaa keskusteluun paikallisten kollegoiden kanssa.",
            ANONYMOUS,
        ),
        Answer(
            3,
            6,
            (3, 4, 4),
            (3, 2, 3, 2),
            "A shared scale of incident severity for IT and the crisis team.",
            "The cyber-range session was too technical for those of us who do not work in "
            "IT; two tracks would help.",
            NONE,
            {0: "Too technical for non-IT participants."},
        ),
        Answer(
            5,
            9,
            (5, 5, 4),
            (4, 3, 4, 3),
            "Invite our volunteer organisations to the city's preparedness exercises.",
            "Interpretation into Latvian for some of our colleagues next time.",
            ANONYMOUS,
        ),
        None,
    ),
    debriefs=(
        Debrief(
            visits_demo.DEMO_HOST,
            "Aktiivinen ryhmä, jolla oli tarkkoja kysymyksiä siitä, miten kaupunki pitää "
            "palvelunsa käynnissä pitkän sähkökatkon aikana.",
            "Varavoima vesihuollolle ja lämmitykselle; miten asukkaille tiedotetaan ilman "
            "mobiiliverkkoa; yhteistyö vapaaehtoisen maanpuolustuksen kanssa.",
            "Andres Mägi pyysi jatkuvuussuunnitelmamme pohjan; lähetetty vierailun jälkeen.",
            False,
        ),
        Debrief(
            visits_demo.SITUATION_CENTRE,
            "A good visit: the group knew the situation-centre model from Estonia and "
            "compared practices with our duty officers.",
            "Information sharing with the police; staffing around the clock; how the "
            "regional picture reaches the municipalities.",
            "Contacts exchanged with the Estonian delegation's situation-centre lead; a "
            "shift exchange is being discussed.",
            True,
        ),
    ),
    texts=Texts(
        observations=(
            "A senior, well-prepared delegation whose national priorities matched the "
            "hybrid-threat themes. The situation-centre visit ran 20 minutes over, which "
            "shortened the discussion on information sharing. A fire alarm at the hotel on "
            "the second morning was handled well: everyone was at the meeting point within "
            "six minutes."
        ),
        lessons_learned=(
            "Participants from outside IT needed a less technical version of the "
            "cyber-range session. Scenario material sent in advance would have made the "
            "tabletop discussions deeper."
        ),
        recommendations=(
            "Offer the cyber-range session in two tracks: technical staff and "
            "decision-makers. Send pre-reading a week before arrival. Keep the "
            "situation-centre slot at 150 minutes and end it with the discussion."
        ),
    ),
)

# Sites of the comprehensive security programme: the Joint Situation Centre, the City
# Preparedness Office, the Volunteer Rescue Network, the Security Campus. Five objectives.
EARLIER = Scenario(
    answers=(
        Answer(
            5,
            9,
            (5, 5, 4, 4),
            (4, 4, 3, 4, 4),
            "Vi inför en gemensam lägesbild för kommunen, räddningstjänsten och vattenverket.",
            "Gärna ett kort pass om hur frivilligorganisationerna finansieras.",
            NAMED,
        ),
        Answer(
            5,
            10,
            (5, 4, 5, 4),
            (4, 3, 4, 4, 4),
            "Övningsformatet med frivilliga i räddningsbåtarna: vi prövar det på sjön i höst.",
            "",
            NAMED,
            {2: "Höjdpunkten i programmet."},
        ),
        Answer(
            4,
            8,
            (4, 4, 3, 4),
            (3, 3, 3, 2, 3),
            "Water-safety planning with the health authority from day one, not after an incident.",
            "No water utility on the programme: add one for groups with utility people.",
            ANONYMOUS,
        ),
        Answer(
            4,
            8,
            (4, 5, 4, 3),
            (4, 4, 2, 3, 3),
            "Information om hemberedskap till alla hushåll, på flera språk.",
            "Mer tid för frågor efter varje besök.",
            ANONYMOUS,
        ),
        Answer(
            3,
            5,
            (4, 3, 3, 3),
            (3, 2, 2, 3, 2),
            "Joint exercises of the police and the rescue services at least twice a year.",
            "Too many presentations on the second day: fewer slides, more conversation.",
            NONE,
            {1: "Mostly slides; we wanted to see the work itself."},
        ),
        Answer(
            5,
            9,
            (5, 4, 5, 5),
            (4, 4, 3, 4, 4),
            "Säkerhetsövningar i skolorna tillsammans med räddningstjänsten.",
            "",
            ANONYMOUS,
        ),
        None,
        Answer(
            5,
            10,
            (5, 5, 5, 4),
            (4, 4, 4, 4, 4),
            "Ystävyyskaupunkien yhteinen valmiusharjoitus ensi keväänä.",
            "Ohjelma oli tiivis; yksi vapaa ilta olisi ollut tervetullut.",
            NAMED,
            {2: "Vapaaehtoisten osaaminen teki vaikutuksen koko ryhmään."},
        ),
    ),
    follow_ups=(
        FollowUp(
            AppliedLevel.MUCH,
            "We hold a weekly situation-picture meeting with the rescue service and the "
            "water utility, on the model of the South Savo centre.",
            "The spring flood warnings reached every department on the same morning.",
            True,
            "An exchange of duty officers with the South Savo Joint Situation Centre, planned "
            "for the autumn.",
            NAMED,
        ),
        FollowUp(
            AppliedLevel.SOME,
            "Volunteers of the sea rescue society took part in our autumn exercise.",
            "",
            False,
            "",
            ANONYMOUS,
        ),
        None,
        FollowUp(
            AppliedLevel.SOME,
            "A new leaflet on household preparedness, in five languages.",
            "More than 2,000 copies handed out during the municipality's preparedness week.",
            False,
            "",
            ANONYMOUS,
        ),
        None,
        None,
        None,
        FollowUp(
            AppliedLevel.MUCH,
            "Ystävyyskaupunkien yhteinen valmiusharjoitus on sovittu toukokuulle.",
            "",
            True,
            "Harjoitus yhdessä Mikkelin kaupungin valmiustoimiston kanssa.",
            NAMED,
        ),
    ),
    debriefs=(
        Debrief(
            visits_demo.DEMO_HOST,
            "Ryhmää kiinnostivat erityisesti kotivarautuminen ja koulujen turvallisuus.",
            "Kotivaraohjeet ja niiden kieliversiot, väestönsuojien kunnossapito, koulujen "
            "poistumisharjoitukset.",
            "Ystävyyskaupunkien yhteinen harjoitus keväällä; yhteyshenkilönä Riikka Heinonen.",
            True,
        ),
        Debrief(
            visits_demo.VOLUNTEERS,
            "Harjoitus onnistui kovasta tuulesta huolimatta. Yksi osallistuja nyrjäytti "
            "nilkkansa maihin noustessa; ensiapu annettiin heti.",
            "Miten vapaaehtoiset hälytetään ja vakuutetaan; kuka johtaa yhteistä tilannetta.",
            "",
            False,
        ),
    ),
    texts=Texts(
        observations=(
            "A mixed municipal delegation (rescue services, police, water, schools) with a "
            "strong interest in how the pieces of comprehensive security fit together. The "
            "lake exercise was the highlight; one participant twisted an ankle stepping off "
            "the boat and continued the programme with support."
        ),
        lessons_learned=(
            "Day two had too many presentations. Groups with utility staff expect to see a "
            "water utility. Landing from the rescue boats needs a second helper when it is "
            "windy."
        ),
        recommendations=(
            "Replace one presentation on day two with a walk through the situation centre. "
            "Offer a water-utility visit as an option. Add a helper on the jetty to the "
            "exercise's safety plan."
        ),
    ),
    review_comment=(
        ReportSection.FOLLOW_UP,
        "Please say how the twin-city exercise agreed after the visit will be followed up, "
        "and by whom.",
    ),
    revised=Texts(
        observations="",  # unchanged
        lessons_learned="",  # unchanged
        recommendations=(
            "Replace one presentation on day two with a walk through the situation centre. "
            "Offer a water-utility visit as an option. Add a helper on the jetty to the "
            "exercise's safety plan. The programme manager follows up the twin-city "
            "exercise agreed for May with the City Preparedness Office and reports it in "
            "the next quarterly review."
        ),
    ),
    publish=True,
)

SCENARIOS = {bookings_demo.ENDED_RECENTLY: RECENT, bookings_demo.ENDED_EARLIER: EARLIER}


# --------------------------------------------------------------------------- load


def load(context: DemoContext) -> DemoSection:
    manager = context.demo_user(PROGRAMME_MANAGERS)
    developer = context.demo_user(REGIONAL_DEVELOPERS)
    host_users = visits_demo.host_users(context)
    for key, scenario in SCENARIOS.items():
        visit = visits_demo.visit_for(key)
        if visit is None:
            continue
        report = LearningReport.objects.filter(visit=visit).first()
        if report is not None and report.compile_state == CompileState.DONE:
            context.note("unchanged", report)
            continue
        _feedback(visit, scenario)
        _debriefs(visit, scenario, host_users)
        report = _report(visit, scenario, manager, developer)
        context.note("created", report)
    return _section(context)


def _section(context: DemoContext) -> DemoSection:
    statuses = Counter(LearningReport.objects.values_list("status", flat=True))
    total = sum(statuses.values())
    lines = [
        (
            _("Learning reports"),
            f"{total} ("
            + ", ".join(
                f"{label}: {statuses[value]}"
                for value, label in ReportStatus.choices
                if statuses[value]
            )
            + ")"
            if total
            else "0",
        ),
        (
            _("Feedback answers"),
            _("%(answered)s of %(invited)s invited participants")
            % {
                "answered": FeedbackResponse.objects.count(),
                "invited": FeedbackInvitation.objects.filter(
                    kind=InvitationKind.FEEDBACK, revoked_at__isnull=True
                ).count(),
            },
        ),
    ]
    base = settings.BASE_URL
    waiting = (
        LearningReport.objects.filter(status=ReportStatus.SUBMITTED)
        .select_related("visit__booking")
        .first()
    )
    # The developer's pages, in the developer's language (the labels stay in the command's).
    with translation.override(context.demo_user(REGIONAL_DEVELOPERS).preferred_language):
        review = waiting and reverse(
            "learning_reports:report_detail", kwargs={"reference": waiting.visit.booking.reference}
        )
        dashboard = reverse("learning_reports:dashboard")
    if review:
        lines.append((_("Report waiting for review"), f"{base}{review}"))
    lines.append((_("Impact dashboard"), f"{base}{dashboard}"))
    return DemoSection(_("Learning reports"), lines)


def _site_visits(visit) -> list[SiteVisit]:
    return list(
        SiteVisit.objects.filter(item__visit=visit, item__removed=False)
        .select_related("host")
        .order_by("item__starts_at", "pk")
    )


def _invite(visit, kind: str) -> list[FeedbackInvitation]:
    """Invite the participants (once) and count the invitations as sent, as the
    e-mail task does once it has sent them."""
    for invitation_id in invitations_create(visit_id=visit.pk, kind=kind):
        invitation_mark_sent(invitation_id=invitation_id, reminder=False)
    return list(
        FeedbackInvitation.objects.filter(visit=visit, kind=kind).order_by("participant_id")
    )


def _feedback(visit, scenario: Scenario) -> None:
    sites = _site_visits(visit)
    invitations = _invite(visit, InvitationKind.FEEDBACK)
    for invitation, answer in zip(invitations, scenario.answers, strict=False):
        if answer is None or not invitation.is_open:
            continue
        feedback_submit(
            invitation=invitation,
            overall_rating=answer.overall,
            nps=answer.nps,
            apply_at_home=answer.apply_at_home,
            improve=answer.improve,
            consent=answer.consent,
            site_ratings=[
                (site.pk, rating, answer.site_comments.get(n, ""))
                for n, (site, rating) in enumerate(zip(sites, answer.sites, strict=False))
            ],
            objectives=list(enumerate(answer.objectives)),
        )
    if not scenario.follow_ups:
        return
    invitations = _invite(visit, InvitationKind.FOLLOW_UP)
    for invitation, follow_up in zip(invitations, scenario.follow_ups, strict=False):
        if follow_up is None or not invitation.is_open:
            continue
        follow_up_submit(
            invitation=invitation,
            applied_level=follow_up.applied,
            behaviour=follow_up.behaviour,
            results=follow_up.results,
            cooperation=follow_up.cooperation,
            cooperation_details=follow_up.details,
            consent=follow_up.consent,
        )


def _debriefs(visit, scenario: Scenario, host_users: dict) -> None:
    sites = {site.host.slug: site for site in reversed(_site_visits(visit))}
    for debrief in scenario.debriefs:
        site = sites.get(debrief.host)
        author = host_users.get(debrief.host)
        if site is None or author is None:
            continue
        host_debrief_save(
            site_visit=site,
            actor=author,
            how_it_went=debrief.how_it_went,
            questions_asked=debrief.questions_asked,
            follow_up_contacts=debrief.follow_up_contacts,
            cooperation=debrief.cooperation,
        )


def _write(report: LearningReport, texts: Texts, manager) -> LearningReport:
    """The manager's texts, compiled with the figures and submitted for review."""
    report = report_update_texts(
        report=report,
        actor=manager,
        observations=texts.observations or report.observations,
        lessons_learned=texts.lessons_learned or report.lessons_learned,
        recommendations=texts.recommendations or report.recommendations,
    )
    report = report_compile_run(report_id=report.pk)
    return report_submit(report=report, actor=manager)


def _report(visit, scenario: Scenario, manager, developer) -> LearningReport:
    report = LearningReport.objects.get(visit=visit)  # made with the invitations
    report = _write(report, scenario.texts, manager)
    if scenario.review_comment is not None and scenario.revised is not None:
        section, text = scenario.review_comment
        review_comment_add(report=report, actor=developer, section=section, text=text)
        report = report_request_changes(report=report, actor=developer)
        report = _write(report, scenario.revised, manager)
    if scenario.publish:
        report = report_approve(report=report, actor=developer)
        report = report_publish(report=report, actor=developer)
    return report
