// Reading a workspace: its model (units, indicators, ratios, the bulletin's style), its settings
// parsed once, and the ids the store names them by. Importing a workspace file is workspace-import.ts.
import type { Db } from "../platform/db/client.ts";
import type { AskedOf, BulletinStyle, Indicator, Ratio, Targets, Unit, WorkspaceModel } from "../domain/workspace.ts";
import { z } from "zod";
import { rulesSettingsSchema, type RulesSettings } from "../domain/rules/settings.ts";
import { scheduleSettingsOf, type ScheduleSettings } from "../domain/schedule-settings.ts";
import { loadYearTargets } from "./target-repo.ts";

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
    partialTotals: z.enum(["reported", "withheld"]).default("reported"),
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
    ...(indicator.ownTotal ? { ownTotal: true } : {}),
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
    partialTotals: settings.bulletin.partialTotals,
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
