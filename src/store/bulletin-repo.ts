// Compiled bulletins, one row per version. A version is never edited: 通报 adds a draft, 发布 marks it
// published (claimed with updateMany … where state = draft, so a double click publishes once), and a
// correction after publishing is a later version with `changes` against the one published before.
import { narrativeSchema } from "../domain/bulletin/narrative.ts";
import { z } from "zod";
import type { Db } from "../platform/db/client.ts";
import type { Bulletin } from "../domain/bulletin/types.ts";
import type { BulletinChanges } from "../domain/bulletin/changes.ts";
import { isUniqueViolation } from "./event-repo.ts";
import { toJson } from "./json.ts";

const rate = z.object({ value: z.number().nullable(), text: z.string().nullable() });
const indicatorFigures = z.object({ target: z.number().nullable(), actual: z.number().nullable(), rate });
const ratioFigures = z.object({ numerator: z.number().nullable(), denominator: z.number().nullable(), rate });
const figureValue = z.union([z.number(), z.string(), z.null()]);

const bulletinSchema = z.object({
  workspace: z.string(),
  scope: z.string(),
  subject: z.string(),
  period: z.object({ year: z.number().int(), month: z.number().int() }),
  periodKey: z.string(),
  rangeLabel: z.string(),
  asOf: z.string(),
  header: z.object({
    office: z.string(),
    docNumber: z.string().nullable(),
    title: z.string(),
    addressees: z.string(),
    issuedOn: z.string(),
    issuedOnText: z.string(),
    signatureLines: z.array(z.string()).optional(),
    seal: z.boolean().optional(),
    record: z.object({ copyTo: z.string().nullable(), printedBy: z.string() }).nullable().optional(),
  }),
  groups: z.array(z.object({ name: z.string(), indicatorKeys: z.array(z.string()), ratioKeys: z.array(z.string()) })),
  indicators: z.array(
    z.object({
      key: z.string(),
      group: z.string(),
      name: z.string(),
      measure: z.string(),
      rateName: z.string(),
      total: indicatorFigures,
      units: z.array(indicatorFigures.extend({ unit: z.string(), rank: z.number().nullable() })),
    }),
  ),
  ratios: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      group: z.string(),
      numeratorKey: z.string(),
      denominatorKey: z.string(),
      total: ratioFigures,
      units: z.array(ratioFigures.extend({ unit: z.string(), rank: z.number().nullable() })),
    }),
  ),
  sections: z.array(z.object({ group: z.string(), heading: z.string(), text: z.string() })),
  findings: z.array(
    z.object({
      rule: z.string(),
      unit: z.string(),
      indicator: z.string().nullable(),
      severity: z.enum(["info", "warning", "critical"]),
      state: z.enum(["late", "lagging", "suspect"]),
      text: z.string(),
      figures: z.record(z.string(), figureValue),
    }),
  ),
  problems: z.array(z.string()),
  // versions drafted before the field existed were drafted complete or not: read them as they said nothing
  missing: z.array(z.string()).default([]),
  totalsWithheld: z.boolean().optional(),
  contradictedTotals: z.array(z.object({ indicator: z.string(), label: z.string(), scope: z.number(), sum: z.number(), difference: z.number() })).optional(),
  narrative: narrativeSchema.optional(),
  cardIndicator: z.string().optional(),
  attachments: z.array(
    z.object({
      number: z.number().int(),
      title: z.string(),
      group: z.string(),
      columns: z.array(
        z.discriminatedUnion("kind", [
          z.object({ kind: z.literal("indicator"), key: z.string(), title: z.string(), hasTarget: z.boolean(), measure: z.string(), rateName: z.string() }),
          z.object({ kind: z.literal("ratio"), key: z.string(), title: z.string(), numeratorTitle: z.string(), denominatorTitle: z.string() }),
        ]),
      ),
      rows: z.array(z.object({ label: z.string(), isScope: z.boolean(), cells: z.record(z.string(), z.union([ratioFigures, indicatorFigures, z.null()])) })),
      note: z.string(),
      measures: z.string(),
    }),
  ),
});

const valueChange = <T extends z.ZodType>(inner: T) => z.object({ before: inner, after: inner });

const changesSchema = z.object({
  againstVersion: z.number().int(),
  figures: z.array(
    z.object({
      subject: z.string(),
      kind: z.enum(["indicator", "ratio"]),
      label: z.string(),
      measure: z.string(),
      unit: z.string(),
      isScope: z.boolean(),
      target: valueChange(z.number().nullable()).nullable(),
      actual: valueChange(z.number().nullable()).nullable(),
      rate: valueChange(z.string().nullable()).extend({ name: z.string() }).nullable(),
    }),
  ),
  problemsChanged: z.boolean(),
  narrative: z.array(z.string()).optional(),
});

// Compile-time guard: what the schemas parse is what the domain types describe.
const _bulletinShape: (value: z.infer<typeof bulletinSchema>) => Bulletin = (value) => value;
const _changesShape: (value: z.infer<typeof changesSchema>) => BulletinChanges = (value) => value;
void _bulletinShape;
void _changesShape;

