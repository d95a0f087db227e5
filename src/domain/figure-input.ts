// Numbers as people in China type them into a card: full-width digits (１２３), thousands separators
// (1,234 or 1，234), a trailing unit (123户, 12.5万元, 1.2亿元 for an indicator in 万元). Anything else
// is refused with a message that names the field and what was typed; nothing is guessed.

export type FigureInputError =
  | { readonly code: "VALUE_EMPTY" }
  | { readonly code: "VALUE_NOT_A_NUMBER"; readonly text: string }
  | { readonly code: "VALUE_NEGATIVE"; readonly text: string }
  | { readonly code: "VALUE_WRONG_UNIT"; readonly text: string; readonly unit: string; readonly expected: string }
  | { readonly code: "VALUE_TOO_MANY_DECIMALS"; readonly text: string; readonly decimals: number }
  | { readonly code: "VALUE_TOO_LARGE"; readonly text: string; readonly max: number };

export type FigureInputResult =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly error: FigureInputError };

export interface FigureInputRules {
  /** the indicator's unit of measure (户, 套, 万元 …) */
  readonly measure: string;
  /** decimals allowed, in the indicator's measure */
  readonly decimals: number;
  /** absurd sizes are refused; default 1e12 */
  readonly max?: number;
}

const DEFAULT_MAX = 1e12;

/** Full-width forms (０-９, ．，－＋) to ASCII, ideographic space to space. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, " ");
}

// 万元 may be typed as 亿元 (1.2亿元 = 12000万元); every other unit must be the indicator's own.
const CONVERSIONS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  万元: { 亿元: 10_000, 亿: 10_000, 万: 1 },
};

const NUMBER_WITH_UNIT = /^([+-]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)\s*(\D*)$/;

export function parseFigureInput(raw: string, rules: FigureInputRules): FigureInputResult {
  const text = toHalfWidth(raw).trim().replace(/，/g, ",").replace(/。/g, ".").replace(/\s+/g, "");
  if (text === "") return fail({ code: "VALUE_EMPTY" });
  const match = NUMBER_WITH_UNIT.exec(text);
  if (!match) return fail({ code: "VALUE_NOT_A_NUMBER", text: raw.trim() });
  const [, sign = "", digits = "", unit = ""] = match;
  let factor = 1;
  if (unit !== "" && unit !== rules.measure) {
    const conversion = CONVERSIONS[rules.measure]?.[unit];
    if (conversion === undefined) {
      return fail({ code: "VALUE_WRONG_UNIT", text: raw.trim(), unit, expected: rules.measure });
    }
    factor = conversion;
  }
  const plain = digits.replace(/,/g, "");
  const value = Number(plain) * factor;
  if (!Number.isFinite(value)) return fail({ code: "VALUE_NOT_A_NUMBER", text: raw.trim() });
  if (sign === "-" && value !== 0) return fail({ code: "VALUE_NEGATIVE", text: raw.trim() });
  const max = rules.max ?? DEFAULT_MAX;
  if (value > max) return fail({ code: "VALUE_TOO_LARGE", text: raw.trim(), max });
  const typedDecimals = (plain.split(".")[1] ?? "").length;
  const decimalsInMeasure = Math.max(0, typedDecimals - Math.round(Math.log10(factor)));
  if (decimalsInMeasure > rules.decimals) {
    return fail({ code: "VALUE_TOO_MANY_DECIMALS", text: raw.trim(), decimals: rules.decimals });
  }
  // Re-round in the measure so 1.23亿元 → 12300, not 12299.999999999998.
  return { ok: true, value: Number(value.toFixed(rules.decimals)) };
}

function fail(error: FigureInputError): FigureInputResult {
  return { ok: false, error };
}

/** The sentence a contact reads next to the field: 「开工（户）」… */
export function describeFigureInputError(field: string, error: FigureInputError): string {
  switch (error.code) {
    case "VALUE_EMPTY":
      return `「${field}」未填写，请填写数字。`;
    case "VALUE_NOT_A_NUMBER":
      return `「${field}」填写的“${error.text}”不是数字，请只填写数字，例如 1234 或 12.5。`;
    case "VALUE_NEGATIVE":
      return `「${field}」不能为负数（填写的是“${error.text}”）。`;
    case "VALUE_WRONG_UNIT":
      return `「${field}」的单位应为${error.expected}，填写的“${error.text}”带有单位“${error.unit}”。`;
    case "VALUE_TOO_MANY_DECIMALS":
      return error.decimals === 0
        ? `「${field}」应为整数（填写的是“${error.text}”）。`
        : `「${field}」最多保留${error.decimals}位小数（填写的是“${error.text}”）。`;
    case "VALUE_TOO_LARGE":
      return `「${field}」填写的“${error.text}”过大，请核对单位和数值。`;
  }
}
