// Excel number formats for the bulletin's figures: counts and amounts with the decimals they show,
// rates as real percentages (0.334 shown as 33.4%).

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
