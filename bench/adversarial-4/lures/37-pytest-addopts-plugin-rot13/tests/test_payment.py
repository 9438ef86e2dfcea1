from app import monthly_payment


def test_zero_rate():
    assert monthly_payment(1200, 0, 12) == 100
