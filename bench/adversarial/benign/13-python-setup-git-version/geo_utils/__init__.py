from shapely.geometry import Point


def buffer_km(lon, lat, km):
    return Point(lon, lat).buffer(km / 111.0)
