// Excel number formats for the bulletin's figures: counts and amounts by their decimals, rates as real
// percentages (0.334 shown as 33.4%) with the workspace's digits.
import { decimalsOf } from "../../domain/decimal.ts";

export function decimalFormat(decimals: number): string {
  return decimals <= 0 ? "0" : `0.${"0".repeat(decimals)}`;
}

export function percentFormat(digits: number): string {
  return `${decimalFormat(digits)}%`;
}

/** 33.4 (percent, as the model holds it) → 0.334, without binary noise (33.4 / 100 = 0.33399999999999996). */
export function percentToFraction(percent: number, digits: number): number {
  return Number((percent / 100).toFixed(digits + 2));
}

/** The decimals the values need, when the indicator's own setting is not known. */
export function decimalsNeeded(values: readonly (number | null)[]): number {
  return Math.max(0, ...values.filter((value): value is number => value !== null).map(decimalsOf));
}
