// The months before a period as judged before (the month memo, store/month-memo-repo.ts), where
// nothing under them has changed since. A month's judgement (the findings that held on its figures
// alone) is kept with its basis: the workspace, its rules settings and targets, and the figures of
// every month of the year up to that one (each month's figuresBasis, year-figures-repo.ts). It is
// reused only while the month's basis is the same, so changing any of these, or correcting an earlier
// month, makes every later month be judged again. The rules' own code is part of it too: a release
// that judges differently, or numbers the slots differently, does not read what an older one kept.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { figuresLayout } from "../../domain/figures-table.ts";
import type { Period } from "../../domain/period.ts";
import type { RulesSettings } from "../../domain/rules/index.ts";
import type { Targets, WorkspaceModel } from "../../domain/workspace.ts";
import type { JudgedSlots } from "../../domain/rules/index.ts";
import type { Db } from "../../platform/db/client.ts";
import { loadJudgedMemos, saveJudgedMemo } from "../../store/month-memo-repo.ts";
import type { PeriodFigures } from "../../store/year-figures-repo.ts";

export interface KeptJudgements {
  /** by month number, for findFindingsThroughYear's `judgedBefore` */
  readonly before: ReadonlyMap<number, JudgedSlots>;
  /** keeps the months findFindingsThroughYear judged (its `judged`), on their basis */
  keep(judged: ReadonlyMap<number, JudgedSlots>): Promise<void>;
}

export async function keptJudgements(db: Db, workspace: WorkspaceModel, settings: RulesSettings, targets: Targets, year: readonly PeriodFigures[], period: Period): Promise<KeptJudgements> {
  const bases = judgedBases(workspace, settings, targets, year, period);
  const kept = await loadJudgedMemos(db, bases);
  const periodIdOf = new Map(year.flatMap((entry) => (entry.stored ? [[entry.period.month, entry.stored.periodId] as const] : [])));
  const before = new Map<number, JudgedSlots>();
  for (const [month, periodId] of periodIdOf) {
    const slots = kept.get(periodId);
    if (slots) before.set(month, slots);
  }
  return {
    before,
    async keep(judged) {
      for (const [month, slots] of judged) {
        const periodId = periodIdOf.get(month);
        const basis = periodId && bases.get(periodId);
        if (periodId && basis) await saveJudgedMemo(db, periodId, basis, slots);
      }
    },
  };
}

/** By period id, the basis of each stored month of `year` before `period`. */
function judgedBases(workspace: WorkspaceModel, settings: RulesSettings, targets: Targets, year: readonly PeriodFigures[], period: Period): Map<string, string> {
  const hash = createHash("sha256");
  hash.update(domainCode());
  hash.update(JSON.stringify(workspace));
  hash.update(JSON.stringify(settings));
  hash.update(targetsBytes(workspace, targets));
  const bases = new Map<string, string>();
  for (const month of year) {
    if (month.period.month >= period.month) continue;
    hash.update(`${month.period.month}:${month.stored?.figuresBasis ?? "-"}\n`);
    if (month.stored) bases.set(month.stored.periodId, hash.copy().digest("base64url"));
  }
  return bases;
}

/** The targets the rules read, by position (units × indicators, then the scope's per indicator); NaN where none. */
function targetsBytes(workspace: WorkspaceModel, targets: Targets): Uint8Array {
  const { units, indicators } = figuresLayout(workspace);
  const cells = new Float64Array((units.length + 1) * indicators.length).fill(Number.NaN);
  indicators.forEach((indicator, i) => {
    const byUnit = targets.units.get(indicator.key);
    if (byUnit) units.forEach((unit, u) => (cells[u * indicators.length + i] = byUnit.get(unit.name) ?? Number.NaN));
    cells[units.length * indicators.length + i] = targets.scope.get(indicator.key) ?? Number.NaN;
  });
  return new Uint8Array(cells.buffer);
}

let domainFingerprint: string | undefined;

/** A digest of src/domain's sources, read once; where they cannot be read, this process's own (nothing kept is reused). */
function domainCode(): string {
  if (domainFingerprint === undefined) {
    try {
      const root = fileURLToPath(new URL("../../domain/", import.meta.url));
      const hash = createHash("sha256");
      const files = readdirSync(root, { recursive: true }).map(String).filter((file) => file.endsWith(".ts")).sort();
      if (files.length === 0) throw new Error("no sources");
      for (const file of files) hash.update(`${file}\n`).update(readFileSync(join(root, file)));
      domainFingerprint = hash.digest("base64url");
    } catch {
      domainFingerprint = randomUUID();
    }
  }
  return domainFingerprint;
}
