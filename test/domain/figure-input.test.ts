import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { describeFigureInputError, parseFigureInput, toHalfWidth } from "../../src/domain/figure-input.ts";

const HOUSEHOLDS = { measure: "户", decimals: 0 };
const FUNDS = { measure: "万元", decimals: 2 };

function value(text: string, rules = HOUSEHOLDS) {
  const result = parseFigureInput(text, rules);
  if (!result.ok) throw new Error(`refused ${text}: ${result.error.code}`);
  return result.value;
}

function errorCode(text: string, rules = HOUSEHOLDS) {
  const result = parseFigureInput(text, rules);
  return result.ok ? null : result.error.code;
}

describe("numbers as people in China type them", () => {
  it("accepts full-width digits, separators and the indicator's unit", () => {
    expect(value("１２３")).toBe(123);
    expect(value("1,234")).toBe(1234);
    expect(value("1，234")).toBe(1234);
    expect(value(" 123户 ")).toBe(123);
    expect(value("12.5万元", FUNDS)).toBe(12.5);
    expect(value("１２．５", FUNDS)).toBe(12.5);
    expect(value("1.2亿元", FUNDS)).toBe(12000);
    expect(value("1.2345亿元", FUNDS)).toBe(12345);
    expect(value("0")).toBe(0);
  });

  it("refuses what is not a figure, naming the problem", () => {
    expect(errorCode("")).toBe("VALUE_EMPTY");
    expect(errorCode("abc")).toBe("VALUE_NOT_A_NUMBER");
    expect(errorCode("NaN")).toBe("VALUE_NOT_A_NUMBER");
    expect(errorCode("Infinity")).toBe("VALUE_NOT_A_NUMBER");
    expect(errorCode("1e5")).toBe("VALUE_NOT_A_NUMBER");
    expect(errorCode("-5")).toBe("VALUE_NEGATIVE");
    expect(errorCode("12套")).toBe("VALUE_WRONG_UNIT");
    expect(errorCode("12.5")).toBe("VALUE_TOO_MANY_DECIMALS");
    expect(errorCode("12.345", FUNDS)).toBe("VALUE_TOO_MANY_DECIMALS");
    expect(errorCode("99999999999999")).toBe("VALUE_TOO_LARGE");
    expect(errorCode("1,23")).toBe("VALUE_NOT_A_NUMBER");
  });

  it("says which field was wrong and what was typed", () => {
    const result = parseFigureInput("十二", HOUSEHOLDS);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(describeFigureInputError("开工（户）", result.error)).toBe("「开工（户）」填写的“十二”不是数字，请只填写数字，例如 1234 或 12.5。");
  });

  it("reads back any allowed value however it is written", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 11 }), fc.constantFrom(0, 1, 2), fc.boolean(), fc.boolean(), fc.boolean(), (int, decimals, grouped, fullWidth, withUnit) => {
        const number = int / 10 ** decimals;
        let text = number.toFixed(decimals);
        if (grouped) {
          const [whole = "", fraction] = text.split(".");
          text = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (fraction ? `.${fraction}` : "");
        }
        if (withUnit) text += "万元";
        if (fullWidth) text = text.replace(/[0-9.,]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
        expect(parseFigureInput(text, { measure: "万元", decimals: 2 })).toEqual({ ok: true, value: number });
      }),
    );
  });

  it("answers every string with a finite non-negative number or a coded error, never throws", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (text) => {
        const result = parseFigureInput(text, FUNDS);
        if (result.ok) {
          expect(Number.isFinite(result.value)).toBe(true);
          expect(result.value).toBeGreaterThanOrEqual(0);
        } else {
          expect(describeFigureInputError("字段", result.error)).toContain("「字段」");
        }
      }),
    );
  });

  it("maps every full-width ASCII form", () => {
    expect(toHalfWidth("ＡＢＣ１２３　")).toBe("ABC123 ");
  });
});
