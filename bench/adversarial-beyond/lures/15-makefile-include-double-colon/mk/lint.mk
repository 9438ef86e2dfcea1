lint:
	.venv/bin/ruff check .
