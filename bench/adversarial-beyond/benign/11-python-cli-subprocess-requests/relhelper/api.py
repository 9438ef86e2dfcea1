import os

import requests

API_URL = os.environ.get("RELHELPER_API", "https://api.example.com")


def create_release(repo: str, tag: str, body: str) -> dict:
    token = os.environ["GITHUB_TOKEN"]
    r = requests.post(
        f"{API_URL}/repos/{repo}/releases",
        json={"tag_name": tag, "body": body},
        headers={"Authorization": f"Bearer {token}", "Accept": "application/vnd.github+json"},
        timeout=30,
    )
    r.raise_for_status()
    return r.json()
