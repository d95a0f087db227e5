// One set of numbers: a whole-scope figure the office gave (a 全市 row) must be the sum of its units'
// figures, or the text's total and the tables' rows disagree in front of the leaders. It is refused at
// import and flagged on the preview, unless the indicator is one the office knows in total on its own
// (`ownTotal`), whose total may include work no unit reports.
import { exactSum, plainNumber } from "../decimal.ts";
import type { Figures, ScopeFigures, WorkspaceModel } from "../workspace.ts";
import { unitNounFor } from "../rules/wording.ts";

export interface TotalContradiction {
  readonly indicator: string;
  /** 棚户区改造完成投资（万元） */
  readonly label: string;
  readonly scope: number;
  readonly sum: number;
  /** sum − scope */
  readonly difference: number;
}

/**
 * The whole-scope figures that contradict their units: above the units' sum can be units still to
 * report, so that contradicts only once every unit is in; below it never adds up.
 */
export function contradictedTotals(workspace: WorkspaceModel, figures: Figures, scopeFigures: ScopeFigures): TotalContradiction[] {
  const allIn = workspace.units.every((unit) => (figures.get(unit.name)?.size ?? 0) > 0);
  const found: TotalContradiction[] = [];
  for (const indicator of workspace.indicators) {
    const scope = scopeFigures.get(indicator.key);
    if (scope === undefined || indicator.ownTotal) continue;
    const values = workspace.units.map((unit) => figures.get(unit.name)?.get(indicator.key)).filter((value): value is number => value !== undefined);
    if (values.length === 0) continue;
    const sum = exactSum(values);
    if (sum > scope || (allIn && sum !== scope)) {
      found.push({ indicator: indicator.key, label: `${indicator.group}${indicator.name}（${indicator.measure}）`, scope, sum, difference: exactSum([sum, -scope]) });
    }
  }
  return found;
}

/** Every contradicted total of a bulletin, one sentence, for the preview and the refusal. */
export function contradictionsText(bulletin: { readonly scope: string; readonly contradictedTotals?: readonly TotalContradiction[] }): string {
  const noun = unitNounFor(bulletin.scope, undefined);
  return (bulletin.contradictedTotals ?? []).map((contradiction) => contradictionText(contradiction, bulletin.scope, noun)).join("；");
}

/** 全市棚户区改造完成投资（万元）为17342，各县区合计17312，相差30 */
export function contradictionText(contradiction: TotalContradiction, scope: string, unitNoun: string): string {
  return `${scope}${contradiction.label}为${plainNumber(contradiction.scope)}，各${unitNoun}合计${plainNumber(contradiction.sum)}，相差${plainNumber(Math.abs(contradiction.difference))}`;
}
