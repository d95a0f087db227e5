// Turns test/fixtures/zhangye/golden.json (figures read off a real bulletin) into a workspace file
// and a figures file, so tests can load the golden figures through the real importers.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";

export const GOLDEN_PATH = fileURLToPath(new URL("../fixtures/zhangye/golden.json", import.meta.url));
/** The seed's own words and form (narrative, title, signature), kept apart from its figures. */
export const SEED_TEXT_PATH = fileURLToPath(new URL("../fixtures/zhangye/seed-text.yaml", import.meta.url));

export interface GoldenIndicator {
  id: string;
  group: string;
  name: string;
  unit: string;
  targets?: Record<string, number>;
  totalTarget?: number;
  actuals?: Record<string, number>;
  totalActual?: number;
}

export interface Golden {
  scope: string;
  office: string;
  docNumber: string;
  issuedOn: string;
  period: { year: number; month: number; label: string; asOf: string };
  percentDigits: 1 | 2;
  units: string[];
  indicators: GoldenIndicator[];
  ratios: { id: string; name: string; numerator: string; denominator: string }[];
  expected: {
    totals: Record<string, { target?: number; actual?: number; rate: string; targetText?: string; actualText?: string; numerator?: number; denominator?: number }>;
    units: Record<string, Record<string, string>>;
    belowAverage: Record<string, string[] | string>;
  };
  seedErrors: { where: string; seed: string; correct: string }[];
}

export function readGolden(): Golden {
  return JSON.parse(readFileSync(GOLDEN_PATH, "utf8")) as Golden;
}

// What the seed's text calls these rates; everything else reads `${name}率` (开工率, 完成投资率).
const RATE_NAMES: Record<string, string> = { lgxq_xiaoqu: "小区开工率", zlbt_hu: "完成率" };

export function goldenWorkspaceYaml(golden: Golden): string {
  const seedText = parse(readFileSync(SEED_TEXT_PATH, "utf8")) as { bulletin: Record<string, unknown>; narrative: unknown };
  const file = {
    key: "zhangye",
    name: "张掖市",
    office: golden.office,
    scope: golden.scope,
    docPrefix: golden.docNumber.replace(/〔.*$/, ""),
    percentDigits: golden.percentDigits,
    // Zhangye prints 100%, 98%, 54% (golden: rateStyle)
    percentTrailingZero: false,
    year: golden.period.year,
    bulletin: { addressees: "各县区人民政府、市发投集团公司", ...seedText.bulletin },
    units: golden.units.map((name) => ({ name })),
    indicators: golden.indicators.map((indicator) => ({
      id: indicator.id,
      group: indicator.group,
      name: indicator.name,
      unit: indicator.unit,
      ...(RATE_NAMES[indicator.id] ? { rateName: RATE_NAMES[indicator.id] } : {}),
      ...(indicator.targets ? { targets: indicator.targets } : {}),
      ...(indicator.totalTarget !== undefined ? { totalTarget: indicator.totalTarget } : {}),
    })),
    ratios: golden.ratios.map(({ id, name, numerator, denominator }) => ({ id, name, numerator, denominator })),
    narrative: seedText.narrative,
  };
  return `# 张掖市 2023年12月 (figures read off the bulletin 张旧改办〔2024〕1号; see test/fixtures/zhangye/golden.json)\n${stringify(file, { lineWidth: 0 })}`;
}

export function goldenFiguresCsv(golden: Golden): string {
  const period = `${golden.period.year}-${String(golden.period.month).padStart(2, "0")}`;
  const lines = ["period,unit,indicator,value"];
  for (const indicator of golden.indicators) {
    for (const [unit, value] of Object.entries(indicator.actuals ?? {})) lines.push(`${period},${unit},${indicator.id},${value}`);
    if (indicator.totalActual !== undefined) lines.push(`${period},${golden.scope},${indicator.id},${indicator.totalActual}`);
  }
  return `${lines.join("\n")}\n`;
}
