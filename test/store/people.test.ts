// One person per role per unit: binding someone who already looks after another unit must not take
// that unit's contact away (it did once: bindContact deleted the other row by name), and the workspace
// file's contact for a unit replaces the previous one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { importWorkspaceText } from "../support/import-text.ts";
import { bindContact, findActor, listPeople } from "../../src/store/people-repo.ts";
import type { StoredWorkspace } from "../../src/store/workspace-repo.ts";

const ZHANGYE = readFileSync(new URL("../fixtures/zhangye/workspace.yaml", import.meta.url), "utf8");
const WITH_CONTACTS = ZHANGYE.replace("  - name: 甘州区\n", "  - name: 甘州区\n    contact: { name: 张三, mobile: \"13800000001\" }\n").replace(
  "  - name: 临泽县\n",
  "  - name: 临泽县\n    contact: { name: 李四, mobile: \"13800000002\" }\n",
);

describe("people per unit", () => {
  let database: TestDatabase;
  let workspace: StoredWorkspace;
  beforeAll(async () => {
    database = await createTestDatabase();
    workspace = await importWorkspaceText(database.db, WITH_CONTACTS);
  });
  afterAll(() => database.destroy());

  it("lets one person report for two units without removing anyone", async () => {
    const ganzhou = workspace.unitIds.get("甘州区")!;
    const linze = workspace.unitIds.get("临泽县")!;
    await bindContact(database.db, workspace.id, ganzhou, { name: "张三", openId: "ou_zhangsan", mobile: null, email: null });
    await bindContact(database.db, workspace.id, linze, { name: "张三", openId: "ou_zhangsan", mobile: null, email: null });
    const contacts = (await listPeople(database.db, workspace.id, ["contact"])).filter((person) => person.unitId === ganzhou || person.unitId === linze);
    expect(contacts.map((person) => person.openId).sort()).toEqual(["ou_zhangsan", "ou_zhangsan"]);
    const actor = await findActor(database.db, workspace.id, "ou_zhangsan");
    expect(actor.reportsFor.map((unit) => unit.unitName).sort()).toEqual(["临泽县", "甘州区"]);
  });

  it("replaces a unit's contact from the workspace file, keeping one per unit", async () => {
    const changed = WITH_CONTACTS.replace("contact: { name: 张三, mobile: \"13800000001\" }", "contact: { name: 王五, mobile: \"13800000009\" }");
    const reloaded = await importWorkspaceText(database.db, changed);
    const ganzhou = reloaded.unitIds.get("甘州区")!;
    const contacts = (await listPeople(database.db, reloaded.id, ["contact"])).filter((person) => person.unitId === ganzhou);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ name: "王五", mobile: "13800000009", openId: null });
  });
});
