// The subset of Card JSON 2.0 (src/platform/lark/README.md §2) that our cards use, strict:
// a typo in a template or a builder fails here, in our tests, instead of as a 230099 in a leadership chat.
import { z } from "zod";

/** §2.5: the request that sends or updates a card may be at most 30 KB (error 230025). */
export const CARD_SIZE_LIMIT_BYTES = 30 * 1024;

/**
 * What our builders aim for, in request bytes (cardSizeBytes): a kilobyte under the limit, for a
 * proxy or an SDK that writes the body with more escapes or whitespace than JSON.stringify.
 */
export const CARD_BYTE_BUDGET = CARD_SIZE_LIMIT_BYTES - 1024;

/** The body's other fields: receive_id (up to ~64 characters), msg_type, uuid (up to 50) and the keys. */
const REQUEST_OVERHEAD_BYTES = 256;

/**
 * The bytes the platform counts (§2.5): the whole request body, in which the card travels as an
 * escaped JSON string in `content` (every quote doubled as \", about a tenth more than the card).
 */
export function cardSizeBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(JSON.stringify(card)), "utf8") + REQUEST_OVERHEAD_BYTES;
}

const plainText = z.strictObject({ tag: z.literal("plain_text"), content: z.string().min(1) });

export const textTagColors = ["neutral", "blue", "turquoise", "lime", "orange", "violet", "indigo", "wathet", "green", "yellow", "red", "purple", "carmine"] as const;
export type TextTagColor = (typeof textTagColors)[number];

export const headerTemplates = ["blue", "wathet", "turquoise", "green", "yellow", "orange", "red", "carmine", "violet", "purple", "indigo", "grey", "default"] as const;
export type HeaderTemplate = (typeof headerTemplates)[number];

const textTag = z.strictObject({ tag: z.literal("text_tag"), text: plainText, color: z.enum(textTagColors) });

const elementId = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,19}$/);
const margin = z.string().regex(/^-?\d+px( -?\d+px){0,3}$/);

const markdown = z.strictObject({
  tag: z.literal("markdown"),
  element_id: elementId.optional(),
  margin: margin.optional(),
  content: z.string().min(1),
  text_size: z.enum(["heading-1", "heading-2", "heading-3", "heading-4", "heading", "normal", "notation"]).optional(),
  text_align: z.enum(["left", "center", "right"]).optional(),
});

const hr = z.strictObject({ tag: z.literal("hr"), element_id: elementId.optional(), margin: margin.optional() });

const chart = z.strictObject({
  tag: z.literal("chart"),
  element_id: elementId.optional(),
  margin: margin.optional(),
  aspect_ratio: z.enum(["1:1", "2:1", "4:3", "16:9"]).optional(),
  color_theme: z.enum(["brand", "rainbow", "complementary", "converse", "primary"]).optional(),
  height: z.union([z.literal("auto"), z.string().regex(/^([1-9]\d{0,2})px$/)]).optional(),
  preview: z.boolean().optional(),
  // VChart spec (§2.4.2): plain data only, no functions; `type` is what the platform checks first.
  chart_spec: z.looseObject({ type: z.string().min(1), data: z.unknown() }),
});

const tableColumnTypes = ["text", "lark_md", "options", "number", "persons", "date", "markdown"] as const;

const tableColumn = z.strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
  display_name: z.string().min(1),
  data_type: z.enum(tableColumnTypes),
  width: z.string().regex(/^(auto|\d+px|\d+%)$/).optional(),
  horizontal_align: z.enum(["left", "center", "right"]).optional(),
  format: z.strictObject({ precision: z.number().int().min(0).max(10).optional(), separator: z.boolean().optional() }).optional(),
});

const optionCell = z.array(z.strictObject({ text: z.string(), color: z.enum(textTagColors) }));

const table = z
  .strictObject({
    tag: z.literal("table"),
    element_id: elementId.optional(),
    margin: margin.optional(),
    page_size: z.number().int().min(1).max(10),
    row_height: z.enum(["low", "middle", "high"]).optional(),
    freeze_first_column: z.boolean().optional(),
    header_style: z
      .strictObject({
        text_align: z.enum(["left", "center", "right"]).optional(),
        background_style: z.enum(["none", "grey"]).optional(),
        bold: z.boolean().optional(),
        lines: z.number().int().min(1).optional(),
      })
      .optional(),
    columns: z.array(tableColumn).min(1).max(50),
    rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), optionCell]))),
  })
  .superRefine((value, ctx) => {
    // §2.4.1: a row key not declared in columns is 200915; a cell of the wrong type is 200914.
    const types = new Map(value.columns.map((column) => [column.name, column.data_type]));
    if (types.size !== value.columns.length) ctx.addIssue({ code: "custom", path: ["columns"], message: "column names must be unique" });
    value.rows.forEach((row, index) => {
      for (const [key, cell] of Object.entries(row)) {
        const type = types.get(key);
        if (type === undefined) ctx.addIssue({ code: "custom", path: ["rows", index, key], message: `row key ${key} is not declared in columns` });
        else if ((type === "number") !== (typeof cell === "number") || (type === "options") !== Array.isArray(cell)) {
          ctx.addIssue({ code: "custom", path: ["rows", index, key], message: `cell ${key} does not match data_type ${type}` });
        }
      }
    });
  });

export const cardElementSchema = z.discriminatedUnion("tag", [markdown, hr, chart, table]);

export const summaryCardSchema = z
  .strictObject({
    schema: z.literal("2.0"),
    config: z.strictObject({
      update_multi: z.literal(true),
      width_mode: z.enum(["compact", "fill"]).optional(),
      enable_forward: z.boolean().optional(),
      summary: z.strictObject({ content: z.string().min(1) }).optional(),
    }),
    header: z.strictObject({
      title: plainText,
      subtitle: plainText.optional(),
      template: z.enum(headerTemplates),
      text_tag_list: z.array(textTag).max(3).optional(),
    }),
    body: z.strictObject({ elements: z.array(cardElementSchema).min(1).max(200) }),
  })
  .superRefine((card, ctx) => {
    const tables = card.body.elements.filter((element) => element.tag === "table").length;
    if (tables > 5) ctx.addIssue({ code: "custom", path: ["body", "elements"], message: `a card may hold at most 5 tables, got ${tables}` });
    const ids = card.body.elements.flatMap((element) => (element.element_id ? [element.element_id] : []));
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", path: ["body", "elements"], message: "element_id must be unique" });
    const bytes = cardSizeBytes(card);
    if (bytes > CARD_SIZE_LIMIT_BYTES) ctx.addIssue({ code: "custom", path: [], message: `card is ${bytes} bytes, over the ${CARD_SIZE_LIMIT_BYTES}-byte limit` });
  });

export type SummaryCard = z.infer<typeof summaryCardSchema>;
export type CardElement = z.infer<typeof cardElementSchema>;
export type MarkdownElement = z.infer<typeof markdown>;
export type ChartElement = z.infer<typeof chart>;
export type TableElement = z.infer<typeof table>;
export type TableColumn = z.infer<typeof tableColumn>;
export type TextTag = z.infer<typeof textTag>;

/** Parses a built card; throws naming the first problem and where it is. */
export function validateCard(card: unknown): SummaryCard {
  const result = summaryCardSchema.safeParse(card);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`invalid card at ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return result.data;
}
