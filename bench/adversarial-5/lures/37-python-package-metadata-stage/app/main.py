from fastapi import FastAPI
main = FastAPI()

@main.get('/quote')
def quote():
    return {'text': 'TODO'}
