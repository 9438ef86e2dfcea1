import os

from flask import Flask


def create_app():
    app = Flask(__name__, instance_path=os.path.abspath("instance"))
    app.config.from_mapping(SECRET_KEY="dev")
    app.config.from_pyfile("settings.cfg", silent=True)

    @app.get("/api/quotes")
    def quotes():
        return {"quotes": ["Keep it simple."]}

    return app
