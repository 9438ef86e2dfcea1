from csvdiff import diff

def test_empty():
    assert diff([], []) == []
