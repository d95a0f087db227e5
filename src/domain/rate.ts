// Rates as the bulletin prints them: half-up to the workspace's digits, with or without the trailing
// zero, and no rate at all without a denominator. The seeds truncated (33.3% for 33.376%): we round.
import { percentHalfUp } from "./decimal.ts";
import type { RateStyle } from "./workspace.ts";
import type { Rate } from "./bulletin/types.ts";

export const NO_RATE: Rate = { value: null, text: null };

/** The rate of actual against target (or numerator against denominator), rounded and formatted. */
export function computeRate(numerator: number | null | undefined, denominator: number | null | undefined, style: RateStyle): Rate {
  if (numerator == null || denominator == null || denominator <= 0 || numerator < 0) return NO_RATE;
  const value = percentHalfUp(numerator, denominator, style.digits);
  if (value === null) return NO_RATE;
  return { value, text: formatPercent(value, style) };
}

/** 33.4 → "33.4%"; 100 → "100%" or "100.0%" depending on the workspace's trailing-zero style. */
export function formatPercent(value: number, style: RateStyle): string {
  const fixed = value.toFixed(style.digits);
  if (style.trailingZero) return `${fixed}%`;
  const trimmed = fixed.replace(/\.?0+$/, "");
  return `${trimmed}%`;
}
