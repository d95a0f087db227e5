// The Feishu summary card of a bulletin (Card JSON 2.0): headline figures per group, a chart and a
// ranking of the main indicator, the problems and a note. It always fits the platform's size limit: when
// the full card is too big (a province of 100 counties, long problems) it sheds detail step by step.
import type { Bulletin } from "../../domain/bulletin/types.ts";
import { expectedShare } from "../../domain/period.ts";
import { CARD_BYTE_BUDGET, CARD_SIZE_LIMIT_BYTES, cardSizeBytes, validateCard, type HeaderTemplate, type SummaryCard, type TextTag } from "./card-schema.ts";
import { rateChart } from "./chart.ts";
import { headlineElements } from "./headline.ts";
import { FULL_RANKING, mainIndicator, rankingTable, selectRanking, SHORT_RANKING, type RankingLimits } from "./ranking.ts";
import { BEHIND_TOLERANCE_POINTS, expectedPercent, rateStatus, yardstickOf } from "./status.ts";
import { cardTemplate } from "./templates.ts";
import { markdownText } from "./markdown-text.ts";
import { missingSentence } from "../../domain/bulletin/completeness.ts";
import { numberedItems, topicClause } from "../../domain/bulletin/narrative.ts";

export interface SummaryCardOptions {
  /** the workspace's cumulative schedule curve (12 shares); default N/12 */
  readonly curve?: readonly number[];
  /** bytes the card may take; default CARD_BYTE_BUDGET (under the platform's 30 KB) */
  readonly byteBudget?: number;
}

/** How much a card shows; the first that fits the budget is sent. */
interface Detail {
  readonly ranking: RankingLimits;
  readonly chart: boolean;
  /** the problems (and 下一步工作) whole, by their topic clauses, or only counted */
  readonly problems: "whole" | "topics" | "count";
}

const DETAILS: readonly Detail[] = [
  { ranking: FULL_RANKING, chart: true, problems: "whole" },
  { ranking: FULL_RANKING, chart: true, problems: "topics" },
  { ranking: SHORT_RANKING, chart: true, problems: "topics" },
  // A leader reads the chart before the problems' detail: the chart is the last thing to go.
  { ranking: SHORT_RANKING, chart: true, problems: "count" },
  { ranking: SHORT_RANKING, chart: false, problems: "count" },
];

/**
 * Problems are printed whole on the card only while they are short together: a province's fourteen
 * paragraphs naming dozens of counties are the document's to carry; the card gives each its topic
 * clause (一是棚户区改造开工零进度) and sends the reader to the text.
 */
const PROBLEMS_WHOLE_MAX_CHARS = 600;
/** Topic clauses listed on the card; the rest are counted. */
const PROBLEM_TOPICS = 8;

const cardSkeleton = cardTemplate<{ summary: string; title: string; subtitle: string; template: HeaderTemplate; tags: TextTag[]; elements: unknown[] }>("bulletin-summary.json");
const scheduleTemplate = cardTemplate<{ asOf: string; expected: string; tolerance: number }>("bulletin-summary/schedule.json");
const yearEndTemplate = cardTemplate<{ asOf: string; tolerance: number }>("bulletin-summary/year-end.json");
const sectionTitleTemplate = cardTemplate<{ title: string }>("bulletin-summary/section-title.json");
const problemsTemplate = cardTemplate<{ problems: string }>("bulletin-summary/problems.json");
const nextStepsTemplate = cardTemplate<{ title: string; items: string }>("bulletin-summary/next-steps.json");
const noteTemplate = cardTemplate<{ note: string }>("bulletin-summary/note.json");
const lineTemplate = cardTemplate<{ text: string }>("bulletin-summary/line.json");

export function renderSummaryCard(bulletin: Bulletin, options: SummaryCardOptions = {}): SummaryCard {
  const budget = Math.min(options.byteBudget ?? CARD_BYTE_BUDGET, CARD_SIZE_LIMIT_BYTES);
  const expected = expectedPercent(expectedShare(bulletin.period, options.curve));
  let last = 0;
  for (const detail of DETAILS) {
    const card = buildCard(bulletin, expected, detail);
    last = cardSizeBytes(card);
    if (last <= budget) return validateCard(card);
  }
  throw new Error(`《${bulletin.header.title}》的摘要卡片最简形式仍有${last}字节，超过${budget}字节的限制`);
}

