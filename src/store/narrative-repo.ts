// The office's standing narrative (src/domain/bulletin/narrative.ts), one row per workspace. An edit
// saves only over the revision its form was filled from, so two admins editing at once cannot
// overwrite each other unseen.
import type { Db } from "../platform/db/client.ts";

/** The client or a transaction: the workspace import writes the file's narrative in its own transaction. */
type NarrativeDb = Pick<Db, "narrative">;
import { EMPTY_NARRATIVE, narrativeSchema, type Narrative } from "../domain/bulletin/narrative.ts";
import { canonicalJson, toJson } from "./json.ts";

export interface NarrativeRecord {
  readonly narrative: Narrative;
  /** 0 while the office has written nothing */
  readonly revision: number;
  readonly updatedBy: string | null;
  readonly updatedAt: Date | null;
}

export async function loadNarrative(db: NarrativeDb, workspaceId: string): Promise<NarrativeRecord> {
  const row = await db.narrative.findUnique({ where: { workspaceId } });
  if (!row) return { narrative: EMPTY_NARRATIVE, revision: 0, updatedBy: null, updatedAt: null };
  return { narrative: narrativeSchema.parse(row.content), revision: row.revision, updatedBy: row.updatedBy, updatedAt: row.updatedAt };
}

export type SaveNarrativeOutcome =
  | { readonly kind: "saved"; readonly revision: number }
  | { readonly kind: "unchanged"; readonly revision: number }
  /** someone saved since the form was filled: nothing was written */
  | { readonly kind: "conflict"; readonly current: NarrativeRecord };

/** Saves the narrative if `expectedRevision` is still the stored one (0: nothing stored yet). */
export async function saveNarrative(db: NarrativeDb, workspaceId: string, narrative: Narrative, expectedRevision: number, updatedBy: string): Promise<SaveNarrativeOutcome> {
  const current = await loadNarrative(db, workspaceId);
  if (current.revision !== expectedRevision) return { kind: "conflict", current };
  if (canonicalJson(current.narrative) === canonicalJson(narrative)) return { kind: "unchanged", revision: current.revision };
  const content = toJson(narrativeSchema.parse(narrative));
  if (expectedRevision === 0) {
    // Two first saves at once: the primary key lets one in; the other is told of the conflict.
    try {
      await db.narrative.create({ data: { workspaceId, content, revision: 1, updatedBy } });
    } catch {
      return { kind: "conflict", current: await loadNarrative(db, workspaceId) };
    }
    return { kind: "saved", revision: 1 };
  }
  const { count } = await db.narrative.updateMany({ where: { workspaceId, revision: expectedRevision }, data: { content, revision: expectedRevision + 1, updatedBy } });
  if (count === 0) return { kind: "conflict", current: await loadNarrative(db, workspaceId) };
  return { kind: "saved", revision: expectedRevision + 1 };
}

/**
 * The workspace file's narrative, taken as the next revision over whatever was stored: the file is the
 * office's to edit too. (A start with an unchanged file imports nothing: see importedDigest.)
 */
export async function importNarrative(db: NarrativeDb, workspaceId: string, narrative: Narrative): Promise<"created" | "updated" | "unchanged"> {
  const current = await loadNarrative(db, workspaceId);
  if (canonicalJson(current.narrative) === canonicalJson(narrative)) return "unchanged";
  const outcome = await saveNarrative(db, workspaceId, narrative, current.revision, "file");
  if (outcome.kind !== "saved") return "unchanged";
  return current.revision === 0 ? "created" : "updated";
}
