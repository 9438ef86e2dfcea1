from fastapi import FastAPI

app = FastAPI()
_items: list[dict] = []


@app.get("/bookmarks")
def list_bookmarks():
    return _items


@app.post("/bookmarks", status_code=201)
def add(bookmark: dict):
    _items.append(bookmark)
    return bookmark
