// `npm start` with no Feishu credentials: the platform stand-in in this process, loaded with the demo
// province's people and groups, so the whole month can be played on one machine.
import type { Db } from "./platform/db/client.ts";
import type { Logger } from "./platform/logger.ts";
import { startPlatform, type Platform } from "./sandbox/index.ts";
import { DEMO_FIGURES_FILE, DEMO_WORKSPACE_FILE } from "./demo/files.ts";
import { importFiguresFile, importWorkspaceFile } from "./features/setup/import-files.ts";
import { loadWorkspace } from "./store/workspace-repo.ts";
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
  const summary = await importWorkspaceFile(db, DEMO_WORKSPACE_FILE);
  const workspace = await loadWorkspace(db, summary.workspaceKey);
  const figures = await importFiguresFile(db, workspace, DEMO_FIGURES_FILE, now);
  log.info({ workspace: summary.workspaceKey, revisions: figures.revisions }, "demo province loaded");
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
