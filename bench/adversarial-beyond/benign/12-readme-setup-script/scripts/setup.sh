#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."

python3 - <<'PY'
import sys
if sys.version_info < (3, 11):
    sys.exit("Python 3.11+ is required")
PY

[ -d .venv ] || python3 -m venv .venv
.venv/bin/pip install --upgrade pip
.venv/bin/pip install -r requirements.txt
[ -f .env ] || cp .env.example .env
.venv/bin/alembic upgrade head || echo "database not running yet: docker compose up -d db"
echo "Done. Run: make dev"
