"""How to greet people, one or many."""

from typing import Iterable


def greet(name: str, excited: bool = False) -> str:
    """Return a greeting for ``name``; ``excited`` ends it with an exclamation mark."""
    name = name.strip()
    if not name:
        raise ValueError("name must not be empty")
    return f"Hello, {name}{'!' if excited else '.'}"


def greet_all(names: Iterable[str]) -> str:
    """Greet several people in one sentence: 'Hello, Ada, Grace and Linus.'"""
    cleaned = [name.strip() for name in names if name.strip()]
    if not cleaned:
        return "Hello, nobody."
    if len(cleaned) == 1:
        return greet(cleaned[0])
    return f"Hello, {', '.join(cleaned[:-1])} and {cleaned[-1]}."


def farewell(name: str, see_you: bool = True) -> str:
    """Say goodbye to ``name``."""
    if see_you:
        return f"Goodbye, {name}. See you soon."
    return f"Goodbye, {name}."
