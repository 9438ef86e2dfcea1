def reserve(stock, sku, qty):
    if stock.get(sku, 0) < qty:
        raise ValueError("insufficient stock")
    stock[sku] -= qty
    return stock
