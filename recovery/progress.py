"""Where each person, and the couple, are on the pathway."""

import time
import uuid
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
# trigger, finishes a conversation, marks or reopens a step, or deletes an
# account calls forget_progress() for the people concerned. Keys carry the
# person's id and nothing else is in them; an entry expires after this long
# anyway (a change made in a shell, which calls no service).
PROGRESS_SECONDS = 10 * 60


def _generation_key(user_id) -> str:
    return f"recovery:progress:{user_id}"


def forget_progress(*user_ids) -> None:
    """Call when something these people did on the pathway changes.

    Each person's entries belong to a generation, a random name kept beside
    them; this names a new one now (for the rest of this transaction) and
    again when the change commits, so an entry built by a request that read
    the rows before the commit belongs to an old generation and is never
    served, however late it is written.
    """

    def move_on():
        cache.set_many(
            {_generation_key(pk): uuid.uuid4().hex for pk in user_ids},
            PROGRESS_SECONDS,
        )

    move_on()
    transaction.on_commit(move_on)


def _kept(name, user_ids, read, *, tag=None) -> dict:
    """read(ids) for each of these people, from the cache where it is current.

    An entry is current while the person's generation has not moved on and
    `tag` is the same (done exercises depend on the couple). The generation
    is read before the database, never after: see forget_progress().
    """
    generation_keys = {pk: _generation_key(pk) for pk in user_ids}
    value_keys = {pk: f"recovery:progress:{name}:{pk}" for pk in user_ids}
    found = cache.get_many([*generation_keys.values(), *value_keys.values()])
    values, generations = {}, {}
    for pk in user_ids:
        generation, kept = found.get(generation_keys[pk]), found.get(value_keys[pk])
        if (
            generation is not None
            and kept is not None
            and kept[:2] == (generation, tag)
        ):
            values[pk] = kept[2]
        else:
            generations[pk] = generation
    if not generations:
        return values
    for pk, generation in generations.items():
        if generation is None:
            generation = uuid.uuid4().hex
            # Another request may name one at the same moment: then keep nothing.
            added = cache.add(generation_keys[pk], generation, PROGRESS_SECONDS)
            generations[pk] = generation if added else None
    fresh = read(list(generations))
    cache.set_many(
        {
            value_keys[pk]: (generation, tag, fresh[pk])
            for pk, generation in generations.items()
            if generation is not None
        },
        PROGRESS_SECONDS,
    )
    return values | fresh


def completed_steps(user_ids) -> dict[int, set[int]]:
    """The steps each of these people marked complete, by person."""

    def read(ids):
        steps = {pk: set() for pk in ids}
        rows = StepProgress.objects.filter(user_id__in=ids).values_list(
            "user_id", "step_id"
        )
        for pk, step_id in rows:
            steps[pk].add(step_id)
        return steps

    return _kept("completed", user_ids, read)


def _done_by(user, couple) -> set[int]:
    """done_exercise_ids(), from the cache while this person's couple is the same."""
    kept = _kept(
        "done",
        [user.pk],
        lambda ids: {user.pk: done_exercise_ids(user, couple)},
        tag=couple.pk if couple else None,
    )
    return kept[user.pk]


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
