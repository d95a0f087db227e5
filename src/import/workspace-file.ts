// The workspace file (YAML): the office, its units and contacts, indicators, targets and settings.
// Parsed once with zod; an error names the key path and its line, and nothing is changed.
import { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq } from "yaml";
import { z } from "zod";
import { ImportRejected, type ImportIssue } from "./errors.ts";
import { zhErrorMap } from "../platform/zod-zh.ts";
import { checkRulesSettings, rulesSettingsSchema } from "../domain/rules/settings.ts";
import { scheduleSettingsSchema } from "../domain/schedule-settings.ts";
import { narrativeSchema } from "../domain/bulletin/narrative.ts";

/**
 * A name that goes into messages and cards (a person, a unit, an indicator or its group): one line,
 * bounded, and without the characters a chat message or card markdown reads as markup (an `<at>` tag,
 * a link), so a name can neither break a message nor @everyone (card text is escaped as well:
 * src/render/card/markdown-text.ts).
 */
function nameText(what: string, max: number) {
  return z
    .string()
    .trim()
    .min(1, `${what}不能为空`)
    .max(max, `${what}不能超过 ${max} 个字`)
    .refine((text) => !/[\r\n\t]/.test(text), `${what}不能换行或含制表符`)
    .refine((text) => !/[<>[\]]/.test(text), `${what}不能含有 < > [ ] 符号`);
}

const personSchema = z.strictObject({
  name: nameText("姓名", 30),
  mobile: z.string().trim().regex(/^\+?\d{6,15}$/, "手机号应为数字，例如 13800000000").optional(),
  email: z.email({ error: "邮箱格式不对" }).optional(),
  openId: z.string().trim().startsWith("ou_", "openId 应以 ou_ 开头").optional(),
});

const unitSchema = z.strictObject({
  // a unit's name is a key in the database's unique index (PostgreSQL's btree takes at most 2,704 bytes)
  name: nameText("单位名称", 50),
  contact: personSchema.optional(),
  deputy: personSchema.optional(),
  leader: personSchema.optional(),
});

// The bound of a figure typed into a card (src/domain/figure-input.ts): beyond it a target is a typo, and
// beyond 2^53 it would not even be stored as written.
const targetValue = z.number({ error: "年度任务应为数字" }).nonnegative("年度任务不能为负数").max(1e12, "年度任务过大，请核对单位和数值");

const indicatorSchema = z.strictObject({
  id: z.string().trim().regex(/^[a-z][a-z0-9_]*$/i, "指标 id 只能用字母、数字和下划线，且以字母开头").max(64, "指标 id 不能超过 64 个字符"),
  group: nameText("指标组", 40),
  name: nameText("指标名称", 30),
  unit: z.string().trim().min(1, "计量单位不能为空（如 户、套、万元）"),
  decimals: z.number().int().min(0).max(6).optional(),
  rateName: z.string().trim().min(1).optional(),
  /** which units the card asks for it: all, targeted (units with a target), group (units with a task in its group) */
  askedOf: z.enum(["all", "targeted", "group"], { error: "askedOf 只能是 all（所有单位）、targeted（有年度任务的单位）或 group（本组有任务的单位）" }).optional(),
  /** the whole-scope figure is the office's own and need not equal the units' sum */
  ownTotal: z.boolean({ error: "ownTotal 只能是 true 或 false" }).optional(),
  targets: z.record(z.string(), targetValue, { error: "targets 应为键值对，每行写作 单位名称: 年度任务" }).optional(),
  totalTarget: targetValue.optional(),
});

const ratioSchema = z.strictObject({
  id: z.string().trim().regex(/^[a-z][a-z0-9_]*$/i, "比率 id 只能用字母、数字和下划线，且以字母开头").max(64, "比率 id 不能超过 64 个字符"),
  name: z.string().trim().min(1, "比率名称不能为空"),
  numerator: z.string().trim().min(1),
  denominator: z.string().trim().min(1),
});

