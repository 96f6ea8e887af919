import pytest

from sample_greeter import farewell, greet, greet_all


def test_greet():
    assert greet("Ada") == "Hello, Ada."


def test_greet_excited():
    assert greet("  Ada ", excited=True) == "Hello, Ada!"


def test_greet_rejects_an_empty_name():
    with pytest.raises(ValueError):
        greet("   ")


def test_greet_all():
    assert greet_all(["Ada", "Grace", "Linus"]) == "Hello, Ada, Grace and Linus."
    assert greet_all(["Ada", " "]) == "Hello, Ada."


def test_greet_nobody():
    assert greet_all([]) == "Hello, nobody."


def test_farewell():
    assert farewell("Ada") == "Goodbye, Ada. See you soon."
