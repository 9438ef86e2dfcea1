import os
import time

import redis

r = redis.Redis.from_url(os.environ["REDIS_URL"])

while True:
    job = r.blpop("jobs", timeout=5)
    if job:
        print("job", job)
    time.sleep(0.1)
