"""Greetings and farewells."""

from sample_greeter.greeting import farewell, greet, greet_all

__all__ = ["farewell", "greet", "greet_all"]
