// How a rate stands against the time-proportional expectation (时间过半、任务过半): the colour a leader
// reads first on the card. Same idea as the findings engine's behind-schedule rule, used here only to
// colour, never to decide what the bulletin says.
import type { TextTagColor } from "./card-schema.ts";

export type RateStatus = "on-track" | "behind" | "lagging" | "none";

/** Percentage points below the expectation that still read as "behind" rather than "lagging". */
export const BEHIND_TOLERANCE_POINTS = 10;

export function rateStatus(rate: number | null, expectedPercent: number): RateStatus {
  if (rate === null) return "none";
  if (rate >= expectedPercent) return "on-track";
  return rate >= expectedPercent - BEHIND_TOLERANCE_POINTS ? "behind" : "lagging";
}

/** Colours as Feishu names them, valid both in `<font color>` and in text tags. */
export const STATUS_COLOR: Record<RateStatus, TextTagColor & ("green" | "orange" | "red" | "neutral")> = {
  "on-track": "green",
  behind: "orange",
  lagging: "red",
  none: "neutral",
};

/** Chart colours matching the Feishu palette names above. */
export const STATUS_HEX: Record<Exclude<RateStatus, "none">, string> = {
  "on-track": "#34C724",
  behind: "#FF8800",
  lagging: "#F54A45",
};

export const STATUS_NAME: Record<Exclude<RateStatus, "none">, string> = {
  "on-track": "达到时序进度",
  behind: "略低于时序进度",
  lagging: "明显滞后",
};

/**
 * What the colours measure against, in words: the time-proportional expectation through the year; at
 * the year's end (the expectation reaches the whole annual target) the target itself.
 */
export interface Yardstick {
  readonly isYearEnd: boolean;
  /** the chart's marked line: 时序进度66.7% / 年度任务100% */
  readonly lineLabel: string;
  readonly names: Readonly<Record<Exclude<RateStatus, "none">, string>>;
}

export function yardstickOf(expected: number): Yardstick {
  if (expected < 100) return { isYearEnd: false, lineLabel: `时序进度${expected}%`, names: STATUS_NAME };
  return {
    isYearEnd: true,
    lineLabel: "年度任务100%",
    names: { "on-track": "完成年度任务", behind: `差${BEHIND_TOLERANCE_POINTS}个百分点以内`, lagging: "差距较大" },
  };
}

/** The expectation as a percent with one decimal (8.3, 16.7, 100), for display and comparison. */
export function expectedPercent(share: number): number {
  return Math.round(share * 1000) / 10;
}
