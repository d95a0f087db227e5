// The bulletin at province size: 3,000 units × 30 indicators, ten months of figures. Design targets:
// compiled (figures loaded, findings through the year, the model) in under 1 s; rendered to all four
// forms (Markdown, the Feishu card, .docx, .xlsx) in under 5 s; under 300 MB of memory.
//
// The compile runs twice. The first finds nothing kept: it reads and judges the whole year and keeps
// the months before the period (the month memo, src/store/month-memo-repo.ts). The second is the
// bulletin as an office compiles it: during the month the chases and 进度 have already run the same
// findings, so the months before are kept and only the period and the month before it are judged.
//
// Each part runs in a process of its own (`tsx test/bench/bulletin.ts <part> <dir>`), so its peak memory
// (maxRSS) is its own: `setup` imports the workspace and figures into a SQLite file, `compile` and
// `render` open it. benchBulletin() runs the three and collects their figures.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../../src/platform/db/client.ts";
import { importFiguresFile, importWorkspaceFile } from "../../src/features/admin/import-files.ts";
import { computeFindings } from "../../src/features/findings/compute-findings.ts";
import { buildBulletin } from "../../src/features/bulletin/build-bulletin.ts";
import { renderMarkdown } from "../../src/render/markdown.ts";
import { renderSummaryCard } from "../../src/render/card/summary-card.ts";
import { renderDocx } from "../../src/render/docx/render-docx.ts";
import { renderXlsx } from "../../src/render/xlsx/render-xlsx.ts";
import { rawFiguresOf } from "../../src/render/xlsx/raw-figures.ts";
import { periodFiguresOf } from "../../src/store/year-figures-repo.ts";
import { loadWorkspace } from "../../src/store/workspace-repo.ts";
import { demoFiguresCsv, demoWorkspaceYaml } from "../support/demo-province.ts";
import { peakMemoryMb } from "./support.ts";
import { profiled } from "./profile.ts";

const SIZE = { units: 3000, months: 10, year: 2024, extraIndicators: 22 } as const;
const PERIOD = { year: 2024, month: 10 };
const NOW = new Date("2024-11-06T02:00:00Z");

type Failed = { readonly failed: string };

export interface BulletinFigures {
  readonly setup: Failed | { readonly units: number; readonly indicators: number; readonly importWorkspaceMs: number; readonly importFiguresMs: number; readonly peakMb: number };
  /** the first compile: nothing kept, the whole year read and judged */
  readonly firstCompile: Failed | { readonly compileMs: number; readonly findings: number; readonly peakMb: number };
  /** the compile with the months before kept by the first */
  readonly compile: Failed | { readonly compileMs: number; readonly findings: number; readonly peakMb: number };
  readonly render:
    | Failed
    | {
        readonly markdown: number;
        readonly card: number;
        readonly docx: number;
        readonly xlsx: number;
        readonly total: number;
        readonly bytes: { readonly markdown: number; readonly card: number; readonly docx: number; readonly xlsx: number };
        readonly peakMb: number;
      };
}

type Part = "setup" | "compile" | "render";

async function runPart(part: Part, dir: string): Promise<Record<string, unknown>> {
  const database = await openDatabase(`file:${join(dir, "bulletin.db")}`);
  const { db } = database;
  try {
    if (part === "setup") {
      writeFileSync(join(dir, "workspace.yaml"), demoWorkspaceYaml(SIZE));
      writeFileSync(join(dir, "figures.csv"), demoFiguresCsv(SIZE));
      let started = performance.now();
      const summary = await importWorkspaceFile(db, join(dir, "workspace.yaml"));
      const importWorkspaceMs = performance.now() - started;
      const workspace = await loadWorkspace(db, summary.workspaceKey);
      started = performance.now();
      await importFiguresFile(db, workspace, join(dir, "figures.csv"), NOW);
      const importFiguresMs = performance.now() - started;
      return { importWorkspaceMs, importFiguresMs, units: workspace.model.units.length, indicators: workspace.model.indicators.length };
    }
    const workspace = await loadWorkspace(db, "demo");
    const compile = async () => {
      // As draftBulletin does: the bulletin is compiled from what the findings loaded.
      const { findings, problems, loaded } = await computeFindings(db, workspace, PERIOD, NOW);
      const bulletin = await buildBulletin(db, workspace, { period: PERIOD, issuedOn: "2024-11-06", docSequence: 11, findings, problems, loaded });
      return { bulletin, findings, loaded };
    };
    if (part === "compile") {
      const started = performance.now();
      const { findings } = await profiled("bulletin-compile", compile);
      return { compileMs: performance.now() - started, findings: findings.length };
    }
    const { bulletin, loaded } = await compile();
    const { targets, year } = loaded;
    const rawFigures = rawFiguresOf(workspace.model, targets, periodFiguresOf(year, PERIOD));
    const timed = async <T>(run: () => Promise<T> | T): Promise<[T, number]> => {
      const started = performance.now();
      const result = await run();
      return [result, performance.now() - started];
    };
    // One form after the other, so each time is its own (bulletinFiles renders .docx and .xlsx at once).
    return await profiled("bulletin-render", async () => {
      const [markdown, markdown_] = await timed(() => renderMarkdown(bulletin));
      const [card, card_] = await timed(() => JSON.stringify(renderSummaryCard(bulletin, {})));
      const [xlsx, xlsx_] = await timed(() => renderXlsx(bulletin, { rawFigures }));
      const [docx, docx_] = await timed(() => renderDocx(bulletin));
      return {
        markdown: markdown_,
        card: card_,
        docx: docx_,
        xlsx: xlsx_,
        total: markdown_ + card_ + docx_ + xlsx_,
        bytes: { markdown: Buffer.byteLength(markdown), card: Buffer.byteLength(card), docx: docx.length, xlsx: xlsx.length },
      };
    });
  } finally {
    await database.close();
  }
}

