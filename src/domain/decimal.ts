// Exact decimal arithmetic for the few places where binary floating point would print a wrong digit
// (54.05 must round to 54.1, not to 54.0 because 54.05 is stored as 54.04999…). Figures are typed
// with a handful of decimals, so their shortest decimal text is exact and we compute on that.

/** A non-negative decimal as an integer and a power-of-ten scale: 1092.28 → { int: 109228n, scale: 2 }. */
interface Scaled {
  readonly int: bigint;
  readonly scale: number;
}

function toScaled(value: number): Scaled {
  const scale = safeScaleOf(value);
  if (scale >= 0) return { int: BigInt(Math.round(value * POWERS_OF_TEN[scale]!)), scale };
  return scaledFromText(value);
}

/** The scaled form read off the number's shortest decimal text: exact for any finite number. */
function scaledFromText(value: number): Scaled {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const text = Math.abs(value).toString();
  const [mantissa = "0", exponentText] = text.toLowerCase().split("e");
  const exponent = exponentText ? Number(exponentText) : 0;
  const [whole = "0", fraction = ""] = mantissa.split(".");
  let digits = whole + fraction;
  let scale = fraction.length - exponent;
  if (scale < 0) {
    digits += "0".repeat(-scale);
    scale = 0;
  }
  const int = BigInt(digits) * (value < 0 ? -1n : 1n);
  return { int, scale };
}

/** Below this, value × 10^scale lands within 0.5 of the digits' integer, so Math.round finds it. */
const SAFE_DIGITS = 2 ** 50;
const MAX_FAST_SCALE = 15;
/** 10^0 … 10^22, every one an exact double, written out (the ** operator may differ in the last bit). */
const POWERS_OF_TEN: readonly number[] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * The scale scaledFromText would give (the decimals of the shortest text: 1092.28 → 2), without
 * building the text, or -1 when the digits are too many for doubles (then the text is read). A figure
 * is summed or divided for every unit and month, and the text and BigInt cost most of that.
 *
 * Why it is the same scale: the shortest text has digits D and S decimals, and the value is the double
 * nearest D / 10^S. For |D| < 2^50, value × 10^S rounds to D, and D / 10^S (two exact doubles, one
 * correctly rounded division) gives the value back, so the check holds at S. It cannot hold at a
 * smaller scale s: that would be a text with fewer digits naming the same double, and S is the least.
 */
function safeScaleOf(value: number): number {
  for (let scale = 0; scale <= MAX_FAST_SCALE; scale++) {
    const power = POWERS_OF_TEN[scale]!;
    const int = Math.round(value * power);
    if (!(Math.abs(int) < SAFE_DIGITS)) return -1;
    if (int / power === value) return scale;
  }
  return -1;
}

/**
 * numerator / denominator × 100, rounded half-up to `digits` decimals, exactly.
 * Returns null when the denominator is 0 (no rate is printed, never Infinity or NaN).
 */
export function percentHalfUp(numerator: number, denominator: number, digits: number): number | null {
  if (denominator === 0) return null;
  // Whole numbers (most figures and targets) need no BigInt: while 2·top + bottom stays below 2^53
  // every step is an exact integer, and floor of the correctly rounded quotient of two such integers
  // is the exact floor.
  if (Number.isInteger(numerator) && Number.isInteger(denominator) && numerator >= 0 && denominator > 0) {
    const top = numerator * 100 * 10 ** digits;
    if (2 * top + denominator <= Number.MAX_SAFE_INTEGER) return Math.floor((2 * top + denominator) / (2 * denominator)) / 10 ** digits;
  }
  // Decimals scaled to whole numbers take the same path while the products stay exact.
  const nScale = safeScaleOf(numerator);
  const dScale = safeScaleOf(denominator);
  if (nScale >= 0 && dScale >= 0 && numerator >= 0 && denominator > 0 && Number.isInteger(digits) && digits >= 0 && digits <= 5) {
    const top = Math.round(numerator * POWERS_OF_TEN[nScale]!) * 100 * POWERS_OF_TEN[digits + dScale]!;
    const bottom = Math.round(denominator * POWERS_OF_TEN[dScale]!) * POWERS_OF_TEN[nScale]!;
    if (2 * top + bottom <= Number.MAX_SAFE_INTEGER) return Math.floor((2 * top + bottom) / (2 * bottom)) / 10 ** digits;
  }
  const n = toScaled(numerator);
  const d = toScaled(denominator);
  // percent × 10^digits = n.int/10^n.scale ÷ d.int/10^d.scale × 100 × 10^digits
  let top = n.int * 100n * 10n ** BigInt(digits) * 10n ** BigInt(d.scale);
  let bottom = d.int * 10n ** BigInt(n.scale);
  if (bottom < 0n) {
    top = -top;
    bottom = -bottom;
  }
  const negative = top < 0n;
  const magnitude = negative ? -top : top;
  // half-up on the magnitude: floor((2·m + b) / (2·b))
  const rounded = (2n * magnitude + bottom) / (2n * bottom);
  const signed = negative ? -rounded : rounded;
  return Number(signed) / 10 ** digits;
}

