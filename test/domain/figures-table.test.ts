import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FiguresTable, figuresLayout } from "../../src/domain/figures-table.ts";
import { SIX_INDICATORS, makeWorkspace } from "./rules/builders.ts";

// Positions deliberately out of file order: the table is laid out by position.
const workspace = (() => {
  const model = makeWorkspace({ units: ["甲县", "乙县", "丙区"], indicators: SIX_INDICATORS });
  return { ...model, units: model.units.map((unit, i) => ({ ...unit, position: 2 - i })) };
})();
const layout = figuresLayout(workspace);

const unitFigures = fc.dictionary(fc.constantFrom(...SIX_INDICATORS.map((i) => i.key)), fc.double({ min: 0, max: 1e9, noNaN: true }));
const month = fc.dictionary(fc.constantFrom(...workspace.units.map((u) => u.name)), unitFigures);

function fill(figures: Record<string, Record<string, number>>): FiguresTable {
  const table = new FiguresTable(layout);
  for (const [unit, values] of Object.entries(figures)) {
    const row = layout.units.findIndex((u) => u.name === unit);
    table.markReported(row);
    for (const [key, value] of Object.entries(values)) table.set(row, layout.indicators.findIndex((i) => i.key === key), value);
  }
  return table;
}

describe("FiguresTable", () => {
  it("lays units and indicators out by position", () => {
    expect(layout.units.map((u) => u.name)).toEqual(["丙区", "乙县", "甲县"]);
    expect(layout.indicators.map((i) => i.key)).toEqual(SIX_INDICATORS.map((i) => i.key));
  });

  it("reads as the map of maps it was filled from: units that submitted, figures they reported", () => {
    fc.assert(
      fc.property(month, (figures) => {
        const table = fill(figures);
        const asMaps = new Map(Object.entries(figures).map(([unit, values]) => [unit, new Map(Object.entries(values))]));
        expect(new Map(table)).toEqual(asMaps);
        expect(table.size).toBe(asMaps.size);
        for (const unit of workspace.units) {
          expect(table.has(unit.name)).toBe(asMaps.has(unit.name));
          expect(table.get(unit.name)).toEqual(asMaps.get(unit.name));
        }
        const visited: string[] = [];
        table.forEach((_values, unit) => visited.push(unit));
        expect(visited.sort()).toEqual([...asMaps.keys()].sort());
      }),
    );
  });

  it("knows its own layout, and another workspace's as different", () => {
    const table = new FiguresTable(layout);
    expect(table.hasLayout(figuresLayout(workspace))).toBe(true);
    // The same units and indicators in the same order, as a workspace loaded again has them.
    expect(table.hasLayout(figuresLayout(structuredClone(workspace)))).toBe(true);
    expect(table.hasLayout(figuresLayout({ ...workspace, units: workspace.units.slice(1) }))).toBe(false);
    expect(table.hasLayout(figuresLayout({ ...workspace, indicators: [...workspace.indicators].reverse().map((i, position) => ({ ...i, position })) }))).toBe(false);
  });
});
