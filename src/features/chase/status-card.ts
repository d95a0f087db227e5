// The 进度 card (Card JSON 2.0, cards/status/*.json): who has submitted (revision, time, on time or
// not), who has not, and — kept apart as everywhere — who is late (未按时报送), lagging (进度滞后) and
// suspect (数据存疑). A province of 100 units must fit the platform's 30 KB: the card sheds detail
// step by step (per-unit reasons, then the table) until it fits.
import { cardTemplate } from "../../render/card/templates.ts";
import { CARD_BYTE_BUDGET, cardSizeBytes } from "../../render/card/card-schema.ts";

export interface SubmittedUnit {
  readonly unit: string;
  readonly revision: number;
  /** 1月3日 10:20 */
  readonly timeText: string;
  /** on time, late (first submission after the deadline) or revised after the deadline */
  readonly timing: "on-time" | "late" | "revised-late";
}

export interface UnitIssues {
  readonly unit: string;
  /** short reasons: 城镇老旧小区改造开工低于时序进度 */
  readonly items: readonly string[];
}

export interface StatusInput {
  /** 2023年12月 */
  readonly periodLabel: string;
  readonly periodKey: string;
  readonly state: "draft" | "open" | "locked";
  readonly deadlineText: string | null;
  readonly isPastDeadline: boolean;
  readonly unitCount: number;
  readonly submitted: readonly SubmittedUnit[];
  readonly notSubmitted: readonly string[];
  readonly lagging: readonly UnitIssues[];
  readonly suspect: readonly UnitIssues[];
  /** the units' answers to 督办 cards: 临泽县（1月6日 10:20）：受天气影响…… */
  readonly explanations: readonly string[];
  /** units this period's 督办 cards went to, and how many answered them */
  readonly duban?: { readonly units: number; readonly answered: number };
  /** 1月6日 09:00 */
  readonly asOfText: string;
}

const skeleton = cardTemplate<{ summary: string; title: string; subtitle: string; template: string; tags: unknown[]; elements: unknown[] }>("status/status.json");
const sectionTemplate = cardTemplate<{ title: string; content: string }>("status/section.json");
const tableTemplate = cardTemplate<{ rows: unknown[] }>("status/submitted-table.json");
const footerTemplate = cardTemplate<{ footer: string }>("status/footer.json");

interface Detail {
  readonly table: boolean;
  readonly reasons: boolean;
  /** names listed before 等N个 */
  readonly names: number;
}

const DETAILS: readonly Detail[] = [
  { table: true, reasons: true, names: Number.POSITIVE_INFINITY },
  { table: true, reasons: false, names: Number.POSITIVE_INFINITY },
  { table: false, reasons: false, names: Number.POSITIVE_INFINITY },
  { table: false, reasons: false, names: 30 },
];

const TIMING: Readonly<Record<SubmittedUnit["timing"], { text: string; color: string }>> = {
  "on-time": { text: "按时", color: "green" },
  late: { text: "逾期报送", color: "red" },
  // A unit that reported on time and corrected later was not late: it is shown apart, in blue.
  "revised-late": { text: "截止后更正", color: "blue" },
};

export function buildStatusCard(input: StatusInput, byteBudget = CARD_BYTE_BUDGET): Record<string, unknown> {
  let card: Record<string, unknown> | null = null;
  for (const detail of DETAILS) {
    card = build(input, detail);
    if (cardSizeBytes(card) <= byteBudget) return card;
  }
  return card!;
}

function names(list: readonly string[], limit: number): string {
  if (list.length <= limit) return list.join("、");
  return `${list.slice(0, limit).join("、")}等${list.length}个单位`;
}

function issuesText(issues: readonly UnitIssues[], detail: Detail): string {
  if (detail.reasons) return issues.map((issue) => `· ${issue.unit}：${issue.items.join("；")}`).join("\n");
  return names(
    issues.map((issue) => (issue.items.length > 1 ? `${issue.unit}（${issue.items.length}项）` : issue.unit)),
    detail.names,
  );
}

