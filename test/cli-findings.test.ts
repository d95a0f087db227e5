// The findings engine through the CLI: `findings` prints the period's table, `bulletin` lists the
// findings in bulletin.json and writes 存在的问题, and a workspace file's `rules:` key is validated.
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const TSX = join(process.cwd(), "node_modules/.bin/tsx");

function cli(args: string[], dir: string) {
  return run(TSX, ["src/cli.ts", ...args], { env: { ...process.env, DATABASE_URL: `file:${join(dir, "cli.db")}` } });
}

const LVLIANG = `key: lvliang-test
name: 吕梁市（测试）
office: 吕梁市住房保障工作领导小组办公室
scope: 全市
percentDigits: 2
percentTrailingZero: true
year: 2021
units:
  - name: 柳林县
  - name: 离石区
indicators:
  - id: touzi
    group: 住房保障
    name: 完成投资
    unit: 万元
    targets:
      柳林县: 4000
      离石区: 5000
rules:
  behindSchedule:
    tolerance: 1
`;

const FIGURES = ["period,unit,indicator,value", ...[3, 4, 5].flatMap((m) => [`2021-0${m},柳林县,touzi,${m * 1000}`, `2021-0${m},离石区,touzi,0`])].join("\n");

describe("npm run cli -- findings", () => {
  it("prints Zhangye's findings as a table, and bulletin.json lists them with 存在的问题 in the Markdown", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bzf-findings-"));
    const base = ["--workspace", "test/fixtures/zhangye/workspace.yaml", "--figures", "test/fixtures/zhangye/figures.csv", "--period", "2023-12"];
    const table = await cli(["findings", ...base], dir);
    expect(table.stdout).toContain("| 状态 | 规则 | 单位 | 指标 | 持续 | 内容 |");
    const belowAverage = table.stdout.split("\n").filter((line) => line.includes("below-average"));
    expect(belowAverage.map((line) => line.split(" | ")[2])).toEqual(["甘州区", "高台县", "肃南县"]);

    await cli(["bulletin", ...base, "--out", join(dir, "out"), "--issued", "2024-01-09"], dir);
    const json = JSON.parse(readFileSync(join(dir, "out/bulletin.json"), "utf8"));
    const units = json.findings.filter((f: { rule: string }) => f.rule === "below-average").map((f: { unit: string }) => f.unit);
    expect(units).toEqual(["甘州区", "高台县", "肃南县"]);
    const markdown = readFileSync(join(dir, "out/bulletin.md"), "utf8");
    expect(markdown).toContain("存在的问题");
    expect(markdown).toContain("甘州区、高台县、肃南县支出率低于全市平均水平（59.5%）");
  });

  it("carries a streak through the months of the figures file: 连续3个月零进度", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bzf-findings-"));
    writeFileSync(join(dir, "w.yaml"), LVLIANG);
    writeFileSync(join(dir, "f.csv"), `${FIGURES}\n`);
    const { stdout } = await cli(["findings", "--workspace", join(dir, "w.yaml"), "--figures", join(dir, "f.csv"), "--period", "2021-05"], dir);
    const zero = stdout.split("\n").filter((line) => line.includes("zero-progress"));
    expect(zero).toHaveLength(1);
    expect(zero[0]).toContain("离石区");
    expect(zero[0]).toContain("仍未解决（连续3个月）");
  });

  it("refuses a misspelt rule or an unknown indicator under rules:, naming the path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bzf-findings-"));
    writeFileSync(join(dir, "w.yaml"), LVLIANG.replace("behindSchedule:\n    tolerance: 1", "behindSchedul:\n    tolerance: 1\n  zeroProgress:\n    indicators: [touzy]"));
    const failure = await cli(["findings", "--workspace", join(dir, "w.yaml"), "--period", "2021-05"], dir).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("behindSchedul");
    expect(failure?.stderr).toContain("rules.zeroProgress.indicators[0]");
    expect(failure?.stderr).toContain("指标“touzy”不在 indicators 中");
  });
});
