// bulletin.json: the model's numbers keyed by id, for other systems and for tests. Its shape is
// documented in the README ("bulletin.json").
import type { Bulletin, IndicatorFigures, RatioFigures } from "../domain/bulletin/types.ts";

export interface BulletinJson {
  readonly period: string;
  readonly title: string;
  readonly docNumber: string | null;
  readonly issuedOn: string;
  readonly indicators: Record<string, { total: FiguresJson; units: Record<string, FiguresJson & { rank: number | null }> }>;
  readonly ratios: Record<string, { total: RatioJson; units: Record<string, RatioJson & { rank: number | null }> }>;
  readonly findings: readonly { rule: string; unit: string; indicator: string | null; state: string; severity: string; text: string; figures: Record<string, unknown> }[];
  readonly problems: readonly string[];
  /** units with no figure for the period */
  readonly missing: readonly string[];
}

interface FiguresJson {
  target: number | null;
  actual: number | null;
  rate: string | null;
}

interface RatioJson {
  numerator: number | null;
  denominator: number | null;
  rate: string | null;
}

const figuresJson = (f: IndicatorFigures): FiguresJson => ({ target: f.target, actual: f.actual, rate: f.rate.text });
const ratioJson = (f: RatioFigures): RatioJson => ({ numerator: f.numerator, denominator: f.denominator, rate: f.rate.text });

export function toBulletinJson(bulletin: Bulletin): BulletinJson {
  return {
    period: bulletin.periodKey,
    title: bulletin.header.title,
    docNumber: bulletin.header.docNumber,
    issuedOn: bulletin.header.issuedOn,
    indicators: Object.fromEntries(
      bulletin.indicators.map((indicator) => [
        indicator.key,
        { total: figuresJson(indicator.total), units: Object.fromEntries(indicator.units.map((row) => [row.unit, { ...figuresJson(row), rank: row.rank }])) },
      ]),
    ),
    ratios: Object.fromEntries(
      bulletin.ratios.map((ratio) => [ratio.key, { total: ratioJson(ratio.total), units: Object.fromEntries(ratio.units.map((row) => [row.unit, { ...ratioJson(row), rank: row.rank }])) }]),
    ),
    findings: bulletin.findings.map((finding) => ({ rule: finding.rule, unit: finding.unit, indicator: finding.indicator, state: finding.state, severity: finding.severity, text: finding.text, figures: { ...finding.figures } })),
    problems: bulletin.problems,
    missing: bulletin.missing,
  };
}
