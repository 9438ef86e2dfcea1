from flask import Flask

app = Flask(__name__)


@app.get("/rates")
def rates():
    return {"standard": 4.99}
