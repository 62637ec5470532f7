"""Read-only library data that ships as files: start-here paths and self-checks.

Each language has its own files (Persian ones in library/fa/); a language
without its own copy reads the default language's.
"""

import tomllib
from functools import cache
from pathlib import Path

from django.conf import settings

from core.language import current_language

from .loader import LIBRARY_DIR


def _folder(language: str) -> Path:
    if language == settings.LANGUAGE_CODE:
        return LIBRARY_DIR
    folder = LIBRARY_DIR / language
    return folder if folder.is_dir() else LIBRARY_DIR


def start_here_paths(language: str | None = None) -> list[dict]:
    return _start_here_paths(language or current_language())


@cache
def _start_here_paths(language: str) -> list[dict]:
    with open(_folder(language) / "start_here.toml", "rb") as file:
        return tomllib.load(file)["path"]


def self_checks(language: str | None = None) -> dict[str, dict]:
    """Return every self-check by slug, each statement given a stable id.

    Ids are the same in every language, so saved answers read in any of them.
    A statement's id is its group and place ("secrecy-2") unless the file
    names one: a statement that replaces another gets a new id, so answers
    saved against the old wording never show under the new one.
    """
    return _self_checks(language or current_language())


@cache
def _self_checks(language: str) -> dict[str, dict]:
    checks = {}
    for path in sorted((_folder(language) / "selfchecks").glob("*.toml")):
        with open(path, "rb") as file:
            check = tomllib.load(file)
        for group in check["groups"]:
            for index, statement in enumerate(group["statements"], 1):
                statement.setdefault("id", f"{group['key']}-{index}")
        # How many ticks in one group bring up its reflection.
        check.setdefault("threshold", 2)
        checks[check["slug"]] = check
    return checks
