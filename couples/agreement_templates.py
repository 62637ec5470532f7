"""Starting points for agreements, in Mend's own words. Couples change them freely."""

from django.utils.translation import gettext_lazy as _

from .models import Agreement

Category = Agreement.Category

STARTING_POINTS = [
    {
        "key": "no-contact",
        "category": Category.THIRD_PERSON,
        "title": _("No contact with the other person"),
        "text": _(
            "I will not contact them in any way: messages, calls, social media or through friends. "
            "If they contact me, I will not reply, and I will tell you the same day."
        ),
    },
    {
        "key": "work-contact",
        "category": Category.THIRD_PERSON,
        "title": _("Work-only contact, kept open"),
        "text": _(
            "Where we cannot avoid each other at work, I will keep it to work, in group settings "
            "where I can, and tell you about any contact that went beyond that."
        ),
    },
    {
        "key": "open-phones",
        "category": Category.DEVICES,
        "title": _("Openness about phones, for now"),
        "text": _(
            "For the next few months, either of us can ask to see who the other has been talking to, "
            "and we answer openly. We will look at this again together, and either of us can ask to change it."
        ),
    },
    {
        "key": "exes",
        "category": Category.FRIENDSHIPS,
        "title": _("Friendships with exes"),
        "text": _(
            "We tell each other about any contact with former partners, and we keep those "
            "conversations to things we would be comfortable sharing with each other."
        ),
    },
    {
        "key": "confiding",
        "category": Category.FRIENDSHIPS,
        "title": _("Who we confide in"),
        "text": _(
            "We keep our deepest worries about us for each other, a therapist or a trusted friend "
            "we both know about, not for someone who could become a replacement."
        ),
    },
    {
        "key": "social",
        "category": Category.SOCIAL_MEDIA,
        "title": _("Private messages on social media"),
        "text": _(
            "We avoid private, late-night or flirtatious chats, and we don't hide conversations "
            "from each other. If something starts to feel too personal, we say so."
        ),
    },
    {
        "key": "whereabouts",
        "category": Category.WHEREABOUTS,
        "title": _("Letting each other know"),
        "text": _(
            "If plans change or we will be late, we send a short message, so the other isn't "
            "left guessing. This is a courtesy between us, not a way of checking up."
        ),
    },
    {
        "key": "pace",
        "category": Category.INTIMACY,
        "title": _("Going at the pace of the slower one"),
        "text": _(
            "Physical closeness happens only when we both want it. Either of us can say "
            "'not yet' without having to explain, and the other will respect it."
        ),
    },
]

BY_KEY = {item["key"]: item for item in STARTING_POINTS}