function buildCard(bulletin: Bulletin, expected: number, detail: Detail): unknown {
  const { header } = bulletin;
  const elements: unknown[] = [
    yardstickOf(expected).isYearEnd
      ? yearEndTemplate({ asOf: bulletin.asOf, tolerance: BEHIND_TOLERANCE_POINTS })
      : scheduleTemplate({ asOf: bulletin.asOf, expected: `${expected}%`, tolerance: BEHIND_TOLERANCE_POINTS }),
    // Before the totals it speaks of ("以下全省合计数仅含已报送的市县").
    ...(missingSentence(bulletin) ? [lineTemplate({ text: markdownText(missingSentence(bulletin)!) })] : []),
    ...headlineElements(bulletin, expected),
  ];

  const indicator = mainIndicator(bulletin);
  if (indicator) {
    const selection = selectRanking(indicator, detail.ranking);
    elements.push({ tag: "hr" }, sectionTitleTemplate({ title: `各地区${indicator.group}${indicator.rateName}排名` }));
    if (detail.chart) elements.push(rateChart(selection, expected));
    elements.push(rankingTable(selection, expected));
    if (selection.hidden > 0) {
      const attachment = bulletin.attachments.find((table) => table.group === indicator.group);
      elements.push(lineTemplate({ text: `其余${selection.hidden}个地区见${attachment ? `附件${attachment.number}` : "通报附件"}。` }));
    }
  }

  if (bulletin.problems.length > 0) elements.push({ tag: "hr" }, problemsTemplate({ problems: problemsText(bulletin.problems, detail.problems) }));
  const nextSteps = bulletin.narrative?.nextSteps;
  if (nextSteps && nextSteps.items.length > 0) {
    // In short: each item's topic clause (一要科学推进保障性安居工程项目建设); the Word file has them whole.
    const items = detail.problems === "count" ? `共${nextSteps.items.length}项，详见通报正文。` : numberedItems({ ...nextSteps, items: nextSteps.items.map((item) => topicClause(item)) }).map(markdownText).join("\n");
    elements.push({ tag: "hr" }, nextStepsTemplate({ title: markdownText(nextSteps.title), items }));
  }
  elements.push({ tag: "hr" }, noteTemplate({ note: [header.office, header.docNumber, header.issuedOnText].filter(Boolean).join("　") }));

  const { template, tags } = overallStatus(bulletin, expected);
  return cardSkeleton({
    summary: header.title,
    title: `${bulletin.subject}进展情况通报`,
    subtitle: `${bulletin.period.year}年${bulletin.rangeLabel}${bulletin.scope}${header.docNumber ? `　${header.docNumber}` : ""}`,
    template,
    tags,
    elements,
  });
}

function problemsText(problems: readonly string[], mode: Detail["problems"]): string {
  if (mode === "count") return `共${problems.length}条，详见通报正文。`;
  if (mode === "whole" && problems.join("").length <= PROBLEMS_WHOLE_MAX_CHARS) return problems.map(markdownText).join("\n");
  const shown = problems.slice(0, PROBLEM_TOPICS).map((problem) => markdownText(topicClause(problem, 60)));
  const rest = problems.length - shown.length;
  return `${shown.join("\n")}\n${rest > 0 ? `另有${rest}条。` : ""}各条的单位和数据详见通报正文“存在的问题”。`;
}

/**
 * The header's colour and tags: how many headline rates fall behind the expectation (at the year's end,
 * the annual target), and how many problems the bulletin lists, so the tags never praise what the
 * problems below them name.
 */
function overallStatus(bulletin: Bulletin, expected: number): { template: HeaderTemplate; tags: TextTag[] } {
  const statuses = bulletin.indicators.filter((indicator) => indicator.total.target !== null).map((indicator) => rateStatus(indicator.total.rate.value, expected));
  const lagging = statuses.filter((status) => status === "lagging").length;
  const behind = statuses.filter((status) => status === "behind").length;
  const { isYearEnd } = yardstickOf(expected);
  const tag = (content: string, color: TextTag["color"]): TextTag => ({ tag: "text_tag", text: { tag: "plain_text", content }, color });
  const tags: TextTag[] = [];
  if (lagging > 0) tags.push(tag(isYearEnd ? `${lagging}项未完成年度任务` : `${lagging}项明显滞后`, "red"));
  if (behind > 0) tags.push(tag(isYearEnd ? `${behind}项接近完成年度任务` : `${behind}项略低于时序进度`, "orange"));
  if (bulletin.problems.length > 0) tags.push(tag(`存在问题${bulletin.problems.length}条`, lagging > 0 ? "red" : "orange"));
  // Praise never stands on a total of part of the units.
  if (bulletin.missing.length > 0) tags.unshift(tag(`${bulletin.missing.length}个单位未报送`, "orange"));
  if (tags.length === 0) tags.push(tag(isYearEnd ? "均完成年度任务" : "均达到时序进度", "green"));
  const warns = behind > 0 || bulletin.missing.length > 0 || bulletin.problems.length > 0;
  return { template: lagging > 0 ? "red" : warns ? "orange" : "green", tags: tags.slice(0, 3) };
}