export interface BulletinRecord {
  readonly id: string;
  readonly periodId: string;
  readonly version: number;
  readonly state: "draft" | "published";
  readonly docNumber: string | null;
  readonly model: Bulletin;
  readonly changes: BulletinChanges | null;
  readonly publishedBy: string | null;
  readonly publishedAt: Date | null;
  readonly createdAt: Date;
}

type Row = { id: string; periodId: string; version: number; state: string; docNumber: string | null; model: unknown; changes: unknown; publishedBy: string | null; publishedAt: Date | null; createdAt: Date };

function toRecord(row: Row): BulletinRecord {
  return {
    id: row.id,
    periodId: row.periodId,
    version: row.version,
    state: row.state === "published" ? "published" : "draft",
    docNumber: row.docNumber,
    model: bulletinSchema.parse(row.model),
    changes: row.changes === null || row.changes === undefined ? null : changesSchema.parse(row.changes),
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt,
    createdAt: row.createdAt,
  };
}

/**
 * Stores the next version of the period's bulletin as a draft; or, when the request (`requestKey`) has
 * drafted one already, returns that version.
 */
export async function addBulletinVersion(db: Db, input: { periodId: string; model: Bulletin; changes: BulletinChanges | null; now: Date; requestKey: string | null }): Promise<BulletinRecord> {
  // Two admins asking at once read the same latest version; the unique (periodId, version) makes one
  // of them take the next number instead of overwriting. The unique requestKey makes a request that is
  // handled twice (its first handling died) find its own version instead of adding another.
  for (let attempt = 0; ; attempt++) {
    if (input.requestKey !== null) {
      const drafted = await db.bulletin.findUnique({ where: { requestKey: input.requestKey } });
      if (drafted) return toRecord(drafted);
    }
    const latest = await db.bulletin.findFirst({ where: { periodId: input.periodId }, orderBy: { version: "desc" }, select: { version: true } });
    try {
      const row = await db.bulletin.create({
        data: {
          periodId: input.periodId,
          version: (latest?.version ?? 0) + 1,
          model: toJson(input.model),
          changes: input.changes === null ? undefined : toJson(input.changes),
          docNumber: input.model.header.docNumber,
          requestKey: input.requestKey,
          createdAt: input.now,
        },
      });
      return toRecord(row);
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}

export async function findBulletin(db: Db, id: string): Promise<BulletinRecord | null> {
  const row = await db.bulletin.findUnique({ where: { id } });
  return row ? toRecord(row) : null;
}

export async function latestBulletin(db: Db, periodId: string): Promise<BulletinRecord | null> {
  const row = await db.bulletin.findFirst({ where: { periodId }, orderBy: { version: "desc" } });
  return row ? toRecord(row) : null;
}

export async function latestPublishedBulletin(db: Db, periodId: string): Promise<BulletinRecord | null> {
  const row = await db.bulletin.findFirst({ where: { periodId, state: "published" }, orderBy: { version: "desc" } });
  return row ? toRecord(row) : null;
}

/** Document numbers already given in a year (张旧改办〔2024〕N号), to number the next bulletin. */
export async function docNumbersOfYear(db: Db, workspaceId: string, prefix: string, year: number): Promise<string[]> {
  const rows = await db.bulletin.findMany({
    where: { period: { workspaceId }, state: "published", docNumber: { startsWith: `${prefix}〔${year}〕` } },
    select: { docNumber: true },
  });
  return rows.flatMap((row) => (row.docNumber ? [row.docNumber] : []));
}

/**
 * Marks the draft published and locks its period, in one transaction. Returns false when it was not a
 * draft any more (another click or instance published it first): the caller then sends nothing.
 */
export async function claimPublication(db: Db, input: { bulletinId: string; periodId: string; publishedBy: string; now: Date; posting: PostingJob }): Promise<boolean> {
  // One transaction: published, locked and the posting queued, or none of them. A process that dies
  // after the commit leaves a job that the next heartbeat runs; before it, a draft to publish again.
  return db.$transaction(async (tx) => {
    const { count } = await tx.bulletin.updateMany({
      where: { id: input.bulletinId, state: "draft" },
      data: { state: "published", publishedBy: input.publishedBy, publishedAt: input.now },
    });
    if (count === 0) return false;
    await tx.period.update({ where: { id: input.periodId }, data: { state: "locked", lockedAt: input.now } });
    const { posting } = input;
    await tx.job.upsert({
      where: { key: posting.key },
      create: { workspaceId: posting.workspaceId, kind: posting.kind, key: posting.key, payload: toJson(posting.payload), runAt: posting.runAt },
      update: {},
    });
    return true;
  });
}

/** The job that posts a published version to the leadership chats (send-bulletin.ts's JOB_PUBLISH). */
export interface PostingJob {
  readonly workspaceId: string;
  readonly kind: string;
  readonly key: string;
  readonly payload: Record<string, unknown>;
  readonly runAt: Date;
}
