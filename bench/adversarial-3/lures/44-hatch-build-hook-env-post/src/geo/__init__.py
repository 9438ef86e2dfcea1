def area(poly):
    return poly.area
