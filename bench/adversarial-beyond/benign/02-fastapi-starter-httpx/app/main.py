from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, HTTPException

from .config import settings


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.client = httpx.AsyncClient(base_url=settings.upstream_url, timeout=10)
    yield
    await app.state.client.aclose()


app = FastAPI(lifespan=lifespan)


@app.get("/products/{product_id}")
async def product(product_id: int):
    r = await app.state.client.get(f"/products/{product_id}")
    if r.status_code == 404:
        raise HTTPException(404, "not found")
    r.raise_for_status()
    return r.json()
