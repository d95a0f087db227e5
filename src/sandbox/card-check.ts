import type { z } from "zod";
import { cardV1OnlyTags, cardV2Schema, cardV2Tags } from "./card-schema.ts";
import { CardErrCode, ErrorCode } from "./platform-error.ts";

// The check the platform runs on a card before it sends or updates it (§2.5, §10 "Card checks").
// Exported for the bot's own tests: `expect(checkCard(buildFiguresCard(...))).toEqual({ ok: true, ... })`.

export type CardVersion = "1.0" | "2.0";

export type CardCheck =
  | { ok: true; version: CardVersion }
  | {
      ok: false;
      /** The platform's code: 230099 "card content failed" (§2.5). */
      code: number;
      /** The sub-code shown as `ext=ErrCode: N` in the platform's message. */
      errCode: number;
      /** The platform-style message, e.g. `Failed to create card content, ext=ErrCode: 200861; ErrMsg: …` */
      message: string;
      /** Where in the card, for a human reading a failing test. */
      path: string;
    };

/** §2.1: a card without `schema: "2.0"` is a JSON 1.0 card. */
export function cardVersionOf(card: unknown): CardVersion {
  return typeof card === "object" && card !== null && (card as Record<string, unknown>)["schema"] === "2.0"
    ? "2.0"
    : "1.0";
}

export function checkCard(card: unknown): CardCheck {
  let parsed = card;
  if (typeof card === "string") {
    try {
      parsed = JSON.parse(card);
    } catch {
      return failure(CardErrCode.jsonParse, "card json parse error", "");
    }
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return failure(CardErrCode.jsonParse, "card must be a JSON object", "");
  }
  if (cardVersionOf(parsed) === "1.0") return checkCardV1(parsed as Record<string, unknown>);

  const tagProblem = findUnsupportedTag(parsed);
  if (tagProblem) return failure(CardErrCode.unsupportedComponent, tagProblem.message, tagProblem.path);

  const result = cardV2Schema.safeParse(parsed);
  if (result.success) return { ok: true, version: "2.0" };
  const issue = result.error.issues[0]!;
  const isMisplaced = issue.code === "invalid_union" && issue.discriminator === "tag";
  const path = formatPath(isMisplaced ? issue.path.slice(0, -1) : issue.path);
  return failure(errCodeOf(issue), describe(issue, parsed), path);
}

/** JSON 1.0 ignores unknown properties (§2.1), so only its skeleton is checked. */
function checkCardV1(card: Record<string, unknown>): CardCheck {
  const elements = card["elements"];
  if (elements !== undefined && !Array.isArray(elements)) {
    return failure(CardErrCode.structureInvalid, "elements must be an array", "elements");
  }
  const i18n = card["i18n_elements"];
  if (i18n !== undefined && (typeof i18n !== "object" || i18n === null)) {
    return failure(CardErrCode.structureInvalid, "i18n_elements must be an object", "i18n_elements");
  }
  return { ok: true, version: "1.0" };
}

/** §2.4 `note`, §2.1 `action`: 1.0-only tags give 200861; so does a tag the platform does not know. */
function findUnsupportedTag(card: unknown): { message: string; path: string } | undefined {
  const body = (card as Record<string, unknown>)["body"];
  const walk = (node: unknown, path: string): { message: string; path: string } | undefined => {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) {
        const found = walk(item, `${path}[${i}]`);
        if (found) return found;
      }
      return undefined;
    }
    if (typeof node !== "object" || node === null) return undefined;
    const record = node as Record<string, unknown>;
    const tag = record["tag"];
    if (typeof tag === "string" && (Array.isArray(record["elements"]) || path.endsWith("]"))) {
      if ((cardV1OnlyTags as readonly string[]).includes(tag)) {
        return { message: `component ${tag} is not supported in card JSON 2.0`, path };
      }
      if (!cardV2Tags.has(tag) && !isTextTag(tag)) {
        return { message: `unknown component tag ${tag}`, path };
      }
    }
    for (const key of ["elements", "columns"]) {
      const found = walk(record[key], `${path}.${key}`);
      if (found) return found;
    }
    return undefined;
  };
  return walk(typeof body === "object" && body !== null ? (body as Record<string, unknown>)["elements"] : [], "body.elements");
}

/** Text objects (`plain_text`, `lark_md`, `text_tag`, `standard_icon`) are not components. */
function isTextTag(tag: string): boolean {
  return ["plain_text", "lark_md", "text_tag", "standard_icon", "custom_icon"].includes(tag);
}

function errCodeOf(issue: z.core.$ZodIssue): number {
  if (issue.code === "custom") {
    const errCode = (issue.params as { errCode?: unknown } | undefined)?.errCode;
    if (typeof errCode === "number") return errCode;
  }
  // An unknown property («传入不支持的属性将报错», 卡片 JSON 2.0 版本更新说明) is an `unrecognized_keys`
  // issue. The 230099 sub-code tables of the send/reply/patch docs list none for it, so it gets the
  // generic sub-code of the other schema refusals: UNCONFIRMED.
  if (issue.code === "unrecognized_keys") return CardErrCode.structureInvalid;
  return CardErrCode.structureInvalid;
}

function describe(issue: z.core.$ZodIssue, card: unknown): string {
  if (issue.code === "invalid_union" && issue.discriminator === "tag") {
    return `component ${String(valueAt(card, issue.path))} is not allowed in this place`;
  }
  if (issue.code === "unrecognized_keys") return `unknown property ${issue.keys.join(", ")}`;
  return issue.message;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return typeof node === "object" && node !== null ? (node as Record<string, unknown>)["tag"] : node;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
}

function failure(errCode: number, detail: string, path: string): CardCheck {
  return {
    ok: false,
    code: ErrorCode.cardContentFailed,
    errCode,
    message: `Failed to create card content, ext=ErrCode: ${errCode}; ErrMsg: ${detail}${path ? ` (at ${path})` : ""}; `,
    path,
  };
}
