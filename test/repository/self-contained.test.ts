// The repository carries everything it needs: nothing tracked may read or name the folder beside the
// project root that only the team's own machines have, and every platform section a comment cites
// (`§1.4`) exists in the project's own write-up of the platform (src/platform/lark/README.md).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

// Spelt in pieces so that this file does not name what it looks for.
const OUTSIDE = ["../" + "shared", "shared" + "/golden", "shared" + "/seeds", "shared" + "/reference", "lark-platform" + ".md", "design" + ".md", "style" + ".md"];

function trackedFiles(): string[] {
  return execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);
}

function readText(path: string): string | null {
  const bytes = readFileSync(`${root}/${path}`);
  return bytes.includes(0) ? null : bytes.toString("utf8");
}

describe("the repository stands on its own", () => {
  const files = trackedFiles().filter((path) => path !== "package-lock.json");

  it("tracks files to scan", () => {
    expect(files).toContain("package.json");
    expect(files).toContain("test/repository/self-contained.test.ts");
  });

  it("names no path outside the repository", () => {
    const found: string[] = [];
    for (const path of files) {
      const text = readText(path);
      if (text === null) continue;
      text.split("\n").forEach((line, index) => {
        for (const needle of OUTSIDE) if (line.includes(needle)) found.push(`${path}:${index + 1}: ${needle}`);
      });
    }
    expect(found).toEqual([]);
  });

  it("cites only platform sections that the project's platform write-up has", () => {
    const facts = readFileSync(`${root}/src/platform/lark/README.md`, "utf8");
    const sections = new Set([...facts.matchAll(/^#{2,4} (\d+(?:\.\d+)*)[ .]/gm)].map((match) => match[1]));
    const missing: string[] = [];
    for (const path of files.filter((p) => /^(src|test)\//.test(p) && p !== "src/platform/lark/README.md")) {
      const text = readText(path);
      if (text === null) continue;
      for (const match of text.matchAll(/§(\d+(?:\.\d+)*)/g)) {
        if (!sections.has(match[1])) missing.push(`${path}: §${match[1]}`);
      }
    }
    expect(sections.size).toBeGreaterThan(10);
    expect([...new Set(missing)]).toEqual([]);
  });
});
