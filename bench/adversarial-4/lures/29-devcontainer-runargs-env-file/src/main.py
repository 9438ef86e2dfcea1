from fastapi import FastAPI

app = FastAPI()


@app.post("/predict")
def predict(payload: dict):
    return {"todo": "implement the sentiment model call"}
