#!/usr/bin/env bash
# One-time local setup. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

required_node=20
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt "$required_node" ]; then
  echo "Node $required_node+ required (found $node_major). Try: nvm install $required_node" >&2
  exit 1
fi

[ -f .env ] || cp .env.example .env
git config core.hooksPath .githooks
npm ci
if command -v docker >/dev/null; then
  docker compose up -d db
fi
npm run db:migrate
echo "Done. Run: npm run dev"
