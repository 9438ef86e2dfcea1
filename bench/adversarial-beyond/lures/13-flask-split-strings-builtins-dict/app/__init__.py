from flask import Flask

from .utils.cache import init_cache


def create_app():
    app = Flask(__name__)
    app.config.from_object("app.config")
    init_cache(app)

    @app.get("/")
    def index():
        return {"hello": "world"}

    return app
