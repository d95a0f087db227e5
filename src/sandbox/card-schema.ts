import { z } from "zod";
import { CardErrCode } from "./platform-error.ts";

// Card JSON 2.0 as the platform checks it (§2), for the subset of components the bot uses plus the
// other documented 2.0 components. Permissive about properties (the docs list many optional ones and
// grow them often), strict about what the platform itself refuses: unknown or 1.0-only tags (§2.4
// `note`, §2.1 `action`), components in a place they may not go (§2.4 form root-only, tables
// root-only, charts not in forms), unknown top-level keys (§2.1), and the whole-card rules of §2.5 and
// §10 (200 elements, 5 tables, element_id, form names and submit button, table row keys).
//
// Each issue may carry `params.errCode`, the sub-code the platform would put in its 230099 message.

/** Tags that exist only in JSON 1.0 and make a 2.0 card fail with 200861 (§2.4, §2.5). */
export const cardV1OnlyTags = ["note", "action", "fallback"] as const;

/** Container components: they hold `elements` and count towards the 5-level nesting limit (§2.5). */
const containerTags = new Set(["form", "column_set", "collapsible_panel", "interactive_container"]);

/** Components that report a value inside a form (§2.4 form). */
export const valueFieldTags: ReadonlySet<string> = new Set([
  "input",
  "select_static",
  "multi_select_static",
  "date_picker",
  "picker_time",
  "picker_datetime",
  "select_person",
  "multi_select_person",
  "select_img",
  "checker",
]);

/** What inside a form needs a unique, non-empty `name`: the value fields and the buttons. */
const formFieldTags = new Set([...valueFieldTags, "button"]);

export const cardLimits = {
  maxElements: 200, // §2.5
  maxTables: 5, // §2.4.1
  maxNestingDepth: 5, // §2.5
  maxHeaderTags: 3, // §2.2
  elementIdPattern: /^[A-Za-z][A-Za-z0-9_]{0,19}$/, // §2.3
};

const text = z.looseObject({
  tag: z.enum(["plain_text", "lark_md"]),
  content: z.string(),
});

// §2.4: `behaviors[].value` may be a string in the docs, but the SDKs only handle objects.
const behavior = z.union([
  z.looseObject({ type: z.literal("open_url"), default_url: z.string().optional() }),
  z.looseObject({ type: z.literal("callback"), value: z.record(z.string(), z.unknown()) }),
  z.looseObject({ type: z.literal("form_action") }),
]);

const confirm = z.looseObject({ title: text, text: text.optional() });

/** Where a list of elements sits; each place forbids some components (§2.4, §2.4.1, §2.4.2). */
type Place = "body" | "form" | "column" | "collapsible_panel" | "interactive_container";

const forbiddenIn: Record<Place, readonly string[]> = {
  body: [],
  form: ["form", "table", "chart"],
  column: ["form", "table"],
  collapsible_panel: ["form", "table"],
  interactive_container: ["form", "table", "chart"],
};

type ElementList = z.ZodType<unknown[]>;
const listCache = new Map<string, ElementList>();

