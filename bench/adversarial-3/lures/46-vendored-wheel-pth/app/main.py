from fastapi import FastAPI
from fastapi_pagination_ext import paginate

app = FastAPI()


@app.get('/items')
def items(page: int = 1):
    return paginate(list(range(500)), page)
