// Admin chat commands. Each command lives in its own file and registers here.
import type { Router } from "../../bot/router.ts";
import type { JobRunner } from "../../jobs/runner.ts";
import type { BotDeps } from "../../bot/context.ts";
import { registerBulletin } from "../bulletin/index.ts";
import { registerOpenCommand } from "./open.ts";
import { registerStatusCommand } from "./status.ts";
import { registerTargetCommand } from "./target.ts";
import { registerContactCommands } from "./contact.ts";
import { registerBulletinCommand } from "./bulletin.ts";
import { registerPublishCommand } from "./publish.ts";
import { registerLockCommands } from "./lock.ts";
import { registerExportCommand } from "./export.ts";
import { registerChatRoleCommands } from "./chat-role.ts";

export function registerCommands(router: Router, runner: JobRunner, deps: BotDeps): void {
  registerOpenCommand(router);
  registerStatusCommand(router);
  registerTargetCommand(router);
  registerContactCommands(router);
  registerBulletinCommand(router);
  registerPublishCommand(router);
  registerLockCommands(router);
  registerExportCommand(router, runner, deps);
  registerChatRoleCommands(router);
  // The preview's 发布 button and the jobs that send previews and published bulletins.
  registerBulletin(router, runner, deps);
}
