FLASK_APP=app:create_app
FLASK_DEBUG=1
