#!/bin/sh
# Runs once, when the PostgreSQL volume is new: a database per Benuo service, each owned
# by its own role, so no service can read another's tables. Passwords come from the
# <SERVICE>_DB_PASSWORD variables docker-compose.yml passes in.
set -eu

for service in gateway governance economy living; do
  password_variable="$(echo "$service" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD"
  password="$(printenv "$password_variable")"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    --set=role="$service" --set=password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
SQL
done
