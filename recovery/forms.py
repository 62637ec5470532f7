from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import RenderedOnceWhileBlank

from .models import Trigger

MAX_RESPONSE_LENGTH = 20_000


class ResponseForm(forms.Form):
    body = forms.CharField(
        label=_("Your writing"),
        max_length=MAX_RESPONSE_LENGTH,
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
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: “Thank you for telling me. I read every word.”"),
    )


class CommitmentForm(forms.Form):
    text = forms.CharField(
        label=_("I commit to…"),
        max_length=500,
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
            "asked_for_reassurance": _(
                "Send this to my partner as a request for reassurance"
            )
        }

    def __init__(self, *args, has_partner=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_partner:
            del self.fields["asked_for_reassurance"]


class ReassuranceForm(forms.Form):
    text = forms.CharField(
        label=_("Your reassurance"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Calm and kind beats long: “I'm here. I chose you, and I'm not going anywhere.”"
        ),
    )


class AssignmentForm(RenderedOnceWhileBlank, forms.Form):
    step = forms.ModelChoiceField(label=_("Step"), queryset=None, empty_label=None)
    exercise = forms.ModelChoiceField(
        label=_("A specific exercise (optional)"), queryset=None, required=False
    )
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("A note for your client (optional)"),
        required=False,
        max_length=1000,
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
        max_length=5000,
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
