from invoice import parse


def test_parse():
    assert parse('INV-1;10.00')['total'] == 10.0
