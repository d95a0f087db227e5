// The CLI as a newcomer runs it: a fresh database, the Zhangye fixture, files written.
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

describe("npm run cli -- bulletin", () => {
  it("writes bulletin.md and bulletin.json from the workspace and figures files, twice the same", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bzf-cli-"));
    const args = ["bulletin", "--workspace", "test/fixtures/zhangye/workspace.yaml", "--figures", "test/fixtures/zhangye/figures.csv", "--period", "2023-12", "--out", join(dir, "out"), "--issued", "2024-01-09", "--number", "1"];
    const first = await cli(args, dir);
    expect(first.stdout).toContain("已生成《张掖市城镇老旧小区改造工作领导小组办公室关于2023年1--12月全市保障性安居工程进展情况的通报》");
    const markdown = readFileSync(join(dir, "out/bulletin.md"), "utf8");
    const json = JSON.parse(readFileSync(join(dir, "out/bulletin.json"), "utf8"));
    expect(markdown).toContain("张旧改办〔2024〕1号");
    expect(json.period).toBe("2023-12");
    expect(json.indicators.lgxq_touzi.total).toEqual({ target: 71100, actual: 23730, rate: "33.4%" });
    expect(json.ratios.zj_zhichulv.units["甘州区"]).toMatchObject({ numerator: 1092.28, denominator: 2021, rate: "54%" });
    expect(Array.isArray(json.findings)).toBe(true);

    const second = await cli(args, dir);
    expect(second.stdout).toContain("新修订 0 份");
    expect(readFileSync(join(dir, "out/bulletin.md"), "utf8")).toBe(markdown);
  });

  it("refuses a bad figures file, naming the line, and exits non-zero", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bzf-cli-"));
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "period,unit,indicator,value\n2023-12,甘州区,lgxq_hu,三千\n");
    const failure = await cli(["bulletin", "--workspace", "test/fixtures/zhangye/workspace.yaml", "--figures", bad, "--period", "2023-12", "--out", join(dir, "out")], dir).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("第2行，value：「开工（户）」填写的“三千”不是数字");
  });

  it("prints usage for an unknown command", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bzf-cli-"));
    const failure = await cli(["bulletn"], dir).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain("未知命令“bulletn”");
    expect(failure?.stderr).toContain("用法：npm run cli");
  });
});
