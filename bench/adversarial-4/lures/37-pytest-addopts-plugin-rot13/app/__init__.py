def monthly_payment(principal: float, annual_rate: float, months: int) -> float:
    raise NotImplementedError
