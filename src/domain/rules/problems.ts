// 存在的问题: the findings grouped as the seeds write them, one paragraph each, "一是……。二是……。",
// naming the units joined with 、. Lagging problems first, then late units (未按时报送), then suspect
// values (数据存疑): the three states never share a paragraph.
import type { WorkspaceModel } from "../workspace.ts";
import { defaultRulesSettings, type RulesSettings } from "./settings.ts";
import type { TrackedFinding } from "./tracking.ts";
import type { Finding, RuleId } from "./types.ts";
import { listUnits, ordinalLead, unitNounFor } from "./wording.ts";

export interface DescribeOptions {
  /** wording settings (unit noun, list limit); default the defaults */
  readonly settings?: RulesSettings;
  /** the tracked state of these findings, to say 已连续N个月 */
  readonly tracked?: readonly TrackedFinding[];
  /** last month's lagging findings that no longer hold: the paragraph ends with what was 已解决 */
  readonly closed?: readonly TrackedFinding[];
}

const LAGGING_ORDER: readonly RuleId[] = ["zero-progress", "subsidy-not-paid", "missed-annual-target", "below-threshold", "behind-schedule", "below-average"];

/** What a streak is called in 已连续3个月…. */
const STREAK_PHRASE: Partial<Record<RuleId, string>> = {
  "zero-progress": "零进度",
  "subsidy-not-paid": "未按时发放租赁补贴",
  "below-threshold": "进展缓慢",
  "behind-schedule": "进度滞后",
  "below-average": "低于平均水平",
  late: "未按时报送",
};

interface Wording {
  readonly workspace: WorkspaceModel;
  readonly noun: string;
  readonly limit: number;
  readonly streaks: ByFinding<number>;
  /** 情况说明, for quoteExplanations */
  readonly explained: ByFinding<string>;
}

export function describeProblems(findings: readonly Finding[], workspace: WorkspaceModel, options: DescribeOptions = {}): string[] {
  const settings = options.settings ?? defaultRulesSettings;
  const wording: Wording = {
    workspace,
    noun: unitNounFor(workspace.scope, settings.wording.unitNoun),
    limit: settings.wording.listLimit,
    streaks: new ByFinding(),
    explained: new ByFinding(),
  };
  for (const t of options.tracked ?? []) {
    wording.streaks.set(t.rule, t.unit, t.subject, t.streak);
    if (t.explanation) wording.explained.set(t.rule, t.unit, t.subject, t.explanation);
  }
  const unitOrder = new Map(workspace.units.map((u) => [u.name, u.position]));
  const byUnit = <T extends { readonly unit: string }>(items: readonly T[]): T[] => sortedByUnit(items, unitOrder);
  const subjectOrder = subjectPositions(workspace);

  // One pass over a province's tens of thousands of findings: rule → subject → findings, in their order.
  const lagging = new Map<RuleId, Map<string, Finding[]>>(LAGGING_ORDER.map((rule) => [rule, new Map()]));
  for (const f of findings) {
    const bySubject = lagging.get(f.rule);
    if (!bySubject) continue;
    const subject = f.indicator ?? "";
    const group = bySubject.get(subject);
    if (group) group.push(f);
    else bySubject.set(subject, [f]);
  }
  const bodies: string[] = [];
  for (const [rule, bySubject] of lagging) {
    const subjects = [...bySubject.keys()].sort((a, b) => (subjectOrder.get(a) ?? 0) - (subjectOrder.get(b) ?? 0));
    // Zero progress on several indicators is one problem, each unit named once per set of indicators.
    const zeroByUnit = rule === "zero-progress" && subjects.length > 1 && subjects.every((subject) => bySubject.get(subject)!.every((f) => f.level === "unit"));
    if (zeroByUnit) {
      bodies.push(describeZeroProgress(subjects.map((subject) => ({ subject, units: byUnit(bySubject.get(subject)!) })), wording));
      continue;
    }
    for (const subject of subjects) {
      const group = bySubject.get(subject)!;
      const scope = group.filter((f) => f.level === "scope");
      const units = byUnit(group.filter((f) => f.level === "unit"));
      bodies.push(describeLagging(rule, subject, scope, units, wording) + (settings.wording.quoteExplanations ? quoteExplanations(units, wording) : ""));
    }
  }
  const late = byUnit(findings.filter((f) => f.rule === "late"));
  if (late.length > 0) bodies.push(describeLate(late, wording));
  const suspect = byUnit(findings.filter((f) => f.state === "suspect"));
  if (suspect.length > 0) bodies.push(`部分上报数据存疑，请相关${wording.noun}核实。${suspect.map((f) => f.text).join("")}`);
  const paragraphs = bodies.map((body, i) => `${ordinalLead(i)}${body}`);
  const resolved = describeResolved(options.closed ?? [], findings, wording, unitOrder);
  return resolved ? [...paragraphs, resolved] : paragraphs;
}

