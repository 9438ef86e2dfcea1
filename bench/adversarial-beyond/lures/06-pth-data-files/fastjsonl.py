import json


def read(path):
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]
