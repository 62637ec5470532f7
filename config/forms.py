from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Render every form with Mend's field markup (label, help, error, input)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
