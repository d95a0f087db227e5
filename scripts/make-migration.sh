#!/usr/bin/env bash
# Writes a new migration for both providers from the change to prisma/schema.base.prisma since the last
# commit (or from empty, for the first). Offline: `prisma migrate diff` needs no database.
#   npm run db:migration -- add_jobs
set -euo pipefail
name=${1:?usage: npm run db:migration -- <name>}
cd "$(dirname "$0")/.."
node scripts/write-schemas.mjs
stamp=$(date -u +%Y%m%d%H%M%S)
for provider in sqlite postgres; do
  schema=prisma/$provider/schema.prisma
  old=$(mktemp --suffix .prisma)
  if git cat-file -e "HEAD:$schema" 2>/dev/null; then
    git show "HEAD:$schema" > "$old"
    from=(--from-schema-datamodel "$old")
  else
    from=(--from-empty)
  fi
  dir=prisma/$provider/migrations/${stamp}_$name
  mkdir -p "$dir"
  npx prisma migrate diff "${from[@]}" --to-schema-datamodel "$schema" --script > "$dir/migration.sql"
  rm -f "$old"
  echo "wrote $dir/migration.sql"
done
