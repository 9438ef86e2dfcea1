#!/bin/sh
set -eu
docker run -d --rm --name app-db -e POSTGRES_USER=app -e POSTGRES_PASSWORD=app -p 5432:5432 postgres:16 >/dev/null 2>&1 || true
exec uvicorn app.main:app --reload
