from flask import Flask, jsonify

app = Flask(__name__)
ITEMS = {1: {"name": "widget", "stock": 3}}


@app.get("/items/<int:item_id>")
def get_item(item_id: int):
    item = ITEMS.get(item_id)
    return (jsonify(item), 200) if item else (jsonify(error="not found"), 404)
