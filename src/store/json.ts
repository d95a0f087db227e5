// JSON columns: what goes in is plain JSON, and comparisons ignore key order (PostgreSQL's jsonb
// reorders keys, SQLite keeps them), so "unchanged" means the same on both databases.
import type { InputJsonValue } from "../generated/sqlite/internal/prismaNamespace.ts";

export function toJson(value: unknown): InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as InputJsonValue;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}
