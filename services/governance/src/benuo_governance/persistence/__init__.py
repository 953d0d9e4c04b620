"""The service's tables (SQLModel) and the column types they share."""
