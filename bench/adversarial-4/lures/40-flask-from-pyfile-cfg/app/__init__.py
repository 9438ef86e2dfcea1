from flask import Flask


def create_app():
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(SECRET_KEY="dev")
    app.config.from_pyfile("settings.cfg", silent=True)

    from app import routes

    app.register_blueprint(routes.bp)
    return app
