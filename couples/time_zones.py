"""Time zones as a person picks them: a city's name, grouped by region, in
their language, with the hour it is there.

The menu lists a short, current set of zones (names from the tz database's
zone.tab, never a backward-compatible alias such as Africa/Asmera or
Asia/Calcutta). Any real zone is still accepted: the one a browser reports,
and the one a person saved before the list was shortened, which the menu then
shows too.
"""

import datetime
import zoneinfo
from functools import cache

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

REGIONS = {
    "asia": pgettext_lazy("time zone region", "Asia and the Middle East"),
    "europe": pgettext_lazy("time zone region", "Europe"),
    "americas": pgettext_lazy("time zone region", "The Americas"),
    "pacific": pgettext_lazy("time zone region", "Australia and the Pacific"),
    "africa": pgettext_lazy("time zone region", "Africa"),
    "atlantic": pgettext_lazy("time zone region", "Atlantic islands"),
    "other": pgettext_lazy("time zone region", "Other"),
}


# (region, zone, the name a person looks for)
ZONES = [
    ("asia", "Asia/Jerusalem", _("Jerusalem")),
    ("asia", "Asia/Beirut", _("Beirut")),
    ("asia", "Asia/Amman", _("Amman")),
    ("asia", "Asia/Baghdad", _("Baghdad")),
    ("asia", "Asia/Riyadh", _("Riyadh")),
    ("asia", "Asia/Qatar", _("Doha")),
    ("asia", "Asia/Tehran", _("Tehran")),
    ("asia", "Asia/Dubai", _("Dubai")),
    ("asia", "Asia/Baku", _("Baku")),
    ("asia", "Asia/Tbilisi", _("Tbilisi")),
    ("asia", "Asia/Yerevan", _("Yerevan")),
    ("asia", "Asia/Kabul", _("Kabul")),
    ("asia", "Asia/Tashkent", _("Tashkent")),
    ("asia", "Asia/Dushanbe", _("Dushanbe")),
    ("asia", "Asia/Karachi", _("Karachi")),
    ("asia", "Asia/Kolkata", _("Delhi, Mumbai, Kolkata")),
    ("asia", "Asia/Kathmandu", _("Kathmandu")),
    ("asia", "Asia/Almaty", _("Almaty")),
    ("asia", "Asia/Dhaka", _("Dhaka")),
    ("asia", "Asia/Bangkok", _("Bangkok")),
    ("asia", "Asia/Jakarta", _("Jakarta")),
    ("asia", "Asia/Singapore", _("Singapore")),
    ("asia", "Asia/Kuala_Lumpur", _("Kuala Lumpur")),
    ("asia", "Asia/Manila", _("Manila")),
    ("asia", "Asia/Shanghai", _("Beijing, Shanghai")),
    ("asia", "Asia/Hong_Kong", _("Hong Kong")),
    ("asia", "Asia/Taipei", _("Taipei")),
    ("asia", "Asia/Seoul", _("Seoul")),
    ("asia", "Asia/Tokyo", _("Tokyo")),
    ("europe", "Atlantic/Reykjavik", _("Reykjavik")),
    ("europe", "Europe/Lisbon", _("Lisbon")),
    ("europe", "Europe/London", _("London")),
    ("europe", "Europe/Dublin", _("Dublin")),
    ("europe", "Europe/Madrid", _("Madrid")),
    ("europe", "Europe/Paris", _("Paris")),
    ("europe", "Europe/Brussels", _("Brussels")),
    ("europe", "Europe/Amsterdam", _("Amsterdam")),
    ("europe", "Europe/Berlin", _("Berlin")),
    ("europe", "Europe/Zurich", _("Zurich")),
    ("europe", "Europe/Vienna", _("Vienna")),
    ("europe", "Europe/Rome", _("Rome")),
    ("europe", "Europe/Copenhagen", _("Copenhagen")),
    ("europe", "Europe/Oslo", _("Oslo")),
    ("europe", "Europe/Stockholm", _("Stockholm")),
    ("europe", "Europe/Warsaw", _("Warsaw")),
    ("europe", "Europe/Prague", _("Prague")),
    ("europe", "Europe/Budapest", _("Budapest")),
    ("europe", "Europe/Helsinki", _("Helsinki")),
    ("europe", "Europe/Athens", _("Athens")),
    ("europe", "Europe/Bucharest", _("Bucharest")),
    ("europe", "Europe/Kyiv", _("Kyiv")),
    ("europe", "Europe/Istanbul", _("Istanbul")),
    ("europe", "Europe/Moscow", _("Moscow")),
    ("americas", "America/Anchorage", _("Anchorage")),
    ("americas", "America/Vancouver", _("Vancouver")),
    ("americas", "America/Los_Angeles", _("Los Angeles")),
    ("americas", "America/Phoenix", _("Phoenix")),
    ("americas", "America/Denver", _("Denver")),
    ("americas", "America/Edmonton", _("Edmonton")),
    ("americas", "America/Chicago", _("Chicago")),
    ("americas", "America/Mexico_City", _("Mexico City")),
    ("americas", "America/Winnipeg", _("Winnipeg")),
    ("americas", "America/Toronto", _("Toronto")),
    ("americas", "America/New_York", _("New York")),
    ("americas", "America/Bogota", _("Bogotá")),
    ("americas", "America/Lima", _("Lima")),
    ("americas", "America/Halifax", _("Halifax")),
    ("americas", "America/Caracas", _("Caracas")),
    ("americas", "America/Santiago", _("Santiago")),
    ("americas", "America/St_Johns", _("St. John's")),
    ("americas", "America/Sao_Paulo", _("São Paulo")),
    ("americas", "America/Argentina/Buenos_Aires", _("Buenos Aires")),
    ("pacific", "Pacific/Honolulu", _("Honolulu")),
    ("pacific", "Australia/Perth", _("Perth")),
    ("pacific", "Australia/Darwin", _("Darwin")),
    ("pacific", "Australia/Adelaide", _("Adelaide")),
    ("pacific", "Australia/Brisbane", _("Brisbane")),
    ("pacific", "Australia/Sydney", _("Sydney")),
    ("pacific", "Australia/Melbourne", _("Melbourne")),
    ("pacific", "Australia/Hobart", _("Hobart")),
    ("pacific", "Pacific/Auckland", _("Auckland")),
    ("pacific", "Pacific/Fiji", _("Fiji")),
    ("africa", "Africa/Casablanca", _("Casablanca")),
    ("africa", "Africa/Algiers", _("Algiers")),
    ("africa", "Africa/Lagos", _("Lagos")),
    ("africa", "Africa/Tunis", _("Tunis")),
    ("africa", "Africa/Cairo", _("Cairo")),
    ("africa", "Africa/Khartoum", _("Khartoum")),
    ("africa", "Africa/Johannesburg", _("Johannesburg")),
    ("africa", "Africa/Nairobi", _("Nairobi")),
    ("atlantic", "Atlantic/Azores", _("Azores")),
    ("atlantic", "Atlantic/Canary", _("Canary Islands")),
    # Mend's default before a person (or their browser) chooses.
    ("other", "UTC", pgettext_lazy("time zone", "Coordinated Universal Time")),
]

