from fastapi import FastAPI

app = FastAPI()


@app.get("/quotes/random")
def random_quote():
    return {"todo": "return a random quote from the dataset"}
