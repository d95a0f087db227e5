// Finding the unit and the indicator an admin names in a command: the exact name or id first, then a
// unique abbreviation (甘州 → 甘州区; 棚改开工 → 棚户区改造·开工, its characters in order). An unknown
// or ambiguous name is refused naming it, and the candidates when there are several.
import { AppError } from "./errors.ts";
import type { Indicator, WorkspaceModel } from "../domain/workspace.ts";

function isSubsequence(short: string, long: string): boolean {
  let at = 0;
  for (const char of long) if (char === short[at]) at++;
  return at === short.length;
}

function pick<T>(candidates: readonly T[], name: string, code: "UNIT_NOT_FOUND" | "INDICATOR_NOT_FOUND", label: (item: T) => string): T {
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) throw new AppError(code, name);
  throw new AppError("BAD_ARGUMENT", `“${name}”可能是${candidates.map(label).join("、")}，请写完整。`);
}

export function resolveUnit(workspace: WorkspaceModel, name: string): string {
  const exact = workspace.units.find((unit) => unit.name === name);
  if (exact) return exact.name;
  return pick(
    workspace.units.filter((unit) => unit.name.startsWith(name)),
    name,
    "UNIT_NOT_FOUND",
    (unit) => unit.name,
  ).name;
}

export function indicatorLabel(indicator: Indicator): string {
  return `${indicator.group}·${indicator.name}（${indicator.key}）`;
}

export function resolveIndicator(workspace: WorkspaceModel, text: string): Indicator {
  const name = text.replace(/[·・.\/／]/g, "");
  const byKey = workspace.indicators.find((indicator) => indicator.key === text);
  if (byKey) return byKey;
  const stages: ((indicator: Indicator) => boolean)[] = [
    (indicator) => `${indicator.group}${indicator.name}` === name,
    (indicator) => indicator.name === name,
    // an abbreviated group before the exact name: 棚改开工, 老旧开工
    (indicator) => name.endsWith(indicator.name) && name.length > indicator.name.length && isSubsequence(name.slice(0, -indicator.name.length), indicator.group),
    (indicator) => isSubsequence(name, `${indicator.group}${indicator.name}`),
  ];
  for (const matches of stages) {
    const found = workspace.indicators.filter(matches);
    if (found.length > 0) return pick(found, text, "INDICATOR_NOT_FOUND", indicatorLabel);
  }
  throw new AppError("INDICATOR_NOT_FOUND", text);
}
