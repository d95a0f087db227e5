#!/usr/bin/env bash
# Writes a new migration for both providers: the SQL that takes the schema as of the last migration
# (the schema.prisma snapshot kept beside each migration.sql) to the current one. Offline: `prisma
# migrate diff` compares two schema files and needs no database.
#   npm run db:migration -- add_jobs
set -euo pipefail
name=${1:?usage: npm run db:migration -- <name>}
cd "$(dirname "$0")/.."
node prisma/write-schemas.mjs
mkdir -p data
stamp=$(date -u +%Y%m%d%H%M%S)
for provider in sqlite postgres; do
  schema=prisma/$provider/schema.prisma
  last=$(ls -d prisma/$provider/migrations/*/ 2>/dev/null | sort | tail -n 1 || true)
  if [ -n "$last" ]; then
    from=(--from-schema-datamodel "${last}schema.prisma")
  else
    from=(--from-empty)
  fi
  dir=prisma/$provider/migrations/${stamp}_$name
  mkdir -p "$dir"
  npx prisma migrate diff "${from[@]}" --to-schema-datamodel "$schema" --script > "$dir/migration.sql"
  cp "$schema" "$dir/schema.prisma"
  echo "wrote $dir/migration.sql"
done
