import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { parseWorkspaceFile } from "../../src/import/workspace-file.ts";
import { ImportRejected } from "../../src/import/errors.ts";
import { saveWorkspaceFile } from "../../src/store/workspace-import.ts";
import { loadNarrative } from "../../src/store/narrative-repo.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { importWorkspaceText } from "../support/import-text.ts";

const ZHANGYE = readFileSync(new URL("../fixtures/zhangye/workspace.yaml", import.meta.url), "utf8");

function rejection(text: string): ImportRejected {
  try {
    parseWorkspaceFile(text, "w.yaml");
  } catch (error) {
    if (error instanceof ImportRejected) return error;
    throw error;
  }
  throw new Error("expected the file to be refused");
}

const MINIMAL = `name: 测试市
office: 测试市住房保障办
scope: 全市
percentDigits: 1
percentTrailingZero: false
units:
  - name: 甲县
  - name: 乙县
indicators:
  - id: kaigong
    group: 棚户区改造
    name: 开工
    unit: 套
    targets:
      甲县: 100
      乙县: 50
ratios: []
`;

describe("workspace file", () => {
  it("accepts the minimum format of the issue", () => {
    const file = parseWorkspaceFile(MINIMAL, "w.yaml");
    expect(file.units.map((unit) => unit.name)).toEqual(["甲县", "乙县"]);
    expect(file.bulletin.subject).toBe("保障性安居工程");
  });

  it("names the key path and the line of each error", () => {
    expect(rejection(MINIMAL.replace("percentDigits: 1", "percentDigits: 3")).issues).toEqual([{ line: 4, where: "percentDigits", message: "percentDigits 只能是 1 或 2" }]);
    const error = rejection(MINIMAL.replace("      乙县: 50", "      丙县: 50"));
    expect(error.issues).toEqual([{ line: 16, where: "indicators[0].targets.丙县", message: "单位“丙县”不在 units 中" }]);
    expect(error.message).toContain("第16行，indicators[0].targets.丙县：单位“丙县”不在 units 中");
  });

  it("explains wrong types, unknown keys and missing keys in Chinese", () => {
    const error = rejection(MINIMAL.replace("      甲县: 100", "      甲县: 一百").replace("scope: 全市", "scope: 全市\nscop: 全市").replace("office: 测试市住房保障办\n", ""));
    const messages = error.issues.map((issue) => `${issue.where}:${issue.message}`);
    expect(messages).toContain("indicators[0].targets.甲县:年度任务应为数字");
    expect(messages).toContain(":未知的键：scop（请检查拼写）");
    expect(messages).toContain("office:缺少此项");
  });

  it("says a key with a message of its own is missing, not that its value is wrong (bug: 第2行 percentDigits 只能是 1 或 2)", () => {
    const messages = rejection(MINIMAL.replace("percentDigits: 1\n", "")).issues.map((issue) => `${issue.where}:${issue.message}`);
    expect(messages).toEqual(["percentDigits:缺少此项：percentDigits 只能是 1 或 2"]);
  });

  it("reports YAML syntax errors with their line", () => {
    const error = rejection("name: a\nunits: [\n  - x");
    expect(error.issues[0]?.line).not.toBeNull();
    expect(error.issues[0]?.message).toMatch(/^YAML 格式错误/);
  });

  it("refuses ratios of unknown indicators and duplicate units", () => {
    const error = rejection(MINIMAL.replace("ratios: []", "ratios:\n  - id: r\n    name: 率\n    numerator: kaigong\n    denominator: nope").replace("  - name: 乙县", "  - name: 甲县"));
    expect(error.issues.map((issue) => issue.message)).toEqual(expect.arrayContaining(["指标“nope”不在 indicators 中", "单位“甲县”重复"]));
  });

  // Regressions found by test/reliability/fuzz-files.test.ts follow.
  it("names an unknown key at its own line, not at the start of the map holding it", () => {
    expect(rejection(MINIMAL.replace("units:\n", "scop: 全市\nunits:\n")).issues).toEqual([{ line: 6, where: "", message: "未知的键：scop（请检查拼写）" }]);
    expect(rejection(MINIMAL.replace("    unit: 套\n", "    unit: 套\n    remark: x\n")).issues).toEqual([{ line: 14, where: "indicators[0]", message: "未知的键：remark（请检查拼写）" }]);
  });

  it("refuses a `__proto__` key, which reading the file would silently drop (a target vanished)", () => {
    expect(rejection(MINIMAL.replace("      乙县: 50\n", "      乙县: 50\n      __proto__: 5\n")).issues).toEqual([{ line: 17, where: "indicators[0].targets.__proto__", message: "不能使用键名“__proto__”" }]);
  });

  it("refuses invisible characters, which PostgreSQL cannot store (U+0000) or no one can see", () => {
    expect(rejection(MINIMAL.replace("  - name: 乙县", '  - name: "乙\\0县"').replace("      乙县: 50\n", "")).issues).toEqual([{ line: 8, where: "units[1].name", message: "含有无效的不可见字符（U+0000），请删除" }]);
    expect(rejection(MINIMAL.replace("office: 测试市住房保障办", 'office: "测试\\ud800"')).issues[0]).toMatchObject({ line: 2, where: "office", message: "含有无效的不可见字符（U+D800），请删除" });
  });

  it("refuses names too long for the database's unique indexes, and targets beyond what is stored exactly", () => {
    const long = "区".repeat(51);
    expect(rejection(MINIMAL.replace("  - name: 乙县", `  - name: ${long}`).replace("      乙县: 50", `      ${long}: 50`)).issues[0]).toMatchObject({ line: 8, where: "units[1].name", message: "单位名称不能超过 50 个字" });
    expect(rejection(MINIMAL.replace("name: 测试市", `name: ${"市".repeat(101)}`)).issues[0]).toMatchObject({ line: 1, where: "name", message: "name 不能超过 100 个字" });
    // 12345678901234567890 would be stored as 12345678901234567000
    expect(rejection(MINIMAL.replace("甲县: 100", "甲县: 12345678901234567890")).issues).toEqual([{ line: 15, where: "indicators[0].targets.甲县", message: "年度任务过大，请核对单位和数值" }]);
    expect(parseWorkspaceFile(MINIMAL.replace("甲县: 100", "甲县: 1000000000000"), "w.yaml").indicators[0]?.targets?.甲县).toBe(1e12);
  });

  it("refuses a timezone the clock cannot use", () => {
    expect(rejection(`${MINIMAL}timezone: 北京时间\n`).issues).toEqual([{ line: 18, where: "timezone", message: "timezone 应为时区名称，例如 Asia/Shanghai" }]);
    expect(parseWorkspaceFile(`${MINIMAL}timezone: Asia/Urumqi\n`, "w.yaml").timezone).toBe("Asia/Urumqi");
  });

  it("explains a Chinese colon and a tab in Chinese, once per line", () => {
    expect(rejection(MINIMAL.replace("office: ", "office：")).issues).toEqual([{ line: 2, where: "", message: "YAML 格式错误：这一行不是“键: 值”的写法（本行的冒号是中文冒号“：”，应为英文冒号加空格“: ”）" }]);
    expect(rejection(MINIMAL.replace("  - name: 乙县", "  - name：乙县").replace("      乙县: 50\n", "")).issues).toEqual([{ line: 8, where: "units[1]", message: "应为键值对（本行的冒号是中文冒号“：”，应为英文冒号加空格“: ”）" }]);
    const tab = rejection(MINIMAL.replace("    group:", "\tgroup:"));
    expect(tab.issues[0]).toEqual({ line: 11, where: "", message: "YAML 格式错误：缩进不能用 Tab 键，请用空格" });
    expect(new Set(tab.issues.map((issue) => issue.line)).size).toBe(tab.issues.length);
  });

  it("never throws anything but a listed refusal on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          parseWorkspaceFile(text, "w.yaml");
        } catch (error) {
          expect(error).toBeInstanceOf(ImportRejected);
          expect((error as ImportRejected).issues.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("the bulletin's form and the office's text in the workspace file", () => {
  const withText = `${MINIMAL}bulletin:
  titleWithOffice: true
  signature:
    lines: [测试市住房, 保障办]
    seal: true
narrative:
  groupNotes:
    棚户区改造: 甲县已全面完工。
  nextSteps:
    title: 下一步工作要求
    numbering: 一是
    items:
      - |
        加快推进项目建设进度。
        各地要进一步加快推进。
`;

  it("reads the title, the signature and the narrative, one paragraph per line of a block", () => {
    const file = parseWorkspaceFile(withText, "w.yaml");
    expect(file.bulletin).toMatchObject({ titleWithOffice: true, signature: { lines: ["测试市住房", "保障办"], seal: true } });
    expect(file.narrative?.nextSteps).toEqual({ title: "下一步工作要求", numbering: "一是", items: ["加快推进项目建设进度。\n各地要进一步加快推进。"] });
  });

  it("prints a 版记 by default, with the 抄送 and 印发机关 the file gives, or none with record: false", async () => {
    const database = await createTestDatabase();
    try {
      const stored = async (record: string) => (await importWorkspaceText(database.db, `${MINIMAL}bulletin:\n${record}`)).model.bulletin.record;
      expect(await stored("  rankTables: false\n")).toEqual({ copyTo: null, printedBy: null });
      expect(await stored("  record:\n    copyTo: [市委办公室, 市政府办公室]\n    printedBy: 测试市住房和城乡建设局办公室\n")).toEqual({ copyTo: "市委办公室，市政府办公室", printedBy: "测试市住房和城乡建设局办公室" });
      expect(await stored("  record: false\n")).toBeNull();
    } finally {
      await database.destroy();
    }
    expect(rejection(`${MINIMAL}bulletin:\n  record: true\n`).issues.map((issue) => issue.message)).toEqual(["record 应为 false，或含 copyTo（抄送机关列表）、printedBy（印发机关）"]);
  });

  it("keeps how whole-scope rates read while units are missing (reported by default, or withheld), refusing any other word", async () => {
    const database = await createTestDatabase();
    try {
      const stored = async (bulletin: string) => (await importWorkspaceText(database.db, `${MINIMAL}bulletin:\n${bulletin}`)).model.bulletin.partialTotals;
      expect(await stored("  rankTables: false\n")).toBe("reported");
      expect(await stored("  partialTotals: withheld\n")).toBe("withheld");
    } finally {
      await database.destroy();
    }
    expect(rejection(`${MINIMAL}bulletin:\n  partialTotals: hidden\n`).issues.map((issue) => issue.message)).toEqual(["partialTotals 只能是 reported（按已报送单位计算完成率）或 withheld（有单位未报送时不计算合计完成率）"]);
  });

  it("takes the card's indicator from the file, refusing one that is not an indicator with targets", () => {
    const cardIndicator = /id: (\w+)/.exec(MINIMAL)![1]!;
    expect(parseWorkspaceFile(`${MINIMAL}bulletin:\n  cardIndicator: ${cardIndicator}\n`, "w.yaml").bulletin.cardIndicator).toBe(cardIndicator);
    expect(rejection(`${MINIMAL}bulletin:\n  cardIndicator: nosuch\n`).issues.map((issue) => [issue.where, issue.message])).toEqual([
      ["bulletin.cardIndicator", "cardIndicator“nosuch”应为 indicators 中有任务数的指标 id"],
    ]);
  });

  it("refuses a signature that does not spell the office, and a closing sentence of a group that does not exist", () => {
    const issues = rejection(withText.replace("[测试市住房, 保障办]", "[测试市住房, 保障局]").replace("    棚户区改造: 甲县", "    公租房: 甲县")).issues;
    expect(issues.map((issue) => [issue.where, issue.message])).toEqual([
      ["bulletin.signature.lines", "署名各行连起来应与 office 相同（“测试市住房保障办”），现为“测试市住房保障局”"],
      ["narrative.groupNotes.公租房", "指标组“公租房”不在 indicators 中"],
    ]);
  });

  it("keeps the narrative stored when a file without one is imported, and replaces it when the file gives one", async () => {
    const database = await createTestDatabase();
    try {
      await saveWorkspaceFile(database.db, parseWorkspaceFile(withText, "w.yaml"));
      const workspaceId = (await database.db.workspace.findFirstOrThrow()).id;
      expect((await loadNarrative(database.db, workspaceId)).narrative.groupNotes).toEqual({ 棚户区改造: "甲县已全面完工。" });
      await saveWorkspaceFile(database.db, parseWorkspaceFile(MINIMAL, "w.yaml"));
      expect((await loadNarrative(database.db, workspaceId)).revision).toBe(1);
      const summary = await saveWorkspaceFile(database.db, parseWorkspaceFile(withText.replace("甲县已全面完工。", "乙县已全面完工。"), "w.yaml"));
      expect(summary.updated).toBeGreaterThan(0);
      const stored = await loadNarrative(database.db, workspaceId);
      expect(stored).toMatchObject({ revision: 2, updatedBy: "file", narrative: { groupNotes: { 棚户区改造: "乙县已全面完工。" } } });
    } finally {
      await database.destroy();
    }
  });
});

describe("storing a workspace file", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  it("changes nothing when the same file is imported again", async () => {
    const file = parseWorkspaceFile(ZHANGYE, "workspace.yaml");
    const first = await saveWorkspaceFile(database.db, file);
    expect(first.created).toBeGreaterThan(0);
    const before = await database.db.workspace.findUniqueOrThrow({ where: { key: "zhangye" } });
    const again = await saveWorkspaceFile(database.db, file);
    expect(again).toMatchObject({ created: 0, updated: 0, removed: 0 });
    const after = await database.db.workspace.findUniqueOrThrow({ where: { key: "zhangye" } });
    expect(after.updatedAt).toEqual(before.updatedAt);
  });

  it("updates what changed and removes targets the file no longer lists", async () => {
    const changed = ZHANGYE.replace("      甘州区: 3032\n", "      甘州区: 3100\n").replace("      肃南县: 65\n", "");
    const summary = await saveWorkspaceFile(database.db, parseWorkspaceFile(changed, "workspace.yaml"));
    expect(summary).toMatchObject({ created: 0, updated: 1, removed: 1 });
  });
});

describe("names that cannot break or abuse a message (an outside probe imported them all)", () => {
  it.each([
    ["an @everyone tag", "  - name: <at id=all></at>县", "不能含有 < > [ ] 符号"],
    ["a link", "  - name: '[点我](http://evil.example)县'", "不能含有 < > [ ] 符号"],
    ["a right-to-left override", "  - name: \"甲\\u202E县\"", "U+202E"],
    ["a zero-width joiner", "  - name: \"甲\\u200D县\"", "U+200D"],
    ["a line break", "  - name: \"甲\\n县\"", "不能换行"],
  ])("refuses a unit name with %s, naming the field", (_, line, message) => {
    const text = MINIMAL.replace("  - name: 乙县", line).replace("      乙县: 50\n", "");
    const refused = rejection(text);
    expect(refused.message).toContain(message);
    expect(refused.message).toMatch(/units/);
  });

  it("refuses an 18,000-character indicator name (bug: every card then passed 30 KB)", () => {
    expect(rejection(MINIMAL.replace("    name: 开工", `    name: ${"开".repeat(18_000)}`)).message).toContain("指标名称不能超过 30 个字");
  });
});
