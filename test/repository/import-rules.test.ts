// The import rules of .dependency-cruiser.cjs (src/README.md, "Rooms"): src/ keeps them, and each rule
// really refuses what it names — a tree with one planted violation per rule is cruised with the same
// configuration and every rule must fire on it.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const depcruise = path.join(root, "node_modules/.bin/depcruise");
const config = path.join(root, ".dependency-cruiser.cjs");

function cruise(cwd: string): { status: number; output: string } {
  try {
    const output = execFileSync(depcruise, ["src", "--config", config, "--output-type", "err"], { cwd, encoding: "utf8", stdio: "pipe" });
    return { status: 0, output };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { status: failed.status, output: `${failed.stdout}${failed.stderr}` };
  }
}

/** A tree that breaks each rule once, and otherwise looks like src/. */
const PLANTED: Record<string, string> = {
  "tsconfig.json": JSON.stringify({ compilerOptions: { module: "nodenext", allowImportingTsExtensions: true, noEmit: true } }),
  "src/domain/rate.ts": 'import { findFigures } from "../store/figures-repo.ts";\nexport const rate = findFigures;\n',
  "src/store/figures-repo.ts": 'import { client } from "../platform/db/client.ts";\nexport const findFigures = () => client;\n',
  "src/platform/db/client.ts": "export const client = {};\n",
  "src/features/collect/submit.ts": 'import { client } from "../../platform/db/client.ts";\nimport { listen } from "../../transport/http.ts";\nexport const submit = () => [client, listen];\n',
  "src/transport/http.ts": "export const listen = () => 0;\n",
  "src/bot/bot.ts": 'import { submit } from "../features/collect/submit.ts";\nimport { platform } from "../sandbox/platform.ts";\nexport const bot = [submit, platform];\n',
  "src/sandbox/platform.ts": "export const platform = {};\n",
  "src/render/markdown.ts": 'import { findFigures } from "../store/figures-repo.ts";\nexport const markdown = findFigures;\n',
  "src/jobs/a.ts": 'import { b } from "./b.ts";\nexport const a = () => b;\n',
  "src/jobs/b.ts": 'import { a } from "./a.ts";\nexport const b = () => a;\n',
};

describe("the import rules", () => {
  it("hold for src/", () => {
    const result = cruise(root);
    expect(result.output).toContain("no dependency violations");
    expect(result.status).toBe(0);
  }, 60_000);

  it("refuse a planted violation of each rule", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "import-rules-"));
    try {
      for (const [file, text] of Object.entries(PLANTED)) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), text);
      }
      const result = cruise(dir);
      expect(result.status).not.toBe(0);
      const fired = new Set([...result.output.matchAll(/error ([a-z-]+):/g)].map((match) => match[1]));
      expect([...fired].sort()).toEqual(
        ["bot-imports-no-feature", "domain-is-pure", "features-do-not-reach-the-transport", "no-runtime-cycles", "only-store-and-jobs-touch-the-database", "render-imports-its-own-rooms", "the-stand-in-stays-apart"].sort(),
      );
      expect(result.output).toMatch(/domain-is-pure: src\/domain\/rate\.ts → src\/store\/figures-repo\.ts/);
      expect(result.output).toMatch(/only-store-and-jobs-touch-the-database: src\/features\/collect\/submit\.ts → src\/platform\/db\/client\.ts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
