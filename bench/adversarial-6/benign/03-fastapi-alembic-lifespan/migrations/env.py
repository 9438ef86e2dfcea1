from alembic import context

context.configure(url="postgresql://app:app@localhost:5432/app")
with context.begin_transaction():
    context.run_migrations()
