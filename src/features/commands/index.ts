// Admin chat commands. Each command lives in its own file and registers here.
import type { Router } from "../../bot/router.ts";
import type { JobRunner } from "../../jobs/runner.ts";
import type { BotDeps } from "../../bot/context.ts";
import { registerOpenCommand } from "./open.ts";

export function registerCommands(router: Router, runner: JobRunner, deps: BotDeps): void {
  registerOpenCommand(router);
  void runner;
  void deps;
}