const bulletinSchema = z.strictObject({
  subject: z.string().trim().min(1).default("保障性安居工程"),
  rangeDash: z.enum(["--", "-", "—", "至"]).default("--"),
  asOf: z.enum(["截至", "截止"], { error: "asOf 只能是 截至 或 截止" }).default("截至"),
  addressees: z.string().trim().min(1).optional(),
  rankTables: z.boolean().default(false),
  titleWithOffice: z.boolean({ error: "titleWithOffice 应为 true 或 false" }).default(false),
  unitsInText: z.enum(["auto", "all", "notable"], { error: "unitsInText 只能是 auto、all 或 notable" }).default("auto"),
  /** while units are missing: rates of the units in (reported) or none (withheld) */
  partialTotals: z.enum(["reported", "withheld"], { error: "partialTotals 只能是 reported（按已报送单位计算完成率）或 withheld（有单位未报送时不计算合计完成率）" }).default("reported"),
  signature: z
    .strictObject({
      lines: z.array(z.string().trim().min(1)).min(1).max(3, "署名最多分 3 行").optional(),
      seal: z.boolean({ error: "seal 应为 true 或 false" }).default(false),
    })
    .default({ seal: false }),
  // the indicator the summary card charts and ranks (an id of indicators); default: the widest spread of unit rates
  cardIndicator: z.string().trim().min(1).optional(),
  // 版记: false = none; else 抄送机关 (a list, printed joined by ，) and the 印发机关 when not the office
  record: z
    .union([
      z.literal(false),
      z.strictObject({
        copyTo: z.array(z.string().trim().min(1, "抄送机关不能为空").max(60, "一个抄送机关不能超过 60 个字")).max(20, "抄送机关最多 20 个").optional(),
        printedBy: z.string().trim().min(1, "印发机关不能为空").max(40, "印发机关不能超过 40 个字").optional(),
      }),
    ], { error: "record 应为 false，或含 copyTo（抄送机关列表）、printedBy（印发机关）" })
    .default({}),
});