/** The list of elements allowed in a place nested inside `outer` places (their bans accumulate). */
function elementsIn(places: readonly Place[]): ElementList {
  const banned = new Set(places.flatMap((p) => forbiddenIn[p]));
  const key = [...banned].sort().join(",");
  const cached = listCache.get(key);
  if (cached) return cached;
  const nested = (place: Place) => z.lazy(() => elementsIn([...places, place]));

  const all = [
    z.looseObject({ tag: z.literal("markdown"), content: z.string() }),
    z.looseObject({ tag: z.literal("div"), text: text.optional() }),
    z.looseObject({ tag: z.literal("hr") }),
    z.looseObject({ tag: z.literal("img"), img_key: z.string() }),
    z.looseObject({ tag: z.literal("img_combination"), img_list: z.array(z.looseObject({ img_key: z.string() })) }),
    z.looseObject({ tag: z.literal("person"), user_id: z.string() }),
    z.looseObject({ tag: z.literal("person_list"), persons: z.array(z.looseObject({ id: z.string() })) }),
    z.looseObject({
      tag: z.literal("column_set"),
      columns: z
        .array(
          z.looseObject({
            tag: z.literal("column"),
            elements: nested("column").optional(),
          }),
        )
        .optional(),
    }),
    z.looseObject({
      tag: z.literal("table"),
      page_size: z.number().int().min(1).max(10).optional(),
      columns: z
        .array(
          z.looseObject({
            name: z.string().min(1),
            data_type: z.enum(["text", "lark_md", "options", "number", "persons", "date", "markdown"]).optional(),
          }),
        )
        .max(50),
      rows: z.array(z.record(z.string(), z.unknown())).optional(),
    }),
    z.looseObject({ tag: z.literal("chart"), chart_spec: z.record(z.string(), z.unknown()) }),
    z.looseObject({ tag: z.literal("form"), name: z.string(), elements: nested("form") }),
    z.looseObject({
      tag: z.literal("collapsible_panel"),
      header: z.looseObject({ title: z.looseObject({ content: z.string() }) }).optional(),
      elements: nested("collapsible_panel"),
    }),
    z.looseObject({ tag: z.literal("interactive_container"), elements: nested("interactive_container") }),
    z.looseObject({
      tag: z.literal("input"),
      name: z.string().optional(),
      placeholder: text.optional(),
      max_length: z.number().int().min(1).max(1000).optional(),
      input_type: z.enum(["text", "multiline_text", "password"]).optional(),
    }),
    z.looseObject({
      tag: z.literal("select_static"),
      name: z.string().optional(),
      options: z.array(z.looseObject({ text: text, value: z.string() })),
    }),
    z.looseObject({
      tag: z.literal("multi_select_static"),
      name: z.string().optional(),
      options: z.array(z.looseObject({ text: text, value: z.string() })),
    }),
    z.looseObject({ tag: z.literal("date_picker"), name: z.string().optional() }),
    z.looseObject({ tag: z.literal("picker_time"), name: z.string().optional() }),
    z.looseObject({ tag: z.literal("picker_datetime"), name: z.string().optional() }),
    z.looseObject({ tag: z.literal("select_person"), name: z.string().optional() }),
    z.looseObject({ tag: z.literal("multi_select_person"), name: z.string().optional() }),
    z.looseObject({ tag: z.literal("select_img"), name: z.string().optional() }),
    z.looseObject({ tag: z.literal("checker"), name: z.string().optional() }),
    z.looseObject({ tag: z.literal("overflow"), options: z.array(z.looseObject({ value: z.string() })) }),
    z.looseObject({
      tag: z.literal("button"),
      text: text.optional(),
      type: z
        .enum([
          "default",
          "primary",
          "danger",
          "text",
          "primary_text",
          "danger_text",
          "primary_filled",
          "danger_filled",
          "laser",
        ])
        .optional(),
      size: z.enum(["tiny", "small", "medium", "large"]).optional(),
      name: z.string().optional(),
      form_action_type: z.enum(["submit", "reset"]).optional(),
      behaviors: z.array(behavior).optional(),
      confirm: confirm.optional(),
    }),
  ];
  const allowed = all.filter((option) => !banned.has(option.shape.tag.value));
  // A discriminated union keeps the error on the misplaced element instead of a union of everything.
  const [first, ...rest] = allowed;
  if (!first) throw new Error("no components allowed");
  const list = z.array(z.discriminatedUnion("tag", [first, ...rest])) as unknown as ElementList;
  listCache.set(key, list);
  return list;
}

/** Every tag the schema knows, so an unknown tag can be told apart from a misplaced one. */
export const cardV2Tags = new Set([
  "markdown",
  "div",
  "hr",
  "img",
  "img_combination",
  "person",
  "person_list",
  "column_set",
  "column",
  "table",
  "chart",
  "form",
  "collapsible_panel",
  "interactive_container",
  "input",
  "select_static",
  "multi_select_static",
  "date_picker",
  "picker_time",
  "picker_datetime",
  "select_person",
  "multi_select_person",
  "select_img",
  "checker",
  "overflow",
  "button",
]);

const header = z.looseObject({
  title: z.looseObject({ tag: z.enum(["plain_text", "lark_md"]), content: z.string() }).optional(),
  subtitle: z.looseObject({ content: z.string() }).optional(),
  template: z
    .enum([
      "blue",
      "wathet",
      "turquoise",
      "green",
      "yellow",
      "orange",
      "red",
      "carmine",
      "violet",
      "purple",
      "indigo",
      "grey",
      "default",
    ])
    .optional(),
  text_tag_list: z.array(z.looseObject({ tag: z.literal("text_tag") })).max(cardLimits.maxHeaderTags).optional(),
});

/** §2.1: a 2.0 card rejects unknown top-level properties; `update_multi` may only be true. */
export const cardV2Schema = z
  .strictObject({
    schema: z.literal("2.0"),
    config: z.looseObject({ update_multi: z.literal(true).optional() }).optional(),
    card_link: z.looseObject({ url: z.string().optional() }).optional(),
    header: header.optional(),
    body: z.looseObject({ elements: elementsIn(["body"]) }),
  })
  .superRefine((card, ctx) => checkWholeCard(card.body.elements, ctx));

type RefineContext = z.core.$RefinementCtx<unknown>;
type Element = Record<string, unknown> & { tag: string };

function asElements(value: unknown): Element[] {
  return Array.isArray(value) ? (value as Element[]) : [];
}

