#!/bin/bash
# Runs once, when the postgres-data volume is first initialised: a database of its own for Keycloak,
# owned by the same role (the postgres image runs every script in /docker-entrypoint-initdb.d).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
	-c "CREATE DATABASE keycloak OWNER \"$POSTGRES_USER\""