function build(input: StatusInput, detail: Detail): Record<string, unknown> {
  const late = input.submitted.filter((unit) => unit.timing === "late");
  const corrected = input.submitted.filter((unit) => unit.timing === "revised-late").map((unit) => unit.unit);
  const lateNames = [...(input.isPastDeadline ? input.notSubmitted.map((unit) => `${unit}（未报送）`) : []), ...late.map((unit) => `${unit.unit}（${TIMING[unit.timing].text}）`)];
  const elements: unknown[] = [];

  const counts = [`已报送 **${input.submitted.length}** 个`, `未报送 **${input.notSubmitted.length}** 个`];
  if (lateNames.length > 0) counts.push(`<font color='red'>未按时报送 **${lateNames.length}** 个</font>`);
  if (input.lagging.length > 0) counts.push(`<font color='orange'>进度滞后 **${input.lagging.length}** 个</font>`);
  if (input.suspect.length > 0) counts.push(`<font color='orange'>数据存疑 **${input.suspect.length}** 个</font>`);
  if (input.duban && input.duban.units > 0) counts.push(`督办 **${input.duban.units}** 个（已反馈 **${input.duban.answered}** 个，待反馈 **${input.duban.units - input.duban.answered}** 个）`);
  elements.push(sectionTemplate({ title: `共${input.unitCount}个单位`, content: counts.join("，") }));

  if (input.submitted.length > 0) {
    if (detail.table) {
      const rows = input.submitted.map((unit) => ({ unit: unit.unit, revision: `第${unit.revision}版`, time: unit.timeText, state: [TIMING[unit.timing]] }));
      elements.push(sectionTemplate({ title: `已报送（${input.submitted.length}）`, content: "版本为该单位本月第几次提交；以最新一版为准。" }), tableTemplate({ rows }));
    } else {
      elements.push(sectionTemplate({ title: `已报送（${input.submitted.length}）`, content: names(input.submitted.map((unit) => unit.unit), detail.names) }));
    }
  }
  if (input.notSubmitted.length > 0) {
    const title = input.isPastDeadline ? `<font color='red'>未报送（${input.notSubmitted.length}）</font>` : `尚未报送（${input.notSubmitted.length}）`;
    elements.push(sectionTemplate({ title, content: names(input.notSubmitted, detail.names) }));
  }
  if (lateNames.length > 0) elements.push(sectionTemplate({ title: `<font color='red'>未按时报送（${lateNames.length}）</font>`, content: names(lateNames, detail.names) }));
  if (corrected.length > 0) elements.push(sectionTemplate({ title: `截止后更正（${corrected.length}）`, content: `${names(corrected, detail.names)}：按时报送后在截止时间后更正了数据，以最新一版为准。` }));
  if (input.lagging.length > 0) elements.push(sectionTemplate({ title: `<font color='orange'>进度滞后（${input.lagging.length}）</font>`, content: issuesText(input.lagging, detail) }));
  if (input.suspect.length > 0) elements.push(sectionTemplate({ title: `<font color='orange'>数据存疑（${input.suspect.length}）</font>`, content: issuesText(input.suspect, detail) }));
  if (input.explanations.length > 0) {
    const shown = detail.reasons ? input.explanations : input.explanations.slice(0, 5);
    const more = input.explanations.length - shown.length;
    elements.push(sectionTemplate({ title: `情况说明（${input.explanations.length}）`, content: [...shown.map((line) => `· ${line}`), ...(more > 0 ? [`其余${more}条见通报预览`] : [])].join("\n") }));
  }

  const hints = [
    input.notSubmitted.length > 0 && input.state === "open" ? "发送“催报”提醒未报单位" : null,
    "发送“通报”生成通报预览",
    detail.reasons ? null : "各单位的具体问题见通报预览",
  ].filter(Boolean);
  elements.push({ tag: "hr" }, footerTemplate({ footer: `统计时间：${input.asOfText}。${hints.join("；")}。` }));

  const tag = (content: string, color: string) => ({ tag: "text_tag", text: { tag: "plain_text", content }, color });
  const tags = [
    tag(input.state === "locked" ? "已锁定" : input.state === "open" ? "填报中" : "未开放", input.state === "locked" ? "neutral" : "blue"),
    ...(lateNames.length > 0 ? [tag(`${lateNames.length}个未按时报送`, "red")] : input.notSubmitted.length === 0 ? [tag("全部已报", "green")] : []),
  ];
  return skeleton({
    summary: `${input.periodLabel}填报进度：已报送${input.submitted.length}/${input.unitCount}`,
    title: `${input.periodLabel}填报进度`,
    subtitle: `已报送 ${input.submitted.length}/${input.unitCount}${input.deadlineText ? `　截止时间：${input.deadlineText}` : "　未设截止时间"}`,
    template: lateNames.length > 0 ? "red" : input.notSubmitted.length > 0 || input.lagging.length > 0 || input.suspect.length > 0 ? "orange" : "green",
    tags,
    elements,
  }) as Record<string, unknown>;
}