/**
 * 上月通报的问题中，甘州区棚户区改造开工进度滞后问题，临泽县租赁补贴未按时发放问题已解决。Each names its
 * subject, and none is said of a unit and subject that this month's findings still name as a problem
 * (last month behind schedule, this month at zero: not resolved).
 */
function describeResolved(closed: readonly TrackedFinding[], findings: readonly Finding[], wording: Wording, unitOrder: ReadonlyMap<string, number>): string | null {
  const stillNamed = new Set(findings.filter((f) => f.state === "lagging").map((f) => `${f.unit}\u0000${f.indicator ?? ""}`));
  const lagging = closed.filter((t) => t.state === "lagging" && t.level === "unit" && !stillNamed.has(`${t.unit}\u0000${t.subject}`));
  if (lagging.length === 0) return null;
  const byProblem = new Map<string, Set<string>>();
  for (const t of sortedByUnit(lagging, unitOrder)) {
    const problem = `${t.rule === "subsidy-not-paid" ? "" : subjectLabel(wording.workspace, t.subject)}${STREAK_PHRASE[t.rule] ?? "滞后"}`;
    const units = byProblem.get(problem) ?? new Set<string>();
    units.add(t.unit);
    byProblem.set(problem, units);
  }
  const parts = [...byProblem].map(([problem, units]) => `${listUnits([...units], wording.noun)}${problem}问题`);
  return `上月通报的问题中，${parts.join("，")}已解决。`;
}

/** 棚户区改造开工 for an indicator, 支出率 for a ratio, nothing for none. */
function subjectLabel(workspace: WorkspaceModel, subject: string): string {
  const indicator = workspace.indicators.find((i) => i.key === subject);
  if (indicator) return `${indicator.group}${indicator.name}`;
  return workspace.ratios.find((r) => r.key === subject)?.name ?? "";
}

/** "临泽县说明：受天气影响……。" for the units of a paragraph that explained themselves (督办's 情况说明). */
function quoteExplanations(units: readonly Finding[], wording: Wording): string {
  return units
    .map((f) => {
      const text = wording.explained.get(f.rule, f.unit, f.indicator ?? "")?.trim();
      return text ? `${f.unit}说明：${text}${/[。！？!?]$/.test(text) ? "" : "。"}` : "";
    })
    .join("");
}

function subjectPositions(workspace: WorkspaceModel): Map<string, number> {
  const order = new Map<string, number>();
  [...workspace.indicators].sort((a, b) => a.position - b.position).forEach((i, n) => order.set(i.key, n));
  [...workspace.ratios].sort((a, b) => a.position - b.position).forEach((r, n) => order.set(r.key, workspace.indicators.length + n));
  return order;
}

/** Values by a finding's rule, unit and subject, without a key string built for each of a province's findings. */
class ByFinding<T> {
  private readonly byRule = new Map<string, Map<string, Map<string, T>>>();

  set(rule: string, unit: string, subject: string, value: T): void {
    let bySubject = this.byRule.get(rule);
    if (!bySubject) this.byRule.set(rule, (bySubject = new Map()));
    let byUnit = bySubject.get(subject);
    if (!byUnit) bySubject.set(subject, (byUnit = new Map()));
    byUnit.set(unit, value);
  }

  get(rule: string, unit: string, subject: string): T | undefined {
    return this.byRule.get(rule)?.get(subject)?.get(unit);
  }
}

/** In the workspace's unit order, each unit's place looked up once (equal places keep their order). */
function sortedByUnit<T extends { readonly unit: string }>(items: readonly T[], unitOrder: ReadonlyMap<string, number>): T[] {
  return items
    .map((item) => ({ item, position: unitOrder.get(item.unit) ?? -1 }))
    .sort((a, b) => a.position - b.position)
    .map(({ item }) => item);
}

