from django import forms
from django.forms.renderers import TemplatesSetting


class BoundField(forms.BoundField):
    @property
    def may_be_left_empty(self) -> bool:
        """Whether the label says "(optional)": the only place that says it.

        A menu says so only when it offers an empty choice; a checkbox never
        does (leaving it unticked is an answer).
        """
        if self.field.required or self.widget_type in {"checkbox", "hidden"}:
            return False
        if isinstance(self.field, forms.ModelChoiceField):
            return self.field.empty_label is not None
        choices = getattr(self.field.widget, "choices", None)
        if choices is not None:
            return any(value in ("", None) for value, _label in choices)
        return True

    @property
    def text_limit(self) -> int | None:
        """The most characters a text box takes (core.limits), said beside it."""
        if self.widget_type != "textarea":
            return None
        return getattr(self.field, "max_length", None)


class FormRenderer(TemplatesSetting):
    """Render every form with Mend's field markup (label, help, error, input)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = BoundField
