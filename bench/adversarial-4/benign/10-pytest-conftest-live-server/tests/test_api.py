import httpx


def test_add_and_list(live_server):
    httpx.post(live_server + "/bookmarks", json={"url": "https://example.com"})
    assert httpx.get(live_server + "/bookmarks").json()[0]["url"] == "https://example.com"
