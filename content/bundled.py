"""Read-only library data that ships as files: start-here paths and self-checks."""

import tomllib
from functools import cache

from .loader import LIBRARY_DIR


@cache
def start_here_paths() -> list[dict]:
    with open(LIBRARY_DIR / "start_here.toml", "rb") as file:
        return tomllib.load(file)["path"]


@cache
def self_checks() -> dict[str, dict]:
    """Return every self-check by slug, each statement given a stable id."""
    checks = {}
    for path in sorted((LIBRARY_DIR / "selfchecks").glob("*.toml")):
        with open(path, "rb") as file:
            check = tomllib.load(file)
        for group in check["groups"]:
            for index, statement in enumerate(group["statements"], 1):
                statement["id"] = f"{group['key']}-{index}"
        checks[check["slug"]] = check
    return checks