export const workspaceFileSchema = z
  .strictObject({
    key: z.string().trim().regex(/^[\w\u4e00-\u9fa5-]+$/, "key 只能用字母、数字、汉字、下划线和连字符").max(100, "key 不能超过 100 个字").optional(),
    // the workspace's key when the file gives none
    name: z.string().trim().min(1, "name 不能为空").max(100, "name 不能超过 100 个字"),
    office: z.string().trim().min(1, "office（发文机关）不能为空"),
    scope: z.string().trim().regex(/^全[市州省区盟县]$/, "scope 应为 全市、全州、全省 等"),
    docPrefix: z.string().trim().min(1).optional(),
    percentDigits: z.union([z.literal(1), z.literal(2)], { error: "percentDigits 只能是 1 或 2" }),
    percentTrailingZero: z.boolean({ error: "percentTrailingZero 应为 true 或 false" }),
    timezone: z.string().trim().refine(isTimeZone, "timezone 应为时区名称，例如 Asia/Shanghai").default("Asia/Shanghai"),
    /** the year the targets are for; without it they apply to any year */
    year: z.number().int().min(2000).max(2100).optional(),
    bulletin: bulletinSchema.default({ subject: "保障性安居工程", rangeDash: "--", asOf: "截至", rankTables: false, titleWithOffice: false, unitsInText: "auto", partialTotals: "reported", signature: { seal: false }, record: {} }),
    admins: z.array(personSchema).default([]),
    units: z.array(unitSchema).min(1, "至少需要一个填报单位"),
    indicators: z.array(indicatorSchema).min(1, "至少需要一个指标"),
    ratios: z.array(ratioSchema).default([]),
    /** the findings engine's switches and thresholds (src/domain/rules); omitted keys take the defaults */
    rules: rulesSettingsSchema.optional(),
    /** the month's rhythm: opening, deadline, reminders, chasing (src/domain/schedule-settings.ts); omitted = nothing runs by itself */
    schedule: scheduleSettingsSchema.optional(),
    /** the office's own words in the bulletin (src/domain/bulletin/narrative.ts); omitted = what was stored stays */
    narrative: narrativeSchema.optional(),
  })
  .superRefine((file, ctx) => {
    const unitNames = new Set<string>();
    file.units.forEach((unit, i) => {
      if (unitNames.has(unit.name)) ctx.addIssue({ code: "custom", path: ["units", i, "name"], message: `单位“${unit.name}”重复` });
      if (unit.name === file.scope) ctx.addIssue({ code: "custom", path: ["units", i, "name"], message: `单位名称不能与范围“${file.scope}”相同` });
      unitNames.add(unit.name);
    });
    const indicatorIds = new Set<string>();
    file.indicators.forEach((indicator, i) => {
      if (indicatorIds.has(indicator.id)) ctx.addIssue({ code: "custom", path: ["indicators", i, "id"], message: `指标 id“${indicator.id}”重复` });
      indicatorIds.add(indicator.id);
      for (const unit of Object.keys(indicator.targets ?? {})) {
        if (!unitNames.has(unit)) {
          ctx.addIssue({ code: "custom", path: ["indicators", i, "targets", unit], message: `单位“${unit}”不在 units 中` });
        }
      }
    });
    const ratioIds = new Set<string>();
    file.ratios.forEach((ratio, i) => {
      if (ratioIds.has(ratio.id) || indicatorIds.has(ratio.id)) ctx.addIssue({ code: "custom", path: ["ratios", i, "id"], message: `id“${ratio.id}”重复` });
      ratioIds.add(ratio.id);
      for (const side of ["numerator", "denominator"] as const) {
        if (!indicatorIds.has(ratio[side])) {
          ctx.addIssue({ code: "custom", path: ["ratios", i, side], message: `指标“${ratio[side]}”不在 indicators 中` });
        }
      }
    });
    const lines = file.bulletin.signature.lines;
    if (lines && lines.join("") !== file.office) {
      ctx.addIssue({ code: "custom", path: ["bulletin", "signature", "lines"], message: `署名各行连起来应与 office 相同（“${file.office}”），现为“${lines.join("")}”` });
    }
    const charted = file.bulletin.cardIndicator;
    if (charted !== undefined && !file.indicators.some((indicator) => indicator.id === charted && indicator.targets !== undefined)) {
      ctx.addIssue({ code: "custom", path: ["bulletin", "cardIndicator"], message: `cardIndicator“${charted}”应为 indicators 中有任务数的指标 id` });
    }
    const groups = new Set(file.indicators.map((indicator) => indicator.group));
    for (const group of Object.keys(file.narrative?.groupNotes ?? {})) {
      if (!groups.has(group)) ctx.addIssue({ code: "custom", path: ["narrative", "groupNotes", group], message: `指标组“${group}”不在 indicators 中` });
    }
    if (file.rules) {
      const known = { indicators: file.indicators.map((i) => ({ key: i.id })), ratios: file.ratios.map((r) => ({ key: r.id })) };
      for (const issue of checkRulesSettings(file.rules, known)) ctx.addIssue({ code: "custom", path: ["rules", ...issue.path], message: issue.message });
    }
  });

export type WorkspaceFile = z.infer<typeof workspaceFileSchema>;

/** Parses and validates a workspace file; throws ImportRejected listing every problem with its line. */
export function parseWorkspaceFile(text: string, fileName: string): WorkspaceFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // one slip (a tab, a Chinese colon) makes the parser stumble several times on the same line
    const firstOnEachLine = new Map<number | null, (typeof doc.errors)[number]>();
    for (const error of doc.errors) {
      const line = error.linePos?.[0]?.line ?? null;
      if (!firstOnEachLine.has(line)) firstOnEachLine.set(line, error);
    }
    throw new ImportRejected(
      fileName,
      [...firstOnEachLine].map(([line, error]) => ({
        line,
        where: "",
        message: `YAML 格式错误：${YAML_ERRORS[error.code] ?? error.message.split("\n")[0]}${chineseColonHint(text, line)}`,
      })),
    );
  }
  const unreadable = unreadableText(doc.contents, []);
  if (unreadable.length > 0) {
    throw new ImportRejected(
      fileName,
      unreadable.map(({ path, node, message }) => ({ line: isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : null, where: formatPath(path), message })),
    );
  }
  let data: unknown;
  try {
    // toJS resolves aliases and can still fail (an alias to a missing anchor, a too-deep alias chain).
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ImportRejected(fileName, [{ line: null, where: "", message: `YAML 格式错误：${(error as Error).message}` }]);
  }
  const result = workspaceFileSchema.safeParse(data, { error: zhErrorMap, reportInput: true });
  if (result.success) return result.data;
  const issues: ImportIssue[] = result.error.issues.map((issue) => {
    const path = issue.path.map((part) => (typeof part === "symbol" ? String(part) : part));
    // an unknown key is named at its own line, not at the start of the map that holds it
    const line = (issue.code === "unrecognized_keys" ? lineOfKey(doc, lineCounter, path, issue.keys[0]!) : null) ?? lineOf(doc, lineCounter, path);
    // a key left out gets the field's own message ("percentDigits 只能是 1 或 2") only after saying it is missing
    const missing = issue.code !== "unrecognized_keys" && "input" in issue && issue.input === undefined && issue.message !== "缺少此项";
    return { line, where: formatPath(path), message: `${missing ? "缺少此项：" : ""}${issue.message}${chineseColonHint(text, line)}` };
  });
  throw new ImportRejected(fileName, issues);
}