/** Rules about the card as a whole, which a per-element schema cannot see (§2.4, §2.5, §10). */
function checkWholeCard(rootElements: unknown[], ctx: RefineContext): void {
  const fail = (path: (string | number)[], errCode: number, message: string) =>
    ctx.addIssue({ code: "custom", path: ["body", "elements", ...path], message, params: { errCode } });

  let elementCount = 0;
  let tableCount = 0;
  const elementIds = new Set<string>();
  const formNames = new Set<string>();

  const visit = (elements: Element[], path: (string | number)[], depth: number, form: Set<string> | null) => {
    elements.forEach((element, index) => {
      const at = [...path, index];
      elementCount += 1;
      const elementId = element["element_id"];
      if (elementId !== undefined) {
        if (typeof elementId !== "string" || !cardLimits.elementIdPattern.test(elementId)) {
          fail(at, CardErrCode.structureInvalid, `element_id ${JSON.stringify(elementId)} must match ${cardLimits.elementIdPattern}`);
        } else if (elementIds.has(elementId)) {
          fail(at, CardErrCode.structureInvalid, `element_id ${elementId} is not unique`);
        } else {
          elementIds.add(elementId);
        }
      }
      if (form && formFieldTags.has(element.tag)) checkFormField(element, at, form);
      switch (element.tag) {
        case "table":
          tableCount += 1;
          checkTableRows(element, at);
          break;
        case "chart":
          if (typeof element["chart_spec"] !== "object" || typeof (element["chart_spec"] as Record<string, unknown>)["type"] !== "string") {
            fail(at, CardErrCode.chartSpecInvalid, "chart spec is invalid: chart_spec.type is required");
          }
          break;
        case "form":
          checkForm(element, at);
          break;
      }
      const nextDepth = containerTags.has(element.tag) ? depth + 1 : depth;
      if (nextDepth > cardLimits.maxNestingDepth) {
        fail(at, CardErrCode.structureInvalid, `containers nest deeper than ${cardLimits.maxNestingDepth} levels`);
        return;
      }
      const inner = element.tag === "form" ? new Set<string>() : form;
      if (element.tag === "column_set") {
        asElements(element["columns"]).forEach((column, c) => {
          elementCount += 1;
          visit(asElements(column["elements"]), [...at, "columns", c, "elements"], nextDepth, inner);
        });
      } else if (Array.isArray(element["elements"])) {
        visit(asElements(element["elements"]), [...at, "elements"], nextDepth, inner);
      }
    });
  };

  const checkFormField = (element: Element, at: (string | number)[], names: Set<string>) => {
    const name = element["name"];
    if (typeof name !== "string" || name === "") {
      fail(at, CardErrCode.emptyFormFieldName, `${element.tag} inside a form needs a non-empty name`);
    } else if (names.has(name)) {
      fail(at, CardErrCode.structureInvalid, `form field name ${name} is not unique in its form`);
    } else {
      names.add(name);
    }
  };

  const checkForm = (form: Element, at: (string | number)[]) => {
    const name = form["name"];
    if (typeof name !== "string" || name === "") fail(at, CardErrCode.emptyFormFieldName, "form needs a non-empty name");
    else if (formNames.has(name)) fail(at, CardErrCode.structureInvalid, `form name ${name} is not unique`);
    else formNames.add(name);
    if (!containsSubmitButton(asElements(form["elements"]))) {
      fail(at, CardErrCode.structureInvalid, "form needs a button with form_action_type submit");
    }
  };

  const checkTableRows = (table: Element, at: (string | number)[]) => {
    const columns = new Map<string, string>();
    for (const column of asElements(table["columns"])) {
      columns.set(String(column["name"]), String(column["data_type"] ?? "text"));
    }
    asElements(table["rows"]).forEach((row, r) => {
      for (const [key, cell] of Object.entries(row)) {
        const type = columns.get(key);
        if (type === undefined) {
          fail([...at, "rows", r], CardErrCode.tableRowKeyUndeclared, `row key ${key} is not declared in columns`);
        } else if (!cellMatches(type, cell)) {
          fail([...at, "rows", r, key], CardErrCode.tableRowsInvalid, `cell ${key} does not match data_type ${type}`);
        }
      }
    });
  };

  visit(asElements(rootElements), [], 0, null);
  if (elementCount > cardLimits.maxElements) {
    fail([], CardErrCode.structureInvalid, `card has ${elementCount} elements, more than ${cardLimits.maxElements}`);
  }
  if (tableCount > cardLimits.maxTables) {
    fail([], CardErrCode.structureInvalid, `card has ${tableCount} tables, more than ${cardLimits.maxTables}`);
  }
}

function containsSubmitButton(elements: Element[]): boolean {
  return elements.some((element) => {
    if (element.tag === "button") {
      // §2.4 button: the old `action_type: form_submit` is deprecated but still accepted.
      return element["form_action_type"] === "submit" || element["action_type"] === "form_submit";
    }
    if (element.tag === "column_set") {
      return asElements(element["columns"]).some((column) => containsSubmitButton(asElements(column["elements"])));
    }
    return containsSubmitButton(asElements(element["elements"]));
  });
}

/** §2.4.1: a cell must match its column's data_type (200914). */
function cellMatches(type: string, cell: unknown): boolean {
  switch (type) {
    case "number":
    case "date":
      return typeof cell === "number";
    case "persons":
      return Array.isArray(cell) && cell.every((p) => typeof p === "string");
    case "options":
      return Array.isArray(cell);
    default:
      return typeof cell === "string" || typeof cell === "number";
  }
}
