import { describe, expect, it } from "vitest";
import { CardErrCode, checkCard } from "../../src/sandbox/index.ts";
import { figuresCard, noticeCard } from "./fixtures.ts";

// The platform's card checks (§2, §10 "Card checks worth reproducing"), exported for the bot's tests.

type Card = ReturnType<typeof figuresCard>;
const variant = (change: (card: Card & Record<string, unknown>) => void) => {
  const card = structuredClone(figuresCard()) as Card & Record<string, unknown>;
  change(card);
  return checkCard(card);
};
const elements = (card: Card) => card.body.elements as unknown[];
const form = (card: Card) => card.body.elements[1] as { elements: unknown[] };

describe("checkCard", () => {
  it("accepts the bot's figures card, a card with a table and a chart, and a JSON 1.0 card", () => {
    expect(checkCard(figuresCard())).toEqual({ ok: true, version: "2.0" });
    const report = noticeCard("通报") as { body: { elements: unknown[] } };
    report.body.elements.push(
      {
        tag: "table",
        page_size: 5,
        columns: [
          { name: "county", display_name: "县区", data_type: "text" },
          { name: "rate", display_name: "开工率", data_type: "text" },
          { name: "started", display_name: "开工", data_type: "number", format: { precision: 0 } },
        ],
        rows: [{ county: "甘州区", rate: "87.5%", started: 120 }],
      },
      { tag: "chart", aspect_ratio: "16:9", chart_spec: { type: "bar", data: { values: [] }, xField: "county", yField: "value" } },
      {
        tag: "collapsible_panel",
        header: { title: { tag: "markdown", content: "明细" } },
        elements: [{ tag: "column_set", columns: [{ tag: "column", elements: [{ tag: "markdown", content: "x" }] }] }],
      },
    );
    expect(checkCard(report)).toEqual({ ok: true, version: "2.0" });
    expect(checkCard({ elements: [{ tag: "note", elements: [] }, { tag: "action", actions: [] }] })).toEqual({ ok: true, version: "1.0" });
    expect(checkCard(JSON.stringify(figuresCard()))).toMatchObject({ ok: true });
  });

  it("refuses 1.0-only and unknown tags with 200861", () => {
    for (const tag of ["note", "action", "no_such_component"]) {
      expect(variant((c) => elements(c).push({ tag, elements: [] }))).toMatchObject({
        ok: false,
        code: 230099,
        errCode: CardErrCode.unsupportedComponent,
      });
    }
  });

  it("refuses a form that is not at the root, or that holds a table or chart", () => {
    const nested = variant((c) => elements(c).push({ tag: "column_set", columns: [{ tag: "column", elements: [c.body.elements[1]] }] }));
    expect(nested).toMatchObject({ ok: false, errCode: CardErrCode.structureInvalid, path: "body.elements[3].columns[0].elements[0]" });
    expect(variant((c) => form(c).elements.push({ tag: "chart", chart_spec: { type: "line" } }))).toMatchObject({ ok: false, code: 230099 });
    expect(variant((c) => form(c).elements.push({ tag: "table", columns: [] }))).toMatchObject({ ok: false, code: 230099 });
  });

  it("refuses duplicate or empty field names and a form without a submit button", () => {
    expect(variant((c) => form(c).elements.push({ tag: "input", name: "started" }))).toMatchObject({ ok: false, message: expect.stringContaining("not unique") });
    expect(variant((c) => form(c).elements.push({ tag: "input" }))).toMatchObject({ ok: false, errCode: CardErrCode.emptyFormFieldName });
    expect(variant((c) => form(c).elements.splice(2, 1))).toMatchObject({ ok: false, message: expect.stringContaining("submit") });
  });

  it("refuses a bad or repeated element_id, unknown top-level keys, and more than 200 elements", () => {
    expect(variant((c) => Object.assign(elements(c)[0] as object, { element_id: "9lives" }))).toMatchObject({ ok: false });
    expect(
      variant((c) => {
        Object.assign(elements(c)[0] as object, { element_id: "same" });
        Object.assign(elements(c)[2] as object, { element_id: "same" });
      }),
    ).toMatchObject({ ok: false, message: expect.stringContaining("not unique") });
    expect(variant((c) => (c["i18n_elements"] = {}))).toMatchObject({ ok: false, message: expect.stringContaining("i18n_elements") });
    expect(variant((c) => elements(c).push(...Array.from({ length: 200 }, () => ({ tag: "hr" }))))).toMatchObject({
      ok: false,
      message: expect.stringContaining("more than 200"),
    });
  });

  it("refuses table rows with undeclared keys (200915) or mistyped cells (200914)", () => {
    const table = (rows: unknown[]) => ({ tag: "table", columns: [{ name: "n", data_type: "number" }], rows });
    expect(variant((c) => elements(c).push(table([{ m: 1 }])))).toMatchObject({ errCode: CardErrCode.tableRowKeyUndeclared });
    expect(variant((c) => elements(c).push(table([{ n: "1" }])))).toMatchObject({ errCode: CardErrCode.tableRowsInvalid });
  });

  it("refuses update_multi false in 2.0 and text that is not JSON", () => {
    expect(variant((c) => (c.config = { ...c.config, update_multi: false as true }))).toMatchObject({ ok: false });
    expect(checkCard("{not json")).toMatchObject({ ok: false, errCode: CardErrCode.jsonParse });
  });
});
