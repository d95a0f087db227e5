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

  it("refuses a whole-city row its units do not add up to, with both numbers and the difference, unless the indicator is the office's own total (bug: 全市 17342 printed beside units adding to 17312)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bzf-cli-"));
    const figures = join(dir, "figures.csv");
    writeFileSync(figures, `${readFileSync("test/fixtures/zhangye/figures.csv", "utf8")}2023-12,全市,lgxq_touzi,23760\n`);
    const args = (workspace: string) => ["bulletin", "--workspace", workspace, "--figures", figures, "--period", "2023-12", "--out", join(dir, "out")];
    const failure = await cli(args("test/fixtures/zhangye/workspace.yaml"), dir).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("第40行，value：2023-12 全市城镇老旧小区改造完成投资（万元）为23760，各县区合计23730，相差30");
    expect(failure?.stderr).toContain("ownTotal: true");

    // declared as the office's own total (it includes the city's own projects): taken, and printed as given
    const workspace = join(dir, "workspace.yaml");
    writeFileSync(workspace, readFileSync("test/fixtures/zhangye/workspace.yaml", "utf8").replace("  - id: lgxq_touzi\n", "  - id: lgxq_touzi\n    ownTotal: true\n"));
    expect(readFileSync(workspace, "utf8")).toContain("ownTotal: true");
    await cli(args(workspace), mkdtempSync(join(tmpdir(), "bzf-cli-")));
    const json = JSON.parse(readFileSync(join(dir, "out/bulletin.json"), "utf8"));
    expect(json.indicators.lgxq_touzi.total.actual).toBe(23760);
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
