// A horizontal bar chart (VChart spec, §2.4.2) of the shown units' rates for the main indicator, bars
// coloured by status, with the time-proportional expectation as a marked line.
import { cardTemplate } from "./templates.ts";
import type { RankingSelection } from "./ranking.ts";
import { rateStatus, STATUS_HEX, STATUS_NAME, yardstickOf, type RateStatus } from "./status.ts";

const chartTemplate = cardTemplate<{
  height: string;
  title: string;
  values: { unit: string; rate: number; status: string }[];
  statusNames: string[];
  statusColors: string[];
  expected: number;
  expectedLabel: string;
}>("bulletin-summary/rate-chart.json");

const BAR_PX = 26;
const FRAME_PX = 110;

export function rateChart(selection: RankingSelection, expected: number): unknown {
  const statuses = Object.keys(STATUS_NAME) as Exclude<RateStatus, "none">[];
  const yardstick = yardstickOf(expected);
  const values = selection.rows.map((row) => {
    const status = rateStatus(row.rate.value, expected) as Exclude<RateStatus, "none">;
    return { unit: row.unit, rate: row.rate.value!, status: yardstick.names[status] };
  });
  const shown = selection.gapAfter === null ? "" : `（前${selection.gapAfter}名和后${selection.rows.length - selection.gapAfter}名）`;
  return chartTemplate({
    height: `${Math.min(999, FRAME_PX + BAR_PX * values.length)}px`,
    title: `各地区${selection.indicator.group}${selection.indicator.rateName}（%）${shown}`,
    values,
    statusNames: statuses.map((status) => yardstick.names[status]),
    statusColors: statuses.map((status) => STATUS_HEX[status]),
    expected,
    expectedLabel: yardstick.lineLabel,
  });
}
