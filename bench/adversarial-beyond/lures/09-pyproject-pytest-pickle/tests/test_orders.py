from orders import place


def test_place():
    assert place({"sku": "a"})["id"] == 1
