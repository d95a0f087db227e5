import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { exactSum, percentHalfUp, plainNumber } from "../../src/domain/decimal.ts";
import { computeRate, formatPercent } from "../../src/domain/rate.ts";

const ZHANGYE = { digits: 1, trailingZero: false } as const;
const JINCHENG = { digits: 1, trailingZero: true } as const;
const DIQING = { digits: 2, trailingZero: false } as const;

/** Reference: half-up rounding on exact rationals of integers (scaled inputs). */
function referencePercent(numerator: bigint, denominator: bigint, digits: number): number {
  const top = numerator * 100n * 10n ** BigInt(digits);
  const rounded = (2n * top + denominator) / (2n * denominator);
  return Number(rounded) / 10 ** digits;
}

describe("rates", () => {
  it("rounds half-up where the seed truncated (guards seedErrors: 33.3% printed for 33.376%)", () => {
    expect(computeRate(23730, 71100, ZHANGYE).text).toBe("33.4%");
    expect(computeRate(294, 260, ZHANGYE).text).toBe("113.1%");
    expect(computeRate(1092.28, 2021, ZHANGYE).text).toBe("54%");
  });

  it("rounds the exact half up, which binary floating point gets wrong", () => {
    // 0.5405 × 100 = 54.05 exactly; as a double 54.05 is 54.0499…, and toFixed(1) gives 54.0
    expect(percentHalfUp(1081, 2000, 1)).toBe(54.1);
    expect(percentHalfUp(1, 8, 2)).toBe(12.5);
    expect(percentHalfUp(1, 8, 1)).toBe(12.5);
    expect(percentHalfUp(1, 16, 1)).toBe(6.3);
  });

  it("prints the workspace's style: trailing zero or not, one or two digits", () => {
    expect(formatPercent(100, ZHANGYE)).toBe("100%");
    expect(formatPercent(100, JINCHENG)).toBe("100.0%");
    expect(formatPercent(125, JINCHENG)).toBe("125.0%");
    expect(formatPercent(33.38, DIQING)).toBe("33.38%");
    expect(formatPercent(33.4, DIQING)).toBe("33.4%");
    expect(formatPercent(33.4, { digits: 2, trailingZero: true })).toBe("33.40%");
  });

  it("gives no rate without a target or with a zero denominator, never Infinity, NaN or 0%", () => {
    for (const [numerator, denominator] of [
      [5, 0],
      [0, 0],
      [5, null],
      [null, 5],
      [undefined, 5],
    ] as const) {
      expect(computeRate(numerator, denominator, ZHANGYE)).toEqual({ value: null, text: null });
    }
  });

  it("matches exact rational half-up rounding for any figures with up to 2 decimals", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 1, max: 10 ** 9 }), fc.constantFrom(0, 1, 2), fc.constantFrom(1, 2), (top, bottom, scale, digits) => {
        const numerator = top / 10 ** scale;
        const denominator = bottom / 10 ** scale;
        expect(percentHalfUp(numerator, denominator, digits)).toBe(referencePercent(BigInt(top), BigInt(bottom), digits));
      }),
    );
  });

  it("never prints more digits than the workspace allows", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0.01, max: 1e6, noNaN: true }), fc.constantFrom(1, 2) as fc.Arbitrary<1 | 2>, fc.boolean(), (a, b, digits, trailingZero) => {
        const rate = computeRate(a, b, { digits, trailingZero });
        expect(rate.text).toMatch(new RegExp(`^\\d+(\\.\\d{${trailingZero ? digits : `1,${digits}`}})?%$`));
      }),
    );
  });
});

describe("exact sums and plain numbers", () => {
  it("adds money without binary drift", () => {
    expect(exactSum([1092.28, 1255, 3926, 8338, 528.32, 9.9])).toBe(15149.5);
    expect(exactSum([0.1, 0.2])).toBe(0.3);
  });

  it("prints numbers as offices write them", () => {
    expect(plainNumber(15149.5)).toBe("15149.5");
    expect(plainNumber(25480)).toBe("25480");
    expect(plainNumber(1e12)).toBe("1000000000000");
    expect(plainNumber(0.1 + 0.2)).toBe("0.3");
  });
});

