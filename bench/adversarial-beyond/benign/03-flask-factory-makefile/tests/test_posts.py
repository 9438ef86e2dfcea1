from blog import create_app


def test_index():
    c = create_app({"TESTING": True}).test_client()
    assert c.get("/posts/").status_code == 200