/** Sum without binary drift: 1092.28 + 1255 + … is exact to the inputs' decimals. */
export function exactSum(values: readonly number[]): number {
  if (values.length === 0) return 0;
  // Whole numbers whose running sum stays below 2^53 add exactly as doubles: no BigInt needed (a
  // province's 3,000 targets are summed per indicator for every month judged).
  let sum = 0;
  let isWhole = true;
  // Index loops: a compile runs this code once, mostly before the optimizing compiler has seen it, and
  // a for…of there allocates an iterator result for each of a province's values.
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    sum += value;
    if (!Number.isInteger(value) || Math.abs(sum) > Number.MAX_SAFE_INTEGER || Math.abs(value) > Number.MAX_SAFE_INTEGER) {
      isWhole = false;
      break;
    }
  }
  if (isWhole) return sum;
  const fast = safeScaledSum(values);
  if (fast !== null) return fast;
  const scaled = values.map(toScaled);
  const scale = Math.max(...scaled.map((s) => s.scale));
  const total = scaled.reduce((sum, s) => sum + s.int * 10n ** BigInt(scale - s.scale), 0n);
  return Number(formatScaled(total, scale));
}

/**
 * exactSum on doubles: each value scaled to a whole number at the largest scale, summed while the
 * total stays exact (below 2^53), then divided back (one correctly rounded division, as reading the
 * exact decimal text would round). Null when a value or the total is out of that range.
 */
function safeScaledSum(values: readonly number[]): number | null {
  let scale = 0;
  let total = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    const s = safeScaleOf(value);
    if (s < 0) return null;
    if (s > scale) {
      total *= POWERS_OF_TEN[s - scale]!;
      scale = s;
    }
    const term = Math.round(value * POWERS_OF_TEN[s]!) * POWERS_OF_TEN[scale - s]!;
    total += term;
    // Every step exact: both operands and the result within 2^53.
    if (!(Math.abs(term) <= Number.MAX_SAFE_INTEGER && Math.abs(total) <= Number.MAX_SAFE_INTEGER)) return null;
  }
  return total / POWERS_OF_TEN[scale]!;
}

/** The number as an office writes it: no exponent, no trailing zeros, no thousands separators. */
export function plainNumber(value: number, maxDecimals = 6): string {
  // The common cases without toFixed and two regular expressions (a province's bulletin prints some
  // 200,000 numbers): a whole number below 2^53 prints its exact digits; a value below 2^30 whose shortest
  // text has at most `maxDecimals` (≤ 6) decimals prints that text, because toFixed rounds to the
  // 6-decimal neighbour nearest the double, and the double is closer to its shortest text than 10^-7.
  if (Number.isSafeInteger(value)) return String(value);
  if (maxDecimals <= 6 && Math.abs(value) < 2 ** 30) {
    const scale = safeScaleOf(value);
    if (scale >= 0 && scale <= maxDecimals) return String(value);
  }
  const fixed = value.toFixed(maxDecimals);
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}

function formatScaled(int: bigint, scale: number): string {
  const negative = int < 0n;
  const digits = (negative ? -int : int).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** Count of decimals in a number's shortest text form (1092.28 → 2). */
export function decimalsOf(value: number): number {
  return toScaled(value).scale;
}
