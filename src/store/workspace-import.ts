// Importing a workspace file: only what differs from what is stored is written, so re-importing the
// same file changes nothing (not even a timestamp). Reading the workspace is workspace-repo.ts.
import type { Db } from "../platform/db/client.ts";
import { defaultDecimals, type WorkspaceFile } from "../import/workspace-file.ts";
import type { AskedOf } from "../domain/workspace.ts";
import { canonicalJson, toJson } from "./json.ts";
import { insertRows } from "./bulk-insert.ts";
import { importNarrative } from "./narrative-repo.ts";
import type { StoredSettings } from "./workspace-repo.ts";

export interface SaveSummary {
  readonly workspaceKey: string;
  readonly created: number;
  readonly updated: number;
  readonly removed: number;
  readonly unchanged: number;
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Settings kept as JSON on the workspace row; parsed with zod on the way out. */
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
        partialTotals: file.bulletin.partialTotals,
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
      ownTotal: indicator.ownTotal ?? false,
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
