from fastapi import FastAPI

app = FastAPI(title="payments")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
