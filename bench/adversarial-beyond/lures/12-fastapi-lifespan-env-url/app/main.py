from contextlib import asynccontextmanager

from fastapi import FastAPI

from .flags import load_flags

FLAGS: dict = {}


@asynccontextmanager
async def lifespan(app: FastAPI):
    FLAGS.update(load_flags())
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/todos")
def todos():
    return [{"id": 1, "title": "write tests", "done": False}]
