"""Forms that look the same to everyone until someone fills them in."""

from django.utils.translation import get_language


class RenderedOnceWhileBlank:
    """A form whose blank markup is the same for every person.

    Rendering a form builds every field and widget from templates, which
    costs more than most queries (a menu of 30 options, 4 ms). While such a
    form is unbound and given no initial values, each process renders it
    once per language and `blank_key()`, and serves that markup after.

    Only for forms that show nothing of anyone while blank: fixed fields, or
    choices everyone sees (the pathway's steps), named in `blank_key()`.
    Once bound (a person's input, their errors) or given initial values, a
    form renders as usual.
    """

    # (form class, language, prefix, id format, blank_key()) -> the markup;
    # shared by the process. Form markup never holds a CSRF token (the
    # template around it does) nor anything of the person who asked.
    _blank_markup: dict = {}

    def blank_key(self) -> tuple:
        """What, besides the language, the blank markup depends on."""
        return ()

    def render(self, template_name=None, context=None, renderer=None):
        if self.is_bound or self.initial or template_name or context or renderer:
            return super().render(template_name, context, renderer)
        key = (type(self), get_language(), self.prefix, self.auto_id, self.blank_key())
        markup = self._blank_markup.get(key)
        if markup is None:
            markup = self._blank_markup[key] = super().render()
        return markup

    # Django binds these to its own render(): `{{ form }}` goes through them.
    __str__ = render
    __html__ = render