/** Runs a part in a child process; a part that fails (out of memory, say) is reported, not fatal. */
function spawnPart(part: Part, dir: string): Record<string, unknown> | { failed: string } {
  try {
    const output = execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), part, dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
    const line = output.trim().split("\n").at(-1)!;
    return JSON.parse(line) as Record<string, unknown>;
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "");
    const reason = /heap out of memory/.test(stderr) ? "out of memory" : (stderr.trim().split("\n").find((l) => /Error/.test(l)) ?? String(error)).slice(0, 200);
    return { failed: reason };
  }
}

export function benchBulletin(): BulletinFigures {
  const dir = mkdtempSync(join(tmpdir(), "bzf-bulletin-"));
  try {
    const setup = spawnPart("setup", dir) as BulletinFigures["setup"];
    if ("failed" in setup) return { setup, firstCompile: setup, compile: setup, render: setup };
    const firstCompile = spawnPart("compile", dir) as BulletinFigures["compile"];
    return { setup, firstCompile, compile: spawnPart("compile", dir) as BulletinFigures["compile"], render: spawnPart("render", dir) as BulletinFigures["render"] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const seconds = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

export function printBulletin(figures: BulletinFigures): void {
  const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
  const { setup, firstCompile, compile, render } = figures;
  console.log(`bulletin: ${SIZE.units} units × ${SIZE.extraIndicators + 8} indicators, ${SIZE.months} months (SQLite; each part in a process of its own)`);
  if ("failed" in setup) console.log(`  import: failed (${setup.failed})`);
  else console.log(`  import: workspace file ${seconds(setup.importWorkspaceMs)}, figures file ${seconds(setup.importFiguresMs)} (peak ${setup.peakMb} MB)`);
  if ("failed" in compile) console.log(`  compile: failed (${compile.failed})`);
  else console.log(`  compile (figures loaded, findings through the year, the model): ${seconds(compile.compileMs)}, ${compile.findings} findings (peak ${compile.peakMb} MB), the months before kept as the month's chases leave them`);
  if ("failed" in firstCompile) console.log(`  first compile: failed (${firstCompile.failed})`);
  else console.log(`  first compile, nothing kept (the whole year read and judged, then kept): ${seconds(firstCompile.compileMs)} (peak ${firstCompile.peakMb} MB)`);
  if ("failed" in render) console.log(`  render: failed (${render.failed})`);
  else {
    console.log(`  render, all four forms: ${seconds(render.total)} (peak ${render.peakMb} MB, the compile before it included)`);
    console.log(`    Markdown ${seconds(render.markdown)} (${kb(render.bytes.markdown)}), card ${seconds(render.card)} (${kb(render.bytes.card)}), .xlsx ${seconds(render.xlsx)} (${kb(render.bytes.xlsx)}), .docx ${seconds(render.docx)} (${kb(render.bytes.docx)})`);
  }
}

export function summarizeBulletin(figures: BulletinFigures): string {
  const { firstCompile, compile, render } = figures;
  // The target is for compiling and rendering; importing the province's files is another task.
  const peak = Math.max(...[firstCompile, compile, render].map((part) => ("failed" in part ? 0 : part.peakMb)));
  return [
    `bulletin compile ${"failed" in compile ? "failed" : seconds(compile.compileMs)} (target < 1 s; ${"failed" in firstCompile ? "failed" : seconds(firstCompile.compileMs)} the first time, nothing kept)`,
    `render ${"failed" in render ? `failed: ${render.failed}` : seconds(render.total)} (target < 5 s)`,
    `peak ${peak} MB compiling and rendering (target < 300 MB)`,
  ].join(", ");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [part, dir] = process.argv.slice(2);
  if (part === "setup" || part === "compile" || part === "render") {
    const result = await runPart(part, dir!);
    console.log(JSON.stringify({ ...result, peakMb: peakMemoryMb() }));
  } else {
    printBulletin(benchBulletin());
  }
}
