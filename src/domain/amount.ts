// How amounts read in the text. The seeds write 71100万元 as 7.11亿元 and 31500万元 as 3.15亿元, but
// keep 23730万元 and 25480万元: an office switches to 亿元 when the figure is at least 1亿 and reads
// exactly with at most two decimals in 亿元; otherwise it stays in 万元, unrounded.
import { decimalsOf, plainNumber } from "./decimal.ts";

const WAN_PER_YI = 10_000;

/** A value with its measure as the text prints it: (23730, 万元) → "23730万元"; (71100, 万元) → "7.11亿元". */
export function formatQuantity(value: number, measure: string, yiDecimals = 2): string {
  if (measure === "万元" && value >= WAN_PER_YI) {
    const yi = value / WAN_PER_YI;
    const rounded = Number(yi.toFixed(yiDecimals));
    if (Math.abs(rounded * WAN_PER_YI - value) < 1e-6 && decimalsOf(rounded) <= yiDecimals) {
      return `${plainNumber(rounded)}亿元`;
    }
  }
  return `${plainNumber(value)}${measure}`;
}

/** Numbers in tables are never converted: the column says the measure. */
export function formatTableNumber(value: number): string {
  return plainNumber(value);
}