function names(findings: readonly Finding[], wording: Wording): string {
  return listUnits(
    findings.map((f) => f.unit),
    wording.noun,
  );
}

/** "，分别为54%、52.4%、55%" (or "，为54%"), with an optional name (，发放率为98%); left out for more units than the list limit. */
function respectively(findings: readonly Finding[], wording: Wording, name = ""): string {
  if (findings.length > wording.limit) return "";
  const values = findings.map((f) => f.figures.rate).filter((v): v is string => typeof v === "string");
  if (values.length !== findings.length || values.length === 0) return "";
  return values.length === 1 ? `，${name}为${values[0]}` : `，${name}分别为${values.join("、")}`;
}

/**
 * "其中，甘州区已连续3个月零进度。" for the units whose problem persists; "均已连续…" when all of them
 * share the streak.
 */
function streakSentence(rule: RuleId, findings: readonly Finding[], wording: Wording): string {
  const phrase = STREAK_PHRASE[rule];
  if (!phrase) return "";
  const streakOf = (f: Finding): number => wording.streaks.get(f.rule, f.unit, f.indicator ?? "") ?? 1;
  const byStreak = new Map<number, string[]>();
  for (const f of findings) {
    const streak = streakOf(f);
    if (streak < 2) continue;
    const units = byStreak.get(streak);
    if (units) units.push(f.unit);
    else byStreak.set(streak, [f.unit]);
  }
  if (byStreak.size === 0) return "";
  const [only] = [...byStreak.entries()];
  if (byStreak.size === 1 && only && only[1].length === findings.length) {
    return findings.length === 1 ? `${only[1][0]}已连续${only[0]}个月${phrase}。` : `以上${wording.noun}均已连续${only[0]}个月${phrase}。`;
  }
  const parts = [...byStreak.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([streak, units]) => `${listUnits(units, wording.noun)}已连续${streak}个月${phrase}`);
  return `其中，${parts.join("，")}。`;
}

function describeLagging(rule: RuleId, subject: string, scope: readonly Finding[], units: readonly Finding[], wording: Wording): string {
  const indicator = wording.workspace.indicators.find((i) => i.key === subject);
  const label = indicator ? `${indicator.group}${indicator.name}` : "";
  const rateName = indicator?.rateName ?? "";
  const lead = scope.map((f) => f.text).join("");
  const streaks = streakSentence(rule, units, wording);
  const list = names(units, wording);
  switch (rule) {
    case "zero-progress":
      return `${label}零进度。${list}${label}进度为零。${streaks}`;
    case "subsidy-not-paid": {
      const isZero = (f: Finding): boolean => f.figures.actual === 0 || f.figures.actual === null;
      const zero = units.filter(isZero);
      const flat = units.filter((f) => !isZero(f));
      const window = typeof flat[0]?.figures.window === "string" ? flat[0].figures.window : "本季度";
      const sentences = [
        zero.length > 0 ? `${names(zero, wording)}未落实“租赁补贴按月或按季发放”工作要求，租赁补贴发放为零` : "",
        flat.length > 0 ? `${names(flat, wording)}${window}租赁补贴无新增发放，未做到按月或按季发放` : "",
      ].filter((s) => s !== "");
      return `租赁补贴发放不及时。${sentences.join("；")}。${streaks}`;
    }
    case "missed-annual-target": {
      // The scope's own sentence leads when the whole scope fell short (全市…未完成年度任务).
      const detail = units.length > 0 ? `${list}未按计划完成${label}年度任务${respectively(units, wording, rateName)}。` : "";
      return `${lead || `${label}未完成年度任务。`}${detail}`;
    }
    case "below-threshold": {
      const threshold = typeof units[0]?.figures.threshold === "string" ? units[0].figures.threshold : "";
      return `${list}${label}进展缓慢，${rateName}不到${threshold}${respectively(units, wording)}。${streaks}`;
    }
    case "behind-schedule": {
      const expected = [...scope, ...units].map((f) => f.figures.expected).find((v) => typeof v === "string") ?? "";
      const detail = units.length > 0 ? `${list}${rateName}低于时序进度（${expected}）${respectively(units, wording)}。` : "";
      return `${lead || `${label}进度滞后。`}${detail}${streaks}`;
    }
    case "below-average": {
      const first = units[0] ?? scope[0];
      const group = typeof first?.figures.group === "string" ? first.figures.group : "";
      const name = typeof first?.figures.name === "string" ? first.figures.name : "";
      const average = typeof first?.figures.average === "string" ? first.figures.average : "";
      return `${group}${name}偏低。${list}${name}低于${wording.workspace.scope}平均水平（${average}）${respectively(units, wording)}。${streaks}`;
    }
    default:
      return units.map((f) => f.text).join("");
  }
}

