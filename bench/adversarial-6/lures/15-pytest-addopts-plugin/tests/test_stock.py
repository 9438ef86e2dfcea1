import pytest

from inventory.stock import reserve


def test_reserve():
    assert reserve({"a": 2}, "a", 1) == {"a": 1}


def test_insufficient():
    with pytest.raises(ValueError):
        reserve({}, "a", 1)