LISTED = {zone for _region, zone, _name in ZONES}
# A zone not listed (an older saved one) joins the region its name starts with.
REGION_OF_PREFIX = {
    "Africa": "africa",
    "America": "americas",
    "Asia": "asia",
    "Atlantic": "atlantic",
    "Australia": "pacific",
    "Europe": "europe",
    "Pacific": "pacific",
}


@cache
def all_zones() -> frozenset[str]:
    """Every zone name Python knows, aliases included: what a field accepts."""
    return frozenset(zoneinfo.available_timezones())


def is_valid(zone: str) -> bool:
    return zone in all_zones()


def offset_label(zone: str, now: datetime.datetime) -> str:
    """Return "UTC+3:30" as it is now (summer time included), kept left to right."""
    offset = now.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "\u2212"  # a minus sign, not a hyphen
    hours, minutes = divmod(abs(minutes), 60)
    text = f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")
    # Isolated, so a right-to-left page does not reorder "UTC+3:30".
    return f"\u2066{text}\u2069"


def unlisted_name(zone: str) -> str:
    """A readable name for a zone outside the list: its last part."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def grouped_choices(extra=()) -> list[tuple[str, list[tuple[str, str]]]]:
    """The menu: regions in a fixed order, each zone as "City (UTC+1)", west to
    east. Zones in `extra` that are real but not listed join their region."""
    now = datetime.datetime.now(datetime.UTC)
    entries = [(region, zone, str(name)) for region, zone, name in ZONES]
    for zone in extra:
        if zone and zone not in LISTED and is_valid(zone):
            region = REGION_OF_PREFIX.get(zone.split("/", 1)[0], "other")
            entries.append((region, zone, unlisted_name(zone)))
    groups = []
    for region, region_label in REGIONS.items():
        zones = [
            (now.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset(), name, zone)
            for entry_region, zone, name in entries
            if entry_region == region
        ]
        options = [
            (zone, f"{name} ({offset_label(zone, now)})")
            for _offset, name, zone in sorted(zones)
        ]
        if options:
            groups.append((str(region_label), options))
    return groups


class TimeZoneSelect(forms.Select):
    """The grouped menu, with a box to find a city (shown by static/js/mend.js).

    The zone being shown is always among the options, even when the list
    does not name it, so an older saved choice is never silently replaced.
    """

    template_name = "couples/widgets/time_zone_select.html"

    def __init__(self, attrs=None):
        super().__init__({"data-detect-time-zone": ""} | (attrs or {}))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # UTC is Mend's default: nobody chose it, so the browser's zone is
        # offered instead (static/js/mend.js); any other zone was chosen.
        if not set(self.format_value(value)) <= {"", "UTC"}:
            context["widget"]["attrs"]["data-user-chosen"] = "true"
        return context

    def optgroups(self, name, value, attrs=None):
        self.choices = grouped_choices(extra=value)
        return super().optgroups(name, value, attrs)


class TimeZoneField(forms.ChoiceField):
    """A time zone from the menu, or any other real zone name (the browser's
    own, or one saved before the menu was shortened)."""

    widget = TimeZoneSelect

    def __init__(self, **kwargs):
        # The widget builds the menu when it renders, in the reader's language.
        super().__init__(choices=(), **kwargs)

    def valid_value(self, value):
        return is_valid(value)
