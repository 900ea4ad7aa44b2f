"""Migration function: applies the pending SQL migrations to the database after a deploy."""
