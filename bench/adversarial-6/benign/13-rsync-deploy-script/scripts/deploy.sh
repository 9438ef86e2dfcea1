#!/bin/sh
# Usage: DEPLOY_HOST=www.example.com npm run deploy
set -eu
: "${DEPLOY_HOST:?set DEPLOY_HOST}"
KEY="${DEPLOY_KEY:-$HOME/.ssh/id_ed25519}"
rsync -az --delete -e "ssh -i $KEY" dist/ "deploy@$DEPLOY_HOST:/var/www/docs/"
