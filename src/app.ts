// Builds the bot from its parts: the routing table, the job runner and every feature. main.ts calls it
// with real dependencies; the end-to-end tests call it with the platform stand-in and a fixed clock.
import { createBot, type Bot } from "./bot/bot.ts";
import type { BotDeps } from "./bot/context.ts";
import { Router } from "./bot/router.ts";
import { JobRunner } from "./jobs/runner.ts";
import { registerCollect } from "./features/collect/index.ts";
import { answerUnknown, registerHelp } from "./features/help/help.ts";
import { registerAdmin } from "./features/admin/index.ts";
import { registerBulletin } from "./features/bulletin/index.ts";
import { reportJobFailure } from "./features/admin/job-failures.ts";
import { registerChase } from "./features/chase/index.ts";
import { JOB_PRUNE_SEEN_EVENTS, pruneSeenEventsJob, pruneSeenEventsPlanner } from "./jobs/prune-seen-events.ts";
import { currentWorkspace } from "./bot/context.ts";

export interface App {
  readonly bot: Bot;
  readonly runner: JobRunner;
  readonly router: Router;
  readonly deps: BotDeps;
}

export function createApp(deps: BotDeps, options: { workerId: string }): App {
  const router = new Router();
  const runner = new JobRunner(deps.jobs, options.workerId, deps.log, (report, now) => reportJobFailure(deps, report, now));
  registerHelp(router);
  registerCollect(router, runner, deps);
  registerChase(router, runner, deps);
  registerBulletin(router, runner, deps);
  registerAdmin(router);
  runner
    .register(JOB_PRUNE_SEEN_EVENTS, pruneSeenEventsJob(deps))
    .addPlanner(pruneSeenEventsPlanner({ jobs: deps.jobs, workspaceId: async () => (await currentWorkspace(deps)).id }));
  const bot = createBot(deps, router, { fallback: (ctx, name) => answerUnknown(router, ctx, name) });
  return { bot, runner, router, deps };
}
