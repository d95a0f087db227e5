// Small builders for the rules tests: a workspace, targets and monthly figures from plain objects.
import type { Golden } from "../../support/golden.ts";
import { periodKey, type AsOfWord, type Period } from "../../../src/domain/period.ts";
import type { Figures, Indicator, Ratio, Targets, WorkspaceModel } from "../../../src/domain/workspace.ts";
import { defaultRulesSettings, rulesSettingsSchema, type RulesSettingsInput } from "../../../src/domain/rules/settings.ts";
import type { FindingsInput } from "../../../src/domain/rules/types.ts";

export interface IndicatorSpec {
  key: string;
  group: string;
  name: string;
  measure: string;
  rateName?: string;
}

/** Six indicators across the three groups the rules treat differently (progress, subsidy, funds). */
export const SIX_INDICATORS: IndicatorSpec[] = [
  { key: "kaigong", group: "棚户区改造", name: "开工", measure: "套" },
  { key: "touzi", group: "棚户区改造", name: "完成投资", measure: "万元" },
  { key: "zlbt_hu", group: "住房租赁补贴", name: "发放", measure: "户" },
  { key: "zlbt_jine", group: "住房租赁补贴", name: "发放金额", measure: "万元" },
  { key: "daowei", group: "资金", name: "到位资金", measure: "万元" },
  { key: "zhichu", group: "资金", name: "支出", measure: "万元" },
];

export function makeWorkspace(opts: {
  scope?: string;
  units: readonly string[];
  indicators: readonly IndicatorSpec[];
  ratios?: readonly { key: string; name: string; numerator: string; denominator: string }[];
  digits?: 1 | 2;
  trailingZero?: boolean;
  asOfWord?: AsOfWord;
}): WorkspaceModel {
  const indicators: Indicator[] = opts.indicators.map((spec, position) => ({
    key: spec.key,
    group: spec.group,
    name: spec.name,
    measure: spec.measure,
    decimals: spec.measure.endsWith("元") ? 2 : 0,
    rateName: spec.rateName ?? `${spec.name}率`,
    position,
  }));
  const ratios: Ratio[] = (opts.ratios ?? []).map((r, position) => ({
    key: r.key,
    name: r.name,
    numeratorKey: r.numerator,
    denominatorKey: r.denominator,
    position,
  }));
  return {
    key: "test",
    name: "test",
    office: "测试办公室",
    scope: opts.scope ?? "全市",
    docPrefix: null,
    timezone: "Asia/Shanghai",
    rate: { digits: opts.digits ?? 1, trailingZero: opts.trailingZero ?? false },
    bulletin: { subject: "保障性安居工程", rangeDash: "--", asOfWord: opts.asOfWord ?? "截至", addressees: "", rankTables: false, titleWithOffice: false, unitsInText: "auto", signatureLines: null, seal: false, cardIndicator: null, record: { copyTo: null, printedBy: null } },
    units: opts.units.map((name, position) => ({ name, position })),
    indicators,
    ratios,
  };
}

/** { indicatorKey: { unit: target } } → Targets */
export function makeTargets(units: Record<string, Record<string, number>>, scope: Record<string, number> = {}): Targets {
  return {
    units: new Map(Object.entries(units).map(([key, byUnit]) => [key, new Map(Object.entries(byUnit))])),
    scope: new Map(Object.entries(scope)),
  };
}

/** { unit: { indicatorKey: value } } → Figures */
export function makeFigures(byUnit: Record<string, Record<string, number>>): Figures {
  return new Map(Object.entries(byUnit).map(([unit, values]) => [unit, new Map(Object.entries(values))]));
}

/** { 3: figures, 4: figures } of one year → history keyed by period */
export function makeHistory(year: number, months: Record<number, Figures>): Map<string, Figures> {
  return new Map(Object.entries(months).map(([month, figures]) => [periodKey({ year, month: Number(month) }), figures]));
}

export function makeInput(opts: {
  workspace: WorkspaceModel;
  targets: Targets;
  history: ReadonlyMap<string, Figures>;
  period: Period;
  settings?: RulesSettingsInput;
  submissions?: FindingsInput["submissions"];
  deadline?: Date | null;
  now?: Date;
  scopeFigures?: ReadonlyMap<string, number>;
  explanations?: FindingsInput["explanations"];
}): FindingsInput {
  return {
    workspace: opts.workspace,
    settings: opts.settings ? rulesSettingsSchema.parse(opts.settings) : defaultRulesSettings,
    targets: opts.targets,
    history: opts.history,
    period: opts.period,
    submissions: opts.submissions,
    deadline: opts.deadline ?? null,
    now: opts.now ?? new Date("2030-01-01T00:00:00Z"),
    scopeFigures: opts.scopeFigures,
    explanations: opts.explanations,
  };
}

/** Zhangye's December as the engine sees it, built from the golden file. */
export function zhangyeInput(golden: Golden, settings?: RulesSettingsInput): FindingsInput {
  const workspace = makeWorkspace({
    scope: golden.scope,
    units: golden.units,
    indicators: golden.indicators.map((i) => ({ key: i.id, group: i.group, name: i.name, measure: i.unit })),
    ratios: golden.ratios.map((r) => ({ key: r.id, name: r.name, numerator: r.numerator, denominator: r.denominator })),
    digits: golden.percentDigits,
    trailingZero: false,
    asOfWord: "截止", // as the seed writes it
  });
  const unitTargets: Record<string, Record<string, number>> = {};
  const scopeTargets: Record<string, number> = {};
  const figures: Record<string, Record<string, number>> = {};
  const scopeFigures = new Map<string, number>();
  for (const indicator of golden.indicators) {
    if (indicator.targets) unitTargets[indicator.id] = indicator.targets;
    if (indicator.totalTarget !== undefined) scopeTargets[indicator.id] = indicator.totalTarget;
    if (indicator.totalActual !== undefined) scopeFigures.set(indicator.id, indicator.totalActual);
    for (const [unit, value] of Object.entries(indicator.actuals ?? {})) {
      (figures[unit] ??= {})[indicator.id] = value;
    }
  }
  return makeInput({
    workspace,
    targets: makeTargets(unitTargets, scopeTargets),
    history: makeHistory(golden.period.year, { [golden.period.month]: makeFigures(figures) }),
    period: golden.period,
    scopeFigures,
    settings,
  });
}