/**
 * 部分市县零进度。白山县、金河县、长川区、新原市4个市县棚户区改造开工、完成投资进度为零，均已连续8个月零进度；
 * 金河县…城镇老旧小区改造开工进度为零。Units with the same indicators at zero share a clause; an
 * indicator's group is said once for the indicators of that group.
 */
function describeZeroProgress(subjects: readonly { subject: string; units: readonly Finding[] }[], wording: Wording): string {
  const clauses = new Map<string, { units: string[]; subjects: { subject: string; units: readonly Finding[] }[] }>();
  for (const entry of subjects) {
    const units = entry.units.map((f) => f.unit);
    const key = units.join("\u0000");
    const clause = clauses.get(key);
    if (clause) clause.subjects.push(entry);
    else clauses.set(key, { units, subjects: [entry] });
  }
  const sentences = [...clauses.values()].map(({ units, subjects: inClause }) => {
    const labels = groupedLabels(inClause.map(({ subject }) => subject), wording.workspace);
    return `${listUnits(units, wording.noun)}${labels}进度为零${zeroStreak(inClause, units.length, wording)}`;
  });
  return `部分${wording.noun}零进度。${sentences.join("；")}。`;
}

/** "棚户区改造开工、完成投资，城镇老旧小区改造开工": each group named once before its indicators. */
function groupedLabels(subjects: readonly string[], workspace: WorkspaceModel): string {
  const byGroup = new Map<string, string[]>();
  for (const subject of subjects) {
    const indicator = workspace.indicators.find((i) => i.key === subject);
    const group = indicator?.group ?? "";
    const name = indicator?.name ?? subjectLabel(workspace, subject);
    byGroup.set(group, [...(byGroup.get(group) ?? []), name]);
  }
  return [...byGroup].map(([group, names]) => `${group}${names.join("、")}`).join("，");
}

/** "，均已连续8个月零进度", or per indicator when they differ; nothing for a first month. */
function zeroStreak(subjects: readonly { subject: string; units: readonly Finding[] }[], unitCount: number, wording: Wording): string {
  const streakOf = (f: Finding): number => wording.streaks.get(f.rule, f.unit, f.indicator ?? "") ?? 1;
  const all = subjects.flatMap(({ units }) => units.map(streakOf));
  const both = unitCount === 1 ? "已" : "均已";
  if (all.every((s) => s === all[0])) return all[0]! >= 2 ? `，${both}连续${all[0]}个月零进度` : "";
  const parts = subjects.flatMap(({ subject, units }) => {
    const byStreak = new Map<number, string[]>();
    for (const f of units) if (streakOf(f) >= 2) byStreak.set(streakOf(f), [...(byStreak.get(streakOf(f)) ?? []), f.unit]);
    const label = groupedLabels([subject], wording.workspace);
    return [...byStreak].sort((a, b) => b[0] - a[0]).map(([streak, names]) => `${names.length === units.length ? "" : listUnits(names, wording.noun)}${label}已连续${streak}个月零进度`);
  });
  return parts.length > 0 ? `，其中${parts.join("，")}` : "";
}

function describeLate(late: readonly Finding[], wording: Wording): string {
  const missing = late.filter((f) => f.figures.submittedAt === null);
  const tardy = late.filter((f) => f.figures.submittedAt !== null);
  const deadline = typeof missing[0]?.figures.deadlineText === "string" ? missing[0].figures.deadlineText : null;
  const sentences = [
    missing.length > 0 ? `${names(missing, wording)}${deadline ? `截至报送截止时间（${deadline}）` : ""}仍未报送数据` : "",
    tardy.length > 0 ? `${names(tardy, wording)}逾期报送` : "",
  ].filter((s) => s !== "");
  return `部分${wording.noun}未按时报送数据。${sentences.join("；")}。${streakSentence("late", late, wording)}`;
}
