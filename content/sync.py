"""The rule for bundled content meeting an editor's change (see content.loader)."""

import hashlib
import json


def fingerprint(payload) -> str:
    """A stable hash of what an editor can change in an item."""
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, default=str).encode()
    ).hexdigest()


def decide(*, current: str, loaded: str, bundled: str, overwrite: bool) -> str:
    """The editor-change rule for one existing item: unchanged, update or keep."""
    if current == bundled:
        return "unchanged"
    if current != loaded and not overwrite:
        return "keep"
    return "update"
