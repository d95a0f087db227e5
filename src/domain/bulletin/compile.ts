// compileBulletin: one pure function from the workspace, its targets and one period's figures to the
// Bulletin model. The text and every table are derived here from the same numbers.
import { computeRate } from "../rate.ts";
import { asOfLabel, periodKey, rangeLabel, type Period } from "../period.ts";
import { chineseDate, parseIsoDate } from "../dates.ts";
import type { Figures, ScopeFigures, Targets, WorkspaceModel } from "../workspace.ts";
import { attachmentTable } from "./attachments.ts";
import { missingUnits } from "./completeness.ts";
import { contradictedTotals } from "./scope-totals.ts";
import { figuresByUnit, indicatorResult, ratioResult } from "./figures.ts";
import { extremesOf, sectionHeading, sectionText, UNITS_IN_TEXT_AUTO_MAX } from "./sections.ts";
import { unitNounFor } from "../rules/wording.ts";
import { EMPTY_NARRATIVE, type Narrative } from "./narrative.ts";
import type { Bulletin, BulletinFinding, BulletinGroup, IndicatorResult, RatioResult } from "./types.ts";

export interface CompileInput {
  readonly workspace: WorkspaceModel;
  readonly period: Period;
  readonly targets: Targets;
  readonly figures: Figures;
  readonly scopeFigures: ScopeFigures;
  /** the findings engine's output for the period (src/domain/rules) */
  readonly findings: readonly BulletinFinding[];
  /** the 存在的问题 paragraphs generated from the findings */
  readonly problems: readonly string[];
  /** ISO date of issue, e.g. 2024-01-09 */
  readonly issuedOn: string;
  /** the sequence number in the document number (张旧改办〔2024〕1号); null prints no number */
  readonly docSequence: number | null;
  /** the office's own words (下一步工作, closing sentences, its own sections) */
  readonly narrative?: Narrative;
}

export function compileBulletin(input: CompileInput): Bulletin {
  const { workspace, period } = input;
  const narrative = input.narrative ?? EMPTY_NARRATIVE;
  const style = workspace.bulletin;
  const units = [...workspace.units].sort((a, b) => a.position - b.position);
  const unitOrder = units.map((unit) => unit.name);
  const unitFigures = figuresByUnit(units, input.figures);
  const missing = missingUnits(workspace, input.figures);
  // "withheld": no whole-scope rate while units are missing, ratios included
  const totalsWithheld = style.partialTotals === "withheld" && missing.length > 0;
  const indicators = new Map<string, IndicatorResult>();
  for (const indicator of [...workspace.indicators].sort((a, b) => a.position - b.position)) {
    indicators.set(indicator.key, indicatorResult(indicator, units, input.targets, unitFigures, input.scopeFigures, workspace.rate, workspace.bulletin.partialTotals ?? "reported"));
  }
  const ratios = new Map<string, RatioResult>();
  for (const ratio of [...workspace.ratios].sort((a, b) => a.position - b.position)) {
    const numerator = indicators.get(ratio.numeratorKey);
    const denominator = indicators.get(ratio.denominatorKey);
    if (!numerator || !denominator) throw new Error(`比率“${ratio.name}”引用的指标不存在`);
    const result = ratioResult(ratio, numerator.group, numerator, denominator, units, workspace.rate);
    ratios.set(ratio.key, totalsWithheld ? { ...result, total: { ...result.total, rate: computeRate(null, null, workspace.rate) } } : result);
  }

  const groups = groupsOf([...indicators.values()], [...ratios.values()]);
  const range = rangeLabel(period, workspace.bulletin.rangeDash);
  const asOf = asOfLabel(period, style.asOfWord);
  const sectionCtx = { year: period.year, scope: workspace.scope, asOf, indicators, ratios, unitOrder, noun: unitNounFor(workspace.scope, undefined) };
  const namesAll = style.unitsInText === "all" || (style.unitsInText === "auto" && units.length <= UNITS_IN_TEXT_AUTO_MAX);
  const namedIn = (group: BulletinGroup) => (namesAll ? undefined : extremesOf(group, sectionCtx));
  const attachmentCtx = { year: period.year, rangeLabel: range, scope: workspace.scope, rank: workspace.bulletin.rankTables, indicators, ratios, unitOrder };

  const issued = parseIsoDate(input.issuedOn);
  const docNumber = workspace.docPrefix && input.docSequence !== null ? `${workspace.docPrefix}〔${issued.year}〕${input.docSequence}号` : null;

  return {
    workspace: workspace.key,
    scope: workspace.scope,
    subject: workspace.bulletin.subject,
    period,
    periodKey: periodKey(period),
    rangeLabel: range,
    asOf,
    header: {
      office: workspace.office,
      docNumber,
      title: `${style.titleWithOffice ? workspace.office : ""}关于${period.year}年${range}${workspace.scope}${style.subject}进展情况的通报`,
      addressees: workspace.bulletin.addressees,
      issuedOn: input.issuedOn,
      issuedOnText: chineseDate(input.issuedOn),
      signatureLines: style.signatureLines ?? [workspace.office],
      seal: style.seal,
      record: style.record && { copyTo: style.record.copyTo, printedBy: style.record.printedBy ?? workspace.office },
    },
    groups,
    indicators: [...indicators.values()],
    ratios: [...ratios.values()],
    sections: groups.map((group, index) => ({ group: group.name, heading: sectionHeading(index, group.name, group.indicatorKeys.some((key) => indicators.get(key)!.total.target !== null)), text: sectionText(group, index + 1, sectionCtx, narrative.groupNotes[group.name], namedIn(group)) })),
    findings: input.findings,
    problems: input.problems,
    narrative,
    ...(style.cardIndicator === null ? {} : { cardIndicator: style.cardIndicator }),
    missing,
    ...(totalsWithheld ? { totalsWithheld: true } : {}),
    contradictedTotals: contradictedTotals(workspace, input.figures, input.scopeFigures),
    attachments: groups.map((group, index) => attachmentTable(index + 1, group, attachmentCtx)),
  };
}

/** Groups in the order their first indicator appears in the workspace file. */
function groupsOf(indicators: readonly IndicatorResult[], ratios: readonly RatioResult[]): BulletinGroup[] {
  const groups = new Map<string, { indicatorKeys: string[]; ratioKeys: string[] }>();
  for (const indicator of indicators) {
    let group = groups.get(indicator.group);
    if (!group) groups.set(indicator.group, (group = { indicatorKeys: [], ratioKeys: [] }));
    group.indicatorKeys.push(indicator.key);
  }
  for (const ratio of ratios) groups.get(ratio.group)?.ratioKeys.push(ratio.key);
  return [...groups].map(([name, keys]) => ({ name, ...keys }));
}
