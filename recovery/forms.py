from django import forms
from django.utils.translation import gettext_lazy as _

from core import limits
from core.forms import RenderedOnceWhileBlank

from .models import Exercise, Trigger


class ResponseForm(forms.Form):
    body = forms.CharField(
        label=_("Your writing"),
        max_length=limits.WRITING,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={
            "required": _(
                "Write something before saving. Your draft is kept meanwhile."
            )
        },
    )
    # Whose writing this is, signed: lets us keep it safe if the session expired.
    author = forms.CharField(widget=forms.HiddenInput, required=False)


class AcknowledgementForm(forms.Form):
    text = forms.CharField(
        label=_("A short answer"),
        max_length=limits.ANSWER,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: “Thank you for telling me. I read every word.”"),
    )


class CommitmentForm(forms.Form):
    text = forms.CharField(
        label=_("I commit to…"),
        max_length=limits.SHORT,
        help_text=_(
            "Something specific your partner can see you do, like “I'll text if I'm running late.”"
        ),
    )


class TriggerForm(forms.ModelForm):
    intensity = forms.TypedChoiceField(
        label=_("How strong was it?"),
        choices=[(n, str(n)) for n in range(1, 11)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        help_text=_("1 is a flicker, 10 is overwhelming."),
        error_messages={
            "required": _("Choose a number from 1 to 10."),
            "invalid_choice": _("Choose a number from 1 to 10."),
        },
    )

    class Meta:
        model = Trigger
        fields = [
            "occurred_on",
            "what_happened",
            "intensity",
            "what_helped",
            "asked_for_reassurance",
        ]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}),
            "what_happened": forms.Textarea(attrs={"rows": 3}),
            "what_helped": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "what_happened": _("What brought it back?"),
            "what_helped": _("What helped, even a little?"),
            "occurred_on": _("When was it?"),
            "asked_for_reassurance": _(
                "Send this to my partner as a request for reassurance"
            ),
        }
        help_texts = {
            "what_happened": _(
                "A few words are enough: a song, a date, a name, a silence."
            ),
            "what_helped": _(
                "Breathing, a walk, a friend, time, writing it down. You can leave this empty."
            ),
            "asked_for_reassurance": _(
                "Your partner sees what brought it back, how strong it was and "
                "when, and can answer with a few words. Not what helped."
            ),
        }

    def __init__(self, *args, has_partner=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_partner:
            del self.fields["asked_for_reassurance"]


class ReassuranceForm(forms.Form):
    text = forms.CharField(
        label=_("Your reassurance"),
        max_length=limits.ANSWER,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Calm and kind beats long: “I'm here. I chose you, and I'm not going anywhere.”"
        ),
    )


class AssignmentForm(RenderedOnceWhileBlank, forms.Form):
    step = forms.ModelChoiceField(label=_("Step"), queryset=None, empty_label=None)
    exercise = forms.ModelChoiceField(
        label=_("A specific exercise"), queryset=None, required=False
    )
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("A note for your client"),
        required=False,
        max_length=limits.ANSWER,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        from .models import Exercise, Step
        from .progress import pathway_structure

        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = Step.objects.all()
        self.fields["exercise"].queryset = Exercise.objects.all()
        # The menus come from the cached pathway; the querysets only validate.
        steps = pathway_structure()
        self.fields["step"].choices = [(step.pk, str(step)) for step in steps]
        self.fields["exercise"].choices = [("", "---------")] + [
            (exercise.pk, f"{step.number}. {exercise.title}")
            for step in steps
            for exercise in step.exercises.all()
        ]

    def blank_key(self) -> tuple:
        # The menus: the pathway in the reader's language.
        return (
            tuple(self.fields["step"].choices),
            tuple(self.fields["exercise"].choices),
        )

    def clean(self):
        cleaned = super().clean()
        step, exercise = cleaned.get("step"), cleaned.get("exercise")
        if step and exercise and exercise.step_id != step.pk:
            self.add_error(
                "exercise", _("Choose an exercise from the step you picked.")
            )
        return cleaned


class TherapistNoteForm(RenderedOnceWhileBlank, forms.Form):
    text = forms.CharField(
        label=_("Private note"),
        max_length=limits.THERAPIST_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only you can read your notes. Your client never sees them."),
    )


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class ConversationReadyForm(forms.Form):
    """Which question a partner was answering when they said they were ready."""

    prompt = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class JournalFilterForm(forms.Form):
    """The journal's search and filters, as the address carries them.

    A value that cannot be read (a NUL character, "step=²") is left out with
    a calm word, and the other filters still apply.
    """

    q = forms.CharField(
        required=False,
        error_messages={
            "null_characters_not_allowed": _(
                "Your search held a character that cannot be searched for. "
                "Please type your words again."
            )
        },
    )
    step = forms.IntegerField(required=False, min_value=1)
    kind = forms.ChoiceField(required=False, choices=[("", ""), *Exercise.Kind.choices])

    def filters(self) -> dict:
        """The filters that could be read: words, a step number, a kind."""
        self.is_valid()
        values = self.cleaned_data
        return {
            "query": " ".join((values.get("q") or "").split())[:200],
            "step": values.get("step"),
            "kind": values.get("kind") or "",
        }
