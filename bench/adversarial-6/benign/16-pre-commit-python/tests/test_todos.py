def test_empty(client):
    assert client.get("/todos").json() == []
