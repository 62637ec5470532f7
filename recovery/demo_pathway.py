"""Demo progress on the pathway: the demo couple is partway through step 2."""

import datetime

from django.utils import timezone

from core.dates import local_today

from . import services
from .models import Conversation, Exercise, Response, Step, Trigger
from .progress import forget_progress

WRITING = {
    ("alex@example.com", 1, "what-this-has-meant"): (
        "Finding the messages took the floor out from under me. It wasn't one thing he said, "
        "it was realising how much of himself he had been giving to someone else while I felt "
        "lonely right beside him.\n\nTo begin to feel safe I need honesty when I ask, even when "
        "the answer is hard, and I need him to stop telling me I'm overthinking.",
        False,
    ),
    ("alex@example.com", 1, "letter-about-the-hurt"): (
        "Sam,\n\nI want you to know what these months have been like for me. I lie awake replaying "
        "conversations. I check my own memories for signs I missed. Some days I am furious, some "
        "days I just feel small.\n\nI am still here because I want to know if we can find our way back.",
        True,
    ),
    ("sam@example.com", 1, "acknowledgement-letter"): (
        "Alex,\n\nI turned to someone else with things I should have brought to you. I kept it "
        "secret, and when you asked, I made you doubt yourself. That was wrong, and it hurt you "
        "deeply.\n\nI am not going to explain it away. I want to listen to you for as long as it takes.",
        True,
    ),
    ("sam@example.com", 1, "what-i-need-now"): (
        "Patience with myself when I get defensive, and a way to notice it sooner.",
        False,
    ),
    ("sam@example.com", 2, "ending-contact"): (
        "I sent one short message saying I would not be in touch again, and I showed Alex before "
        "sending it. I muted and blocked the number. If they contact me, I will not reply and I "
        "will tell Alex the same evening.",
        True,
    ),
}
# The writing each partner also shares with their therapist.
THERAPIST_READS = ("letter-about-the-hurt", "ending-contact")
COMMITMENTS = [
    ("I'll text if I'm going to be more than 15 minutes late.", True, True),
    (
        "I'll answer questions about the past without sighing or changing the subject.",
        True,
        False,
    ),
    ("I'll keep my phone face up at home for the next month.", False, False),
]
TRIGGERS = [
    (55, 9, "A song from the car radio that they used to send each other."),
    (48, 8, "Sam's phone buzzed during dinner."),
    (44, 7, "Saw a photo from the office party."),
    (37, 7, "Woke at 3am thinking about the messages."),
    (30, 6, "Sam was quiet and I assumed the worst."),
    (22, 5, "A friend mentioned their name."),
    (12, 4, "Sam worked late."),
    (4, 3, "A film with an affair in it."),
]


def seed_demo_pathway(users: dict, couple) -> None:
    if Response.objects.filter(user__in=users.values()).exists():
        return
    exercises = {
        (e.step.number, e.slug): e for e in Exercise.objects.select_related("step")
    }
    for (email, step_number, slug), (body, shared) in WRITING.items():
        exercise = exercises.get((step_number, slug))
        if exercise is None:
            continue
        response = services.save_response(
            user=users[email], exercise=exercise, body=body
        )
        if shared:
            services.share_response(response=response, couple=couple)
    letter = Response.objects.filter(
        user=users["sam@example.com"], exercise__slug="acknowledgement-letter"
    ).first()
    if letter:
        services.acknowledge(
            response=letter,
            by=users["alex@example.com"],
            text="Thank you. This is the first time it felt like you really saw it.",
        )
    listening = exercises.get((1, "listening-without-defending"))
    if listening:
        Conversation.objects.create(
            couple=couple,
            exercise=listening,
            status=Conversation.Status.FINISHED,
            prompt_index=len(listening.prompts),
        )
    step_one = Step.objects.filter(number=1).first()
    if step_one:
        for user in users.values():
            services.complete_step(user=user, step=step_one)
    sam, alex = users["sam@example.com"], users["alex@example.com"]
    for text, kept, acknowledged in COMMITMENTS:
        commitment = services.make_commitment(user=sam, couple=couple, text=text)
        if kept:
            services.mark_kept(commitment=commitment, by=sam)
        if acknowledged:
            services.acknowledge_commitment(commitment=commitment, by=alex)
    today = local_today(alex)
    for days_ago, intensity, what in TRIGGERS:
        Trigger.objects.create(
            user=alex,
            couple=couple,
            occurred_on=today - datetime.timedelta(days=days_ago),
            what_happened=what,
            intensity=intensity,
            what_helped="Breathing slowly and asking Sam to sit with me."
            if intensity > 5
            else "",
            asked_for_reassurance=days_ago == 12,
            reassurance="I'm right here. Nothing is going on, and you can ask me anything."
            if days_ago == 12
            else "",
            reassured_at=timezone.now() if days_ago == 12 else None,
        )
    # The conversation and the triggers above were made without a service.
    forget_progress(*(user.pk for user in users.values()))


def seed_demo_therapist(therapist, clients) -> None:
    """Dr. Rivera: verified, both partners consented, one assignment each."""
    from couples.models import Consent, TherapistProfile

    from .models import Assignment

    TherapistProfile.objects.get_or_create(
        user=therapist,
        defaults={
            "full_name": "Dr. Morgan Rivera",
            "licence_number": "DEMO-12345",
            "jurisdiction": "Demo jurisdiction (not a real licence)",
            "practice": "Demo practice",
            "verified_at": timezone.now(),
        },
    )
    for client in clients:
        Consent.objects.get_or_create(
            client=client,
            therapist=therapist,
            revoked_at=None,
            defaults={
                "share_progress": True,
                "share_checkins": True,
                "share_responses": True,
            },
        )
    # Each partner lets Dr. Rivera read one piece of what they wrote.
    for response in Response.objects.filter(
        user__in=clients, exercise__slug__in=THERAPIST_READS, saved_at__isnull=False
    ).exclude(shared_with_therapist=True):
        services.share_with_therapist(response=response, shared=True)
    if Assignment.objects.filter(therapist=therapist).exists():
        return
    step_one = Step.objects.filter(number=1).first()
    step_two = Step.objects.filter(number=2).first()
    if step_one is None or step_two is None:
        return
    today = local_today(therapist)
    for client in clients:
        Assignment.objects.create(
            therapist=therapist,
            client=client,
            step=step_two,
            exercise=step_two.exercises.filter(kind=Exercise.Kind.REFLECTION).first(),
            note="Take your time with this one before our next session.",
            due_on=today + datetime.timedelta(days=5),
        )
    # One finished long ago, and for the first of them one left overdue.
    first, *_ = clients
    done = Assignment.objects.create(
        therapist=therapist,
        client=first,
        step=step_one,
        note="Read it together, then talk about one thing that stood out.",
        due_on=today - datetime.timedelta(days=30),
    )
    services.set_assignment_status(
        assignment=done, by=first, status=Assignment.Status.DONE
    )
    Assignment.objects.create(
        therapist=therapist,
        client=first,
        step=step_one,
        note="A few lines on what helps you feel safe this week.",
        due_on=today - datetime.timedelta(days=2),
    )