// The yaml library's messages are English; these are the slips a hand-edited file makes.
const YAML_ERRORS: Readonly<Record<string, string>> = {
  TAB_AS_INDENT: "缩进不能用 Tab 键，请用空格",
  DUPLICATE_KEY: "同一层里有两个相同的键",
  MULTILINE_IMPLICIT_KEY: "这一行不是“键: 值”的写法",
  BLOCK_AS_IMPLICIT_KEY: "这一行不是“键: 值”的写法，或缩进不对",
  BAD_INDENT: "缩进不对，或括号没有闭合",
  MISSING_CHAR: "引号或括号没有闭合（从前面某一行开始）",
};

/** A key followed by a Chinese colon, as an input method types it, is the likeliest cause of an error on its line. */
function chineseColonHint(text: string, line: number | null): string {
  const source = line === null ? undefined : text.split("\n")[line - 1];
  return source !== undefined && /^\s*(?:- )?[^\s:："'#][^:："']*：/.test(source) ? "（本行的冒号是中文冒号“：”，应为英文冒号加空格“: ”）" : "";
}

/** The line of the deepest node on the path that exists in the document. */
function lineOf(doc: ReturnType<typeof parseDocument>, lines: LineCounter, path: readonly (string | number)[]): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return null;
}

/**
 * Text the file cannot mean and the database cannot keep as written: a key named `__proto__` (read into
 * a JavaScript object it is dropped without a word: a target in `targets` would silently vanish), control
 * characters (invisible in every editor; PostgreSQL refuses U+0000 outright) and half a surrogate pair
 * (only an escape such as "\ud800" can write one; it would be stored as U+FFFD).
 */
function unreadableText(node: unknown, path: readonly (string | number)[]): { path: (string | number)[]; node: unknown; message: string }[] {
  if (isSeq(node)) return node.items.flatMap((item, index) => unreadableText(item, [...path, index]));
  if (isMap(node)) {
    return node.items.flatMap((pair) => {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      if (key === "__proto__") return [{ path: [...path, key], node: pair.key, message: "不能使用键名“__proto__”" }];
      return [...unreadableText(pair.key, [...path, key]), ...unreadableText(pair.value, [...path, key])];
    });
  }
  // Bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E/F) can make a name read backwards in a chat;
  // zero-width characters make two names look alike.
  const invisible = isScalar(node) && typeof node.value === "string" ? /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|\p{Cs}/u.exec(node.value) : null;
  if (!invisible) return [];
  const code = invisible[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
  return [{ path: [...path], node, message: `含有无效的不可见字符（U+${code}），请删除` }];
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function lineOfKey(doc: ReturnType<typeof parseDocument>, lines: LineCounter, path: readonly (string | number)[], key: string): number | null {
  const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(map)) return null;
  const pair = map.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
  return isNode(pair?.key) && pair.key.range ? lines.linePos(pair.key.range[0]).line : null;
}

function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, part) => (typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${part}` : part), "");
}

/** Decimals accepted on input when the file does not say: amounts to 2, counts whole. */
export function defaultDecimals(measure: string): number {
  return /元$/.test(measure) ? 2 : 0;
}
