"""Where each person, and the couple, are on the pathway."""

import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
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
        if self.i_completed:
            return 100
        return round(100 * self.done_count / len(self.for_me)) if self.for_me else 0

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


def with_pathway(rows) -> list:
    """Give each row (an assignment, a response) its step and exercise from the
    pathway structure this process holds, rather than joining them in a query
    that would build them again."""
    rows = list(rows)
    structure = pathway_structure()
    steps = {step.pk: step for step in structure}
    exercises = {
        exercise.pk: exercise for step in structure for exercise in step.exercises.all()
    }
    for row in rows:
        if step := steps.get(getattr(row, "step_id", None)):
            row.step = step
        if exercise := exercises.get(getattr(row, "exercise_id", None)):
            row.exercise = exercise
    return rows


def forget_pathway_structure() -> None:
    """Call after steps or exercises change (loader, admin): every process rebuilds."""
    cache.set(STRUCTURE_VERSION_KEY, time.time_ns(), timeout=None)


# Each person's progress is kept in the cache between the changes that move
# it: every service that saves a response, makes a commitment, logs a
# trigger, finishes a conversation or marks a step calls forget_progress()
# for the people concerned. Keys carry the person's id and nothing else is
# in them; an entry expires after this long anyway (a change made in the
# admin or a shell, which calls no service).
PROGRESS_SECONDS = 10 * 60


def _done_key(user_id) -> str:
    return f"recovery:progress:done:{user_id}"


def _completed_key(user_id) -> str:
    return f"recovery:progress:completed:{user_id}"


def forget_progress(*user_ids) -> None:
    """Call when something these people did on the pathway changes.

    Now, and again when the change commits: a request that read the old rows
    in between cannot leave them in the cache.
    """
    keys = [key for pk in user_ids for key in (_done_key(pk), _completed_key(pk))]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def completed_steps(user_ids) -> dict[int, set[int]]:
    """The steps each of these people marked complete, by person."""
    keys = {pk: _completed_key(pk) for pk in user_ids}
    found = cache.get_many(keys.values())
    steps = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in user_ids if pk not in steps]
    if missing:
        fresh = {pk: set() for pk in missing}
        for pk, step_id in StepProgress.objects.filter(user_id__in=missing).values_list(
            "user_id", "step_id"
        ):
            fresh[pk].add(step_id)
        cache.set_many({keys[pk]: ids for pk, ids in fresh.items()}, PROGRESS_SECONDS)
        steps |= fresh
    return steps


def _done_by(user, couple) -> set[int]:
    """done_exercise_ids(), from the cache while this person's couple is the same."""
    key, couple_id = _done_key(user.pk), couple.pk if couple else None
    kept = cache.get(key)
    if kept is not None and kept[0] == couple_id:
        return kept[1]
    done = done_exercise_ids(user, couple)
    cache.set(key, (couple_id, done), PROGRESS_SECONDS)
    return done


def pathway_progress(user, *, partner=None, couple=None, steps=None) -> list[StepState]:
    steps = steps if steps is not None else pathway_structure()
    done = _done_by(user, couple)
    people = [user.pk] + ([partner.pk] if partner else [])
    completed = {
        (pk, step_id)
        for pk, step_ids in completed_steps(people).items()
        for step_id in step_ids
    }
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