describe("percentHalfUp on whole numbers (the fast path without BigInt)", () => {
  it("agrees with exact rational rounding, up to and past the 2^53 limit of the fast path", () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(1, 2), (numerator, denominator, digits) => {
        expect(percentHalfUp(numerator, denominator, digits)).toBe(referencePercent(BigInt(numerator), BigInt(denominator), digits));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), fc.constantFrom(1, 2), (numerator, denominator, digits) => {
        expect(percentHalfUp(numerator, denominator, digits)).toBe(referencePercent(BigInt(numerator), BigInt(denominator), digits));
      }),
      { numRuns: 2000 },
    );
  });
});

/** The decimal digits and scale read off the number's shortest text, as decimal.ts did before its fast path. */
function scaledFromText(value: number): { int: bigint; scale: number } {
  const [mantissa = "0", exponentText] = Math.abs(value).toString().toLowerCase().split("e");
  const exponent = exponentText ? Number(exponentText) : 0;
  const [whole = "0", fraction = ""] = mantissa.split(".");
  let digits = whole + fraction;
  let scale = fraction.length - exponent;
  if (scale < 0) {
    digits += "0".repeat(-scale);
    scale = 0;
  }
  return { int: BigInt(digits) * (value < 0 ? -1n : 1n), scale };
}

function textPercent(numerator: number, denominator: number, digits: number): number {
  const n = scaledFromText(numerator);
  const d = scaledFromText(denominator);
  return referencePercent(n.int * 10n ** BigInt(d.scale), d.int * 10n ** BigInt(n.scale), digits);
}

function textSum(values: readonly number[]): number {
  const scaled = values.map(scaledFromText);
  const scale = Math.max(...scaled.map((s) => s.scale));
  const total = scaled.reduce((sum, s) => sum + s.int * 10n ** BigInt(scale - s.scale), 0n);
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, "0");
  const text = `${negative ? "-" : ""}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale) || "0"}`;
  return Number(text);
}

/** Figures as typed (a few decimals), and doubles of any shape: long fractions, tiny, huge. */
const decimal = fc.oneof(
  fc.tuple(fc.nat({ max: 10 ** 12 }), fc.integer({ min: 0, max: 6 })).map(([digits, scale]) => digits / 10 ** scale),
  fc.double({ min: 0, max: 1e18, noNaN: true }),
  fc.double({ min: 1e-12, max: 1e-3, noNaN: true }),
  fc.constantFrom(0.1 + 0.2, 1 / 3, 2 ** 53 + 2, 1092.28, 54.05, 1e-7, 5e-324),
);

describe("decimals without BigInt (the fast paths on doubles)", () => {
  it("rounds rates of decimals exactly as on their decimal text", () => {
    fc.assert(
      fc.property(decimal, decimal.filter((d) => d > 0), fc.constantFrom(1, 2), (numerator, denominator, digits) => {
        expect(percentHalfUp(numerator, denominator, digits)).toBe(textPercent(numerator, denominator, digits));
      }),
      { numRuns: 5000 },
    );
  });

  it("sums decimals exactly as on their decimal text", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(decimal, decimal.map((d) => -d)), { minLength: 1, maxLength: 20 }), (values) => {
        expect(exactSum(values)).toBe(textSum(values));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("plainNumber's fast cases", () => {
  /** plainNumber as written before its fast cases: toFixed, then the zeros and the point trimmed. */
  const viaToFixed = (value: number, maxDecimals: number): string => {
    const fixed = value.toFixed(maxDecimals);
    return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
  };

  it("prints what toFixed and trimming print", () => {
    fc.assert(
      fc.property(fc.oneof(decimal, decimal.map((d) => -d), fc.double({ noNaN: true, noDefaultInfinity: true })), fc.integer({ min: 0, max: 8 }), (value, maxDecimals) => {
        expect(plainNumber(value, maxDecimals)).toBe(viaToFixed(value, maxDecimals));
      }),
      { numRuns: 5000 },
    );
  });
});
