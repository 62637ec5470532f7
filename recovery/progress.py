"""Where each person, and the couple, are on the pathway."""

import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q

from core.language import current_language

from .models import (
    Commitment,
    Conversation,
    Exercise,
    Response,
    Step,
    StepProgress,
    Trigger,
)


@dataclass
class StepState:
    step: Step
    for_me: list = field(default_factory=list)
    others: list = field(default_factory=list)
    done_ids: set = field(default_factory=set)
    i_completed: bool = False
    partner_completed: bool = False
    has_partner: bool = False

    @property
    def done_count(self) -> int:
        return sum(1 for exercise in self.for_me if exercise.pk in self.done_ids)

    @property
    def percent(self) -> int:
        """The share of my exercises done, as the bar beside "3 of 4" shows it.

        Marking a step complete is shown apart (a tag), so a bar never reads
        full beside exercises still to do.
        """
        if not self.for_me:
            return 100 if self.i_completed else 0
        return round(100 * self.done_count / len(self.for_me))

    @property
    def complete(self) -> bool:
        """A couple's step is complete when both have marked it; alone, when I have."""
        return self.i_completed and (self.partner_completed or not self.has_partner)

    @property
    def next_exercise(self):
        return next((e for e in self.for_me if e.pk not in self.done_ids), None)


def done_exercise_ids(user, couple) -> set[int]:
    """Exercises this person has done something with, in one query."""
    Kind = Exercise.Kind
    done = Q(
        Exists(
            Response.objects.filter(
                user=user, exercise=OuterRef("pk"), saved_at__isnull=False
            )
        )
    )
    done |= Q(kind=Kind.COMMITMENTS) & Q(Exists(Commitment.objects.filter(user=user)))
    done |= Q(kind=Kind.TRIGGER_LOG) & Q(Exists(Trigger.objects.filter(user=user)))
    if couple is not None:
        finished = Conversation.objects.filter(
            couple=couple, exercise=OuterRef("pk"), status=Conversation.Status.FINISHED
        )
        done |= Q(kind=Kind.CONVERSATION) & Q(Exists(finished))
    return set(Exercise.objects.filter(done).values_list("pk", flat=True))


STRUCTURE_VERSION_KEY = "recovery:pathway-structure-version"
# This process's copy of the structure, per language: (version, steps).
_structures: dict[str, tuple[int, list[Step]]] = {}


def pathway_structure() -> list[Step]:
    """The five steps with their exercises: the same for everyone.

    Each process keeps them in memory, per language (their texts are in the
    reader's language), until forget_pathway_structure() moves the shared
    version on, in any process; reading them back from the shared cache cost
    more than any query of the page. Every request of the process gets the
    same objects: read them, never set anything on them.
    """
    version = cache.get(STRUCTURE_VERSION_KEY)
    if version is None:
        cache.add(STRUCTURE_VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(STRUCTURE_VERSION_KEY)
    language = current_language()
    held = _structures.get(language)
    if held is None or held[0] != version:
        steps = list(Step.objects.prefetch_related("exercises"))
        held = _structures[language] = (version, steps)
    return held[1]


def forget_pathway_structure() -> None:
    """Call after steps or exercises change (loader, admin): every process rebuilds."""
    cache.set(STRUCTURE_VERSION_KEY, time.time_ns(), timeout=None)


def pathway_progress(user, *, partner=None, couple=None, steps=None) -> list[StepState]:
    steps = steps if steps is not None else pathway_structure()
    done = done_exercise_ids(user, couple)
    people = [user.pk] + ([partner.pk] if partner else [])
    completed = set(
        StepProgress.objects.filter(user_id__in=people).values_list(
            "user_id", "step_id"
        )
    )
    states = []
    for step in steps:
        state = StepState(step=step, done_ids=done, has_partner=partner is not None)
        for exercise in step.exercises.all():
            (state.for_me if exercise.fits(user.role) else state.others).append(
                exercise
            )
        state.i_completed = (user.pk, step.pk) in completed
        state.partner_completed = bool(partner) and (partner.pk, step.pk) in completed
        states.append(state)
    return states


def current_state(states: list[StepState]) -> StepState | None:
    """The first step not yet complete: where to carry on (never a lock)."""
    return next((s for s in states if not s.complete), None)


def overall_percent(states: list[StepState]) -> int:
    return round(sum(s.percent for s in states) / len(states)) if states else 0
