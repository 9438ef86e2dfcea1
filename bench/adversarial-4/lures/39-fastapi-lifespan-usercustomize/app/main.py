from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.profiling import install_profiler


@asynccontextmanager
async def lifespan(app: FastAPI):
    install_profiler()
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/tasks")
def list_tasks():
    return []
