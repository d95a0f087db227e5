// Workspaces, units, people, indicators, ratios and targets. Saving a workspace file writes only what
// differs from what is stored, so re-importing the same file changes nothing (not even a timestamp).
import type { Db } from "../platform/db/client.ts";
import { defaultDecimals, type WorkspaceFile } from "../import/workspace-file.ts";
import type { AskedOf, BulletinStyle, Indicator, Ratio, Targets, Unit, WorkspaceModel } from "../domain/workspace.ts";
import { z } from "zod";
import { rulesSettingsSchema, type RulesSettings } from "../domain/rules/settings.ts";
import { scheduleSettingsOf, type ScheduleSettings } from "../domain/schedule-settings.ts";
import { canonicalJson, toJson } from "./json.ts";
import { insertRows } from "./bulk-insert.ts";
import { loadYearTargets } from "./target-repo.ts";
import { importNarrative } from "./narrative-repo.ts";

export interface SaveSummary {
  readonly workspaceKey: string;
  readonly created: number;
  readonly updated: number;
  readonly removed: number;
  readonly unchanged: number;
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Settings kept as JSON on the workspace row; parsed with zod on the way out. */
const storedSettingsSchema = z.object({
  year: z.number().int().nullable().default(null),
  bulletin: z.object({
    subject: z.string(),
    rangeDash: z.enum(["--", "-", "—", "至"]),
    asOf: z.enum(["截至", "截止"]).default("截至"),
    addressees: z.string().nullable(),
    rankTables: z.boolean(),
    titleWithOffice: z.boolean().default(false),
    unitsInText: z.enum(["auto", "all", "notable"]).default("auto"),
    signatureLines: z.array(z.string()).nullable().default(null),
    seal: z.boolean().default(false),
    cardIndicator: z.string().nullable().default(null),
    record: z.object({ copyTo: z.string().nullable(), printedBy: z.string().nullable() }).nullable().default({ copyTo: null, printedBy: null }),
  }),
  rules: z.unknown().optional(),
  schedule: z.unknown().optional(),
});
/** The settings other than rules and schedule, which StoredWorkspace carries parsed. */
export type StoredSettings = Omit<z.infer<typeof storedSettingsSchema>, "rules" | "schedule">;

export function workspaceKeyOf(file: WorkspaceFile): string {
  return file.key ?? file.name;
}

export async function saveWorkspaceFile(db: Db, file: WorkspaceFile): Promise<SaveSummary> {
  return db.$transaction(async (tx) => {
    const counter = new ChangeCounter();
    const key = workspaceKeyOf(file);
    const settings: StoredSettings = {
      year: file.year ?? null,
      bulletin: {
        subject: file.bulletin.subject,
        rangeDash: file.bulletin.rangeDash,
        asOf: file.bulletin.asOf,
        addressees: file.bulletin.addressees ?? null,
        rankTables: file.bulletin.rankTables,
        titleWithOffice: file.bulletin.titleWithOffice,
        unitsInText: file.bulletin.unitsInText,
        signatureLines: file.bulletin.signature.lines ?? null,
        seal: file.bulletin.signature.seal,
        cardIndicator: file.bulletin.cardIndicator ?? null,
        record: file.bulletin.record === false ? null : { copyTo: file.bulletin.record.copyTo?.join("，") ?? null, printedBy: file.bulletin.record.printedBy ?? null },
      },
      ...(file.rules === undefined ? {} : { rules: file.rules }),
      ...(file.schedule === undefined ? {} : { schedule: file.schedule }),
    };
    const fields = {
      name: file.name,
      office: file.office,
      scope: file.scope,
      docPrefix: file.docPrefix ?? null,
      percentDigits: file.percentDigits,
      percentTrailingZero: file.percentTrailingZero,
      timezone: file.timezone,
    };
    const existing = await tx.workspace.findUnique({ where: { key } });
    let workspaceId: string;
    if (!existing) {
      workspaceId = (await tx.workspace.create({ data: { key, ...fields, settings: toJson(settings) } })).id;
      counter.created++;
    } else {
      workspaceId = existing.id;
      const same = sameFields(existing, fields) && canonicalJson(existing.settings) === canonicalJson(settings);
      if (same) counter.unchanged++;
      else {
        await tx.workspace.update({ where: { id: workspaceId }, data: { ...fields, settings: toJson(settings) } });
        counter.updated++;
      }
    }

    const unitIds = await saveUnits(tx, workspaceId, file, counter);
    await savePeople(tx, workspaceId, file, unitIds, counter);
    const indicatorIds = await saveIndicators(tx, workspaceId, file, counter);
    await saveRatios(tx, workspaceId, file, counter);
    await saveTargets(tx, workspaceId, file, unitIds, indicatorIds, counter);
    if (file.narrative) counter[await importNarrative(tx, workspaceId, file.narrative)]++;
    return { workspaceKey: key, ...counter.totals() };
  }, { timeout: 120_000 });
}

class ChangeCounter {
  created = 0;
  updated = 0;
  removed = 0;
  unchanged = 0;
  totals() {
    return { created: this.created, updated: this.updated, removed: this.removed, unchanged: this.unchanged };
  }
}

function sameFields(row: Record<string, unknown>, fields: Record<string, unknown>): boolean {
  return Object.entries(fields).every(([name, value]) => row[name] === value);
}

/** Creates the row, updates it if a field differs, or counts it unchanged. */
async function reconcile<Row extends { id: string }>(
  counter: ChangeCounter,
  existing: Row | undefined,
  fields: Record<string, unknown>,
  create: () => Promise<Row>,
  update: (id: string) => Promise<unknown>,
): Promise<string> {
  if (!existing) {
    counter.created++;
    return (await create()).id;
  }
  if (sameFields(existing, fields)) counter.unchanged++;
  else {
    await update(existing.id);
    counter.updated++;
  }
  return existing.id;
}

async function saveUnits(tx: Tx, workspaceId: string, file: WorkspaceFile, counter: ChangeCounter): Promise<Map<string, string>> {
  const rows = new Map((await tx.unit.findMany({ where: { workspaceId } })).map((row) => [row.name, row]));
  const ids = new Map<string, string>();
  const wanted = [...file.units.map((unit, position) => ({ name: unit.name, position, isScope: false })), { name: file.scope, position: -1, isScope: true }];
  const created: (typeof wanted)[number][] = [];
  for (const unit of wanted) {
    const existing = rows.get(unit.name);
    if (!existing) {
      created.push(unit);
      continue;
    }
    const id = await reconcile(
      counter,
      existing,
      { position: unit.position, isScope: unit.isScope },
      () => tx.unit.create({ data: { workspaceId, ...unit } }),
      (rowId) => tx.unit.update({ where: { id: rowId }, data: { position: unit.position, isScope: unit.isScope } }),
    );
    ids.set(unit.name, id);
  }
  // New rows in multi-row inserts: a province of 3,000 units would otherwise be 3,000 round trips.
  if (created.length > 0) {
    await insertRows(tx, "Unit", ["workspaceId", "name", "position", "isScope"], created.map((unit) => [workspaceId, unit.name, unit.position, unit.isScope]));
    counter.created += created.length;
    const names = new Set(created.map((unit) => unit.name));
    for (const row of await tx.unit.findMany({ where: { workspaceId }, select: { id: true, name: true } })) if (names.has(row.name)) ids.set(row.name, row.id);
  }
  // Units missing from the file keep their figures and history; they are not deleted.
  return ids;
}

async function savePeople(tx: Tx, workspaceId: string, file: WorkspaceFile, unitIds: Map<string, string>, counter: ChangeCounter): Promise<void> {
  // A unit has one person per role: the file's contact of 甘州区 replaces whoever held that role. Admins
  // have no unit and are matched by name.
  const slot = (role: string, unitId: string | null, name: string) => (unitId === null ? `${role}|admin|${name}` : `${role}|${unitId}`);
  const rows = new Map((await tx.person.findMany({ where: { workspaceId } })).map((row) => [slot(row.role, row.unitId, row.name), row]));
  const wanted: { role: string; unitId: string | null; person: WorkspaceFile["admins"][number] }[] = file.admins.map((person) => ({ role: "admin", unitId: null, person }));
  for (const unit of file.units) {
    const unitId = unitIds.get(unit.name) ?? null;
    for (const role of ["contact", "deputy", "leader"] as const) {
      const person = unit[role];
      if (person) wanted.push({ role, unitId, person });
    }
  }
  const created: { workspaceId: string; role: string; name: string; unitId: string | null; mobile: string | null; email: string | null; openId: string | null }[] = [];
  for (const { role, unitId, person } of wanted) {
    const existing = rows.get(slot(role, unitId, person.name));
    // A person replaced in the slot loses the old one's Feishu id; the same person keeps theirs.
    const keepOpenId = existing && existing.name === person.name ? existing.openId : null;
    const fields = { name: person.name, unitId, mobile: person.mobile ?? null, email: person.email ?? null, openId: person.openId ?? keepOpenId };
    if (!existing) {
      created.push({ workspaceId, role, ...fields });
      continue;
    }
    await reconcile(
      counter,
      existing,
      fields,
      () => tx.person.create({ data: { workspaceId, role, ...fields } }),
      (id) => tx.person.update({ where: { id }, data: fields }),
    );
  }
  await insertRows(tx, "Person", ["workspaceId", "role", "name", "unitId", "mobile", "email", "openId"], created.map((person) => [person.workspaceId, person.role, person.name, person.unitId, person.mobile, person.email, person.openId]));
  counter.created += created.length;
}

async function saveIndicators(tx: Tx, workspaceId: string, file: WorkspaceFile, counter: ChangeCounter): Promise<Map<string, string>> {
  const rows = new Map((await tx.indicator.findMany({ where: { workspaceId } })).map((row) => [row.key, row]));
  const ids = new Map<string, string>();
  for (const [position, indicator] of file.indicators.entries()) {
    const fields = {
      group: indicator.group,
      name: indicator.name,
      measure: indicator.unit,
      decimals: indicator.decimals ?? defaultDecimals(indicator.unit),
      hasTargets: indicator.targets !== undefined || indicator.totalTarget !== undefined,
      rateName: indicator.rateName ?? null,
      askedOf: indicator.askedOf ?? askedOfInFile(indicator, file),
      position,
    };
    const id = await reconcile(
      counter,
      rows.get(indicator.id),
      fields,
      () => tx.indicator.create({ data: { workspaceId, key: indicator.id, ...fields } }),
      (rowId) => tx.indicator.update({ where: { id: rowId }, data: fields }),
    );
    ids.set(indicator.id, id);
  }
  return ids;
}

async function saveRatios(tx: Tx, workspaceId: string, file: WorkspaceFile, counter: ChangeCounter): Promise<void> {
  const rows = new Map((await tx.ratio.findMany({ where: { workspaceId } })).map((row) => [row.key, row]));
  for (const [position, ratio] of file.ratios.entries()) {
    const fields = { name: ratio.name, numeratorKey: ratio.numerator, denominatorKey: ratio.denominator, position };
    await reconcile(
      counter,
      rows.get(ratio.id),
      fields,
      () => tx.ratio.create({ data: { workspaceId, key: ratio.id, ...fields } }),
      (id) => tx.ratio.update({ where: { id }, data: fields }),
    );
  }
}

/** The file is the authority for its year's targets: targets it no longer lists are removed. */
async function saveTargets(tx: Tx, workspaceId: string, file: WorkspaceFile, unitIds: Map<string, string>, indicatorIds: Map<string, string>, counter: ChangeCounter): Promise<void> {
  const year = file.year ?? 0;
  const unitTargets = new Map((await tx.target.findMany({ where: { workspaceId, year } })).map((row) => [`${row.indicatorId}|${row.unitId}`, row]));
  const scopeTargets = new Map((await tx.scopeTarget.findMany({ where: { workspaceId, year } })).map((row) => [row.indicatorId, row]));
  const keptUnitTargets = new Set<string>();
  const keptScopeTargets = new Set<string>();
  const newTargets: { workspaceId: string; indicatorId: string; unitId: string; year: number; value: number }[] = [];
  for (const indicator of file.indicators) {
    const indicatorId = indicatorIds.get(indicator.id)!;
    for (const [unitName, value] of Object.entries(indicator.targets ?? {})) {
      const unitId = unitIds.get(unitName)!;
      const key = `${indicatorId}|${unitId}`;
      keptUnitTargets.add(key);
      if (!unitTargets.has(key)) {
        newTargets.push({ workspaceId, indicatorId, unitId, year, value });
        continue;
      }
      await reconcile(
        counter,
        unitTargets.get(key),
        { value },
        () => tx.target.create({ data: { workspaceId, indicatorId, unitId, year, value } }),
        (id) => tx.target.update({ where: { id }, data: { value } }),
      );
    }
    if (indicator.totalTarget !== undefined) {
      const value = indicator.totalTarget;
      keptScopeTargets.add(indicatorId);
      await reconcile(
        counter,
        scopeTargets.get(indicatorId),
        { value },
        () => tx.scopeTarget.create({ data: { workspaceId, indicatorId, year, value } }),
        (id) => tx.scopeTarget.update({ where: { id }, data: { value } }),
      );
    }
  }
  await insertRows(tx, "Target", ["workspaceId", "indicatorId", "unitId", "year", "value"], newTargets.map((target) => [target.workspaceId, target.indicatorId, target.unitId, target.year, target.value]));
  counter.created += newTargets.length;
  const staleUnit = [...unitTargets.entries()].filter(([key]) => !keptUnitTargets.has(key)).map(([, row]) => row.id);
  const staleScope = [...scopeTargets.entries()].filter(([key]) => !keptScopeTargets.has(key)).map(([, row]) => row.id);
  if (staleUnit.length > 0) await tx.target.deleteMany({ where: { id: { in: staleUnit } } });
  if (staleScope.length > 0) await tx.scopeTarget.deleteMany({ where: { id: { in: staleScope } } });
  counter.removed += staleUnit.length + staleScope.length;
}

export interface StoredWorkspace {
  readonly id: string;
  readonly model: WorkspaceModel;
  readonly settings: StoredSettings;
  /** the rules: settings, parsed once here (defaults filled in) */
  readonly rules: RulesSettings;
  /** the schedule: settings, or null when the month is run by hand */
  readonly schedule: ScheduleSettings | null;
  /** the scope's hidden unit, holding whole-scope figures */
  readonly scopeUnitId: string;
  readonly unitIds: ReadonlyMap<string, string>;
  readonly indicatorIds: ReadonlyMap<string, string>;
}

export class WorkspaceNotFound extends Error {
  constructor(readonly key: string) {
    super(`工作区“${key}”不存在，请先导入工作区文件`);
    this.name = "WorkspaceNotFound";
  }
}

/**
 * Reads the workspace from the database. The bot reads it through its snapshots (deps.snapshots,
 * src/store/workspace-snapshot.ts), which call this only when something changed.
 */
export async function loadWorkspace(db: Db, key: string): Promise<StoredWorkspace> {
  const row = await db.workspace.findUnique({
    where: { key },
    include: { units: { orderBy: { position: "asc" } }, indicators: { orderBy: { position: "asc" } }, ratios: { orderBy: { position: "asc" } } },
  });
  if (!row) throw new WorkspaceNotFound(key);
  const { rules, schedule, ...settings } = storedSettingsSchema.parse(row.settings);
  const scopeUnit = row.units.find((unit) => unit.isScope);
  if (!scopeUnit) throw new Error(`工作区“${key}”缺少范围单位，请重新导入工作区文件`);
  const units: Unit[] = row.units.filter((unit) => !unit.isScope).map((unit) => ({ name: unit.name, position: unit.position }));
  const indicators: Indicator[] = row.indicators.map((indicator) => ({
    key: indicator.key,
    group: indicator.group,
    name: indicator.name,
    measure: indicator.measure,
    decimals: indicator.decimals,
    rateName: indicator.rateName ?? `${indicator.name}率`,
    ...(isAskedOf(indicator.askedOf) ? { askedOf: indicator.askedOf } : {}),
    position: indicator.position,
  }));
  const ratios: Ratio[] = row.ratios.map((ratio) => ({ key: ratio.key, name: ratio.name, numeratorKey: ratio.numeratorKey, denominatorKey: ratio.denominatorKey, position: ratio.position }));
  const bulletin: BulletinStyle = {
    subject: settings.bulletin.subject,
    rangeDash: settings.bulletin.rangeDash,
    asOfWord: settings.bulletin.asOf,
    addressees: settings.bulletin.addressees ?? defaultAddressees(row.scope),
    rankTables: settings.bulletin.rankTables,
    titleWithOffice: settings.bulletin.titleWithOffice,
    unitsInText: settings.bulletin.unitsInText,
    signatureLines: settings.bulletin.signatureLines,
    seal: settings.bulletin.seal,
    cardIndicator: settings.bulletin.cardIndicator,
    record: settings.bulletin.record,
  };
  const model: WorkspaceModel = {
    key: row.key,
    name: row.name,
    office: row.office,
    scope: row.scope,
    docPrefix: row.docPrefix,
    timezone: row.timezone,
    rate: { digits: row.percentDigits === 2 ? 2 : 1, trailingZero: row.percentTrailingZero },
    bulletin,
    units,
    indicators,
    ratios,
  };
  return {
    id: row.id,
    model,
    settings,
    rules: rulesSettingsSchema.parse(rules ?? {}),
    schedule: scheduleSettingsOf(schedule),
    scopeUnitId: scopeUnit.id,
    unitIds: new Map(row.units.map((unit) => [unit.name, unit.id])),
    indicatorIds: new Map(row.indicators.map((indicator) => [indicator.key, indicator.id])),
  };
}

function defaultAddressees(scope: string): string {
  return scope === "全省" ? "各市（州）人民政府" : scope === "全州" ? "各县（市）人民政府" : "各县区人民政府";
}

/** The year's targets; a target stored without a year (0) applies when the year has none of its own (target-repo.ts). */
export async function loadTargets(db: Db, workspace: StoredWorkspace, year: number): Promise<Targets> {
  return loadYearTargets(db, workspace, year);
}

function isAskedOf(value: string | null): value is AskedOf {
  return value === "all" || value === "targeted" || value === "group";
}

/**
 * Who is asked for an indicator the file does not say it of, as the targets in the file show it
 * (the rule indicatorsForUnit used to apply on every read): with unit targets, the units that have
 * one; without, the units with a task in its group, or every unit where the group has no unit tasks.
 */
function askedOfInFile(indicator: WorkspaceFile["indicators"][number], file: WorkspaceFile): AskedOf {
  const hasUnitTargets = (i: WorkspaceFile["indicators"][number]) => Object.keys(i.targets ?? {}).length > 0;
  if (hasUnitTargets(indicator)) return "targeted";
  return file.indicators.some((other) => other.group === indicator.group && hasUnitTargets(other)) ? "group" : "all";
}

/** The digest of the workspace file last imported for `key` (null: none recorded, or no such workspace). */
export async function importedDigestOf(db: Db, key: string): Promise<string | null> {
  return (await db.workspace.findUnique({ where: { key }, select: { importedDigest: true } }))?.importedDigest ?? null;
}

export async function recordImportedDigest(db: Db, key: string, digest: string): Promise<void> {
  await db.workspace.update({ where: { key }, data: { importedDigest: digest } });
}

/** The keys of the stored workspaces. */
export async function storedWorkspaceKeys(db: Db): Promise<string[]> {
  return (await db.workspace.findMany({ select: { key: true }, orderBy: { key: "asc" } })).map((row) => row.key);
}
