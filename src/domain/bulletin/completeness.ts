// A bulletin compiled while units are missing says so, wherever it is read: the text, the card, the
// 发布 confirmation. Its whole-scope totals add up only the units that reported, so the sentence also
// says what they cover; and no praise ("均达到时序进度") stands on such a total.
import type { Figures, WorkspaceModel } from "../workspace.ts";
import { unitNounFor } from "../rules/wording.ts";

/** Names listed in full before the rest are counted (等N个市县). */
const LISTED = 10;

/** The units, in the workspace's order, that have no figure at all for the period. */
export function missingUnits(workspace: WorkspaceModel, figures: Figures): string[] {
  return [...workspace.units]
    .sort((a, b) => a.position - b.position)
    .filter((unit) => (figures.get(unit.name)?.size ?? 0) === 0)
    .map((unit) => unit.name);
}

/** 东山市、东原市2个市县 / 东山市、…等15个市县 */
export function missingList(missing: readonly string[], scope: string): string {
  const noun = unitNounFor(scope, undefined);
  const named = missing.slice(0, LISTED).join("、");
  return missing.length > LISTED ? `${named}等${missing.length}个${noun}` : `${named}${missing.length}个${noun}`;
}

/** 截至目前，东山市、东原市2个市县尚未报送，以下全省合计数仅含已报送的市县。 (null when every unit reported) */
export function missingSentence(bulletin: { readonly missing: readonly string[]; readonly scope: string; readonly totalsWithheld?: boolean }): string | null {
  if (bulletin.missing.length === 0) return null;
  const noun = unitNounFor(bulletin.scope, undefined);
  const rates = bulletin.totalsWithheld ? `，暂不计算${bulletin.scope}完成率` : "";
  return `截至目前，${missingList(bulletin.missing, bulletin.scope)}尚未报送，以下${bulletin.scope}合计数仅含已报送的${noun}${rates}。`;
}
