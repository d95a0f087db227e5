import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { parseWorkspaceFile } from "../../src/import/workspace-file.ts";
import { ImportRejected } from "../../src/import/errors.ts";
import { saveWorkspaceFile } from "../../src/store/workspace-repo.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

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

  it("reports YAML syntax errors with their line", () => {
    const error = rejection("name: a\nunits: [\n  - x");
    expect(error.issues[0]?.line).not.toBeNull();
    expect(error.issues[0]?.message).toMatch(/^YAML 格式错误/);
  });

  it("refuses ratios of unknown indicators and duplicate units", () => {
    const error = rejection(MINIMAL.replace("ratios: []", "ratios:\n  - id: r\n    name: 率\n    numerator: kaigong\n    denominator: nope").replace("  - name: 乙县", "  - name: 甲县"));
    expect(error.issues.map((issue) => issue.message)).toEqual(expect.arrayContaining(["指标“nope”不在 indicators 中", "单位“甲县”重复"]));
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
