"""Dates and digits as a Persian reader expects them.

In Persian, dates are shown in the Solar Hijri calendar and numbers in Persian
digits. The `date` filter here replaces Django's own everywhere (it is a
template builtin): in English it is Django's filter, in Persian it formats the
same format strings with Solar Hijri days, months and years.
"""

import re

import jdatetime
from django import template
from django.template import defaultfilters
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.translation import get_language, pgettext_lazy

register = template.Library()

SOLAR_HIJRI_MONTHS = [
    pgettext_lazy("Solar Hijri month", "Farvardin"),
    pgettext_lazy("Solar Hijri month", "Ordibehesht"),
    pgettext_lazy("Solar Hijri month", "Khordad"),
    pgettext_lazy("Solar Hijri month", "Tir"),
    pgettext_lazy("Solar Hijri month", "Mordad"),
    pgettext_lazy("Solar Hijri month", "Shahrivar"),
    pgettext_lazy("Solar Hijri month", "Mehr"),
    pgettext_lazy("Solar Hijri month", "Aban"),
    pgettext_lazy("Solar Hijri month", "Azar"),
    pgettext_lazy("Solar Hijri month", "Dey"),
    pgettext_lazy("Solar Hijri month", "Bahman"),
    pgettext_lazy("Solar Hijri month", "Esfand"),
]

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# Persian (U+06F0…) and Arabic-Indic (U+0660…) digits, read back as 0-9.
LATIN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def latin_digits(text: str) -> str:
    """A code typed on a phone set to Persian or Arabic, in the digits 0-9."""
    return text.translate(LATIN_DIGITS)


def uses_solar_hijri() -> bool:
    return (get_language() or "").startswith("fa")


class SolarHijriFormat(dateformat.DateFormat):
    """Django's date format characters, answered from the Solar Hijri calendar."""

    def __init__(self, obj):
        super().__init__(obj)
        day = obj.date() if hasattr(obj, "date") else obj
        self.solar = jdatetime.date.fromgregorian(date=day)

    def d(self):
        return f"{self.solar.day:02d}"

    def j(self):
        return self.solar.day

    def m(self):
        return f"{self.solar.month:02d}"

    def n(self):
        return self.solar.month

    def F(self):
        return str(SOLAR_HIJRI_MONTHS[self.solar.month - 1])

    M = N = E = b = F

    def Y(self):
        return f"{self.solar.year:04d}"

    def y(self):
        return f"{self.solar.year % 100:02d}"

    def L(self):
        return self.solar.isleap()

    def t(self):
        leap_esfand = self.solar.month == 12 and self.solar.isleap()
        return f"{30 if leap_esfand else jdatetime.j_days_in_month[self.solar.month - 1]:02d}"

    def S(self):
        return ""

    def z(self):
        return self.solar.yday()


def format_date(value, format_string=None) -> str:
    if uses_solar_hijri():
        return SolarHijriFormat(value).format(
            get_format(format_string or "DATE_FORMAT")
        )
    return dateformat.format(value, get_format(format_string or "DATE_FORMAT"))


# Formats for machines (datetime attributes, form values) stay Gregorian.
MACHINE_FORMATS = frozenset({"Y-m-d", "c", "r", "U"})


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's `date` filter, in the reader's calendar."""
    if arg == "c" and getattr(value, "microsecond", 0):
        # For a datetime attribute: HTML allows at most three decimals of a second.
        value = value.replace(microsecond=0)
    if value in (None, "") or not uses_solar_hijri() or arg in MACHINE_FORMATS:
        return defaultfilters.date(value, arg)
    try:
        return format_date(value, arg)
    except (AttributeError, ValueError):
        return ""


# In one pass over a page, what keeps its digits and what does not: an
# element whose text must stay exactly as written (whole), any other tag (its
# attributes), a character reference (&#x27; &#39; &amp; &frac12;: markup
# inside text, which Persian digits would break); and, in the text left, each
# run of digits (the last group).
_KEPT_OR_DIGITS = re.compile(
    r"<(script|style|textarea|pre|code|kbd)\b.*?</\1\s*>"
    r"|<[^>]*>"
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"
    r"|([0-9]+)",
    re.IGNORECASE | re.DOTALL,
)


def _in_persian(match) -> str:
    digits = match[2]
    return digits.translate(PERSIAN_DIGITS) if digits else match[0]


def persian_digits_in_text(html: str) -> str:
    """Write the digits of an HTML page's text in Persian; leave markup alone.

    Attributes, character references, scripts, styles, code and anything a
    person is typing (textareas) keep their digits, so no value a form sends
    back changes and every &#x27; still reads as an apostrophe. One regular
    expression does it all: a Persian page's whole HTML passes through here.
    """
    return _KEPT_OR_DIGITS.sub(_in_persian, html)
