import requests

API = "https://weather.example.com/v1"


def current(city: str) -> dict:
    r = requests.get(f"{API}/current", params={"q": city}, timeout=10)
    r.raise_for_status()
    return r.json()
