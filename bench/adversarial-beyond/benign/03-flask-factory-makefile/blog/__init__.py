from flask import Flask

from .db import db
from .posts import bp as posts_bp


def create_app(test_config=None):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(SECRET_KEY="dev", SQLALCHEMY_DATABASE_URI="sqlite:///blog.db")
    if test_config:
        app.config.update(test_config)
    db.init_app(app)
    app.register_blueprint(posts_bp)
    return app
