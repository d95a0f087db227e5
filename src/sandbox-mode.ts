// `npm start` with no Feishu credentials: the platform stand-in in this process, loaded with the demo
// province's people and groups, so the whole month can be played on one machine.
import type { Db } from "./platform/db/client.ts";
import type { Logger } from "./platform/logger.ts";
import { startPlatform, type Platform } from "./sandbox/index.ts";
import { DEMO_FIGURES_FILE, DEMO_LAST_PERIOD, DEMO_WORKSPACE_FILE } from "./demo/files.ts";
import { findPeriod, setPeriodState } from "./store/period-repo.ts";
import { parsePeriod } from "./domain/period.ts";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { importFiguresFile } from "./features/admin/import-files.ts";
import { parseWorkspaceFile } from "./import/workspace-file.ts";
import { scheduleSettingsSchema } from "./domain/schedule-settings.ts";
import { loadWorkspace } from "./store/workspace-repo.ts";
import { saveWorkspaceFile } from "./store/workspace-import.ts";
import { listPeople } from "./store/people-repo.ts";
import { bindChat } from "./store/chat-repo.ts";

export const SANDBOX_APP_ID = "cli_5a4d0b0c0e0d0e00";
export const SANDBOX_APP_SECRET = "sandbox-secret";
export const SANDBOX_WORK_GROUP = "示范省保障房月报工作群";
export const SANDBOX_LEADERS_GROUP = "示范省住房保障领导群";

export interface Sandbox {
  readonly platform: Platform;
  readonly workspaceKey: string;
  /** chats bound once the bot's Feishu identity is known */
  bindGroups(db: Db): Promise<void>;
}

export async function startSandbox(db: Db, port: number, now: Date, log: Logger): Promise<Sandbox> {
  // The sandbox plays the month by itself (opening, reminders, chasing, 督办): the demo province runs
  // on the default schedule unless its file sets one. The page's 跳到下一个时间点 walks through it.
  const file = parseWorkspaceFile(await readFile(DEMO_WORKSPACE_FILE, "utf8"), basename(DEMO_WORKSPACE_FILE));
  const summary = await saveWorkspaceFile(db, file.schedule ? file : { ...file, schedule: scheduleSettingsSchema.parse({}) });
  const workspace = await loadWorkspace(db, summary.workspaceKey);
  // The demo's past months are history (their bulletins went out): locked, so the schedule does not
  // chase them again, and so a restart on the same database finds them loaded and skips the import.
  const lastMonth = await findPeriod(db, workspace.id, parsePeriod(DEMO_LAST_PERIOD));
  if (lastMonth?.state !== "locked") {
    const figures = await importFiguresFile(db, workspace, DEMO_FIGURES_FILE, now);
    for (const key of figures.periods) {
      const record = await findPeriod(db, workspace.id, parsePeriod(key));
      if (record && record.state !== "locked") await setPeriodState(db, record.id, "locked", now);
    }
    log.info({ workspace: summary.workspaceKey, revisions: figures.revisions }, "demo province loaded");
  }
  const people = await listPeople(db, workspace.id);
  const users = people.map((person) => ({ name: person.name, ...(person.mobile ? { mobile: person.mobile } : {}), ...(person.email ? { email: person.email } : {}) }));
  const admins = people.filter((person) => person.role === "admin").map((person) => person.name);
  const contacts = people.filter((person) => person.role === "contact" || person.role === "deputy").map((person) => person.name);
  const leaders = people.filter((person) => person.role === "leader").map((person) => person.name);
  const platform = await startPlatform({
    port,
    appId: SANDBOX_APP_ID,
    appSecret: SANDBOX_APP_SECRET,
    directory: {
      users,
      chats: [
        { name: SANDBOX_WORK_GROUP, members: [...admins, ...contacts] },
        { name: SANDBOX_LEADERS_GROUP, members: [...admins, ...leaders] },
      ],
    },
  });
  return {
    platform,
    workspaceKey: summary.workspaceKey,
    async bindGroups(database) {
      for (const chat of platform.chats()) {
        if (chat.name === SANDBOX_WORK_GROUP) await bindChat(database, workspace.id, "work", chat.chatId, chat.name);
        if (chat.name === SANDBOX_LEADERS_GROUP) await bindChat(database, workspace.id, "leaders", chat.chatId, chat.name);
      }
    },
  };
}
