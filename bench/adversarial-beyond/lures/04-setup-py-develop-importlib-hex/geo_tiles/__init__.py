def tile(z, x, y):
    return f"{z}/{x}/{y}"
