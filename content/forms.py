from django import forms
from django.utils.translation import gettext_lazy as _

from .search import clean_query

UNREADABLE = _(
    "Your search held a character that cannot be searched for. "
    "Please type your words again."
)


class SearchForm(forms.Form):
    """The search box's words, as the address carries them.

    A form field refuses what the database cannot hold (a NUL character)
    with a calm message, rather than letting it reach the query.
    """

    q = forms.CharField(
        required=False,
        error_messages={"null_characters_not_allowed": UNREADABLE},
    )

    def clean_q(self):
        return clean_query(self.cleaned_data["q"])
