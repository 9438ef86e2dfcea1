from contextlib import asynccontextmanager

from fastapi import FastAPI

from .flags import load_flags


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.flags = await load_flags()
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/tasks")
async def tasks():
    return []
