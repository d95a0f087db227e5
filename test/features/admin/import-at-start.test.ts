// The workspace file at start (WORKSPACE_FILE): a restart with the same file changes nothing admins did
// in chat since (bug: a target set with 任务 and a contact bound with 联系人 were reverted), and a typo
// in the file does not stop a bot that has a stored workspace.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importWorkspaceFileAtStart } from "../../../src/features/admin/import-files.ts";
import { createTestDatabase, type TestDatabase } from "../../support/database.ts";

const ZHANGYE = readFileSync(new URL("../../fixtures/zhangye/workspace.yaml", import.meta.url), "utf8");

describe("importing the workspace file at start", () => {
  let database: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), "workspace-start-"));
  const path = join(dir, "workspace.yaml");
  const lines: string[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
  const target = () => database.db.target.findFirstOrThrow({ where: { unit: { name: "甘州区" }, indicator: { key: "lgxq_hu" } } });

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  it("imports a new file", async () => {
    writeFileSync(path, ZHANGYE);
    expect(await importWorkspaceFileAtStart(database.db, path, log)).toEqual({ workspaceKey: "zhangye", outcome: "imported" });
  });

  it("imports nothing again from the same file, so a target changed in chat stays", async () => {
    const before = await target();
    await database.db.target.update({ where: { id: before.id }, data: { value: 3100 } }); // as 任务 甘州区 lgxq_hu 3100 does
    expect(await importWorkspaceFileAtStart(database.db, path, log)).toEqual({ workspaceKey: "zhangye", outcome: "unchanged" });
    expect((await target()).value).toBe(3100);
  });

  it("imports a changed file", async () => {
    writeFileSync(path, ZHANGYE.replace("docPrefix: 张旧改办", "docPrefix: 张住建"));
    expect((await importWorkspaceFileAtStart(database.db, path, log)).outcome).toBe("imported");
    expect((await database.db.workspace.findFirstOrThrow()).docPrefix).toBe("张住建");
  });

  it("keeps running on the stored workspace when the file has a typo, and says what is wrong with the line", async () => {
    const stored = await database.db.workspace.findFirstOrThrow();
    writeFileSync(path, ZHANGYE.replace("scope: 全市", "scope：全市"));
    expect(await importWorkspaceFileAtStart(database.db, path, log)).toEqual({ workspaceKey: "zhangye", outcome: "refused" });
    expect(lines.join("")).toContain("工作区文件有误，未导入");
    expect(lines.join("")).toMatch(/第\d+行/);
    expect(await database.db.workspace.findFirstOrThrow()).toEqual(stored);
  });

  it("still refuses a broken file when there is no stored workspace to run on", async () => {
    const empty = await createTestDatabase();
    try {
      await expect(importWorkspaceFileAtStart(empty.db, path, log)).rejects.toThrow("未导入任何内容");
    } finally {
      await empty.destroy();
    }
  });
});
