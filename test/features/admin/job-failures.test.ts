// A job that has used its last try is reported to each admin once, privately, in the workspace's own
// time and, when the platform refused, with what to change where (the hint doctor gives).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../../src/app.ts";
import { createJobQueue } from "../../../src/jobs/queue.ts";
import { PlatformError } from "../../../src/platform/lark/messenger.ts";
import { silentLogger } from "../../../src/platform/logger.ts";
import { fixedClock } from "../../../src/platform/time.ts";
import { setOpenId } from "../../../src/store/people-repo.ts";
import { WorkspaceSnapshots } from "../../../src/store/workspace-snapshot.ts";
import { createTestDatabase, type TestDatabase } from "../../support/database.ts";
import { importWorkspaceText, twoUnitWorkspace } from "../../support/import-text.ts";
import { createRecordingMessenger, type RecordingMessenger } from "../../support/recording-messenger.ts";

const ADMIN = "ou_alert_admin";

describe("job failure alerts", () => {
  let database: TestDatabase;
  let messenger: RecordingMessenger;
  let app: App;
  let workspaceId: string;
  const clock = fixedClock("2024-01-02T01:00:00Z");

  beforeAll(async () => {
    database = await createTestDatabase();
    const workspace = await importWorkspaceText(database.db, twoUnitWorkspace("alerts"));
    workspaceId = workspace.id;
    const admin = await database.db.person.findFirstOrThrow({ where: { workspaceId, role: "admin" } });
    await setOpenId(database.db, admin.id, ADMIN);
    messenger = createRecordingMessenger();
    const deps = { db: database.db, messenger, jobs: createJobQueue(database.db), snapshots: new WorkspaceSnapshots(database.db), log: silentLogger(), now: () => clock.now(), workspaceKey: "alerts", appId: "cli_alerts0000000001", botOpenId: null };
    app = createApp(deps, { workerId: "alerts" });
    app.runner
      .register("test.refused", async () => {
        throw new PlatformError(230013, "Bot has NO availability to this user.", 400);
      })
      .register("test.broken", async () => {
        throw new Error("disk full");
      });
  });
  afterAll(() => database.destroy());

  it("tells the admin once, with the platform's refusal turned into what to change, in local time", async () => {
    await app.deps.jobs.enqueue({ workspaceId, kind: "test.refused", key: "test:refused", payload: {}, runAt: clock.now() });
    await app.runner.runDue(clock.now());
    await app.runner.runDue(new Date(clock.now().getTime() + 60 * 60_000));
    const texts = messenger.sent().filter((call) => call.to.id === ADMIN).flatMap((call) => (call.message.msgType === "text" ? [call.message.text] : []));
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain("任务：test.refused（test:refused）");
    expect(texts[0]).toContain("处理办法：对方不在应用的可用范围内（230013）：请在开发者后台 → 版本管理与发布 → 可用范围");
    expect(texts[0]).toContain("时间：1月2日 09:00");
  });

  it("gives no hint where the platform did not refuse, after the last try only", async () => {
    messenger.clear();
    await app.deps.jobs.enqueue({ workspaceId, kind: "test.broken", key: "test:broken", payload: {}, runAt: clock.now(), maxAttempts: 2 });
    await app.runner.runDue(clock.now());
    expect(messenger.sent()).toHaveLength(0);
    await app.runner.runDue(new Date(clock.now().getTime() + 60 * 60_000));
    const texts = messenger.sentTexts();
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain("原因：disk full");
    expect(texts[0]).not.toContain("处理办法");
  });
});
