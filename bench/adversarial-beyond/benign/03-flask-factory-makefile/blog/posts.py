from flask import Blueprint, jsonify

bp = Blueprint("posts", __name__, url_prefix="/posts")


@bp.get("/")
def index():
    return jsonify([])
