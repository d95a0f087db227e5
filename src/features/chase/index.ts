// The month runs itself: opening, reminders, chasing and escalation, 督办 cards and the admins' draft
// notice, as durable jobs planned from the workspace's `schedule:` settings; plus the admin commands
// 进度 (the reporting board), 截止, 催报, 暂停, 恢复 and the 督办 card's answer.
import type { Router } from "../../bot/router.ts";
import type { JobRunner } from "../../jobs/runner.ts";
import { ACTIONS } from "../../bot/actions.ts";
import { JOB_CHASE_NOW, JOB_DRAFT, JOB_LAGGING, JOB_LAGGING_RECHECK, JOB_LAGGING_UNIT, JOB_OPEN, JOB_PLAN, JOB_STEP, JOB_STEP_UNIT, type ScheduleDeps } from "./context.ts";
import { JOB_CHASE_NOW_UNIT, chaseNowJob, chaseNowUnitJob, stepJob, stepUnitJob } from "./ladder.ts";
import { explainButton, laggingJob, laggingRecheckJob, laggingUnitJob } from "./lagging.ts";
import { draftNoticeJob } from "./draft-notice.ts";
import { openJob, planJob, schedulePlanner } from "./plan.ts";
import { registerScheduleCommands } from "./commands.ts";
import { registerStatusCommand } from "./status.ts";

/**
 * Lanes the composition root may give the runner (runner.allowConcurrency) once the messenger keeps to
 * the platform's limits (withRateLimits): fan-out jobs mostly wait on the platform. Not raised here:
 * without the limiter, more lanes only meet more 429s (5/s to one receiver).
 */
export const FANOUT_CONCURRENCY = 16;

export function registerChase(router: Router, runner: JobRunner, deps: ScheduleDeps): void {
  registerStatusCommand(router);
  registerScheduleCommands(router, deps);
  router.cardAction(ACTIONS.explainFinding, explainButton);
  runner
    .register(JOB_OPEN, openJob(deps))
    .register(JOB_PLAN, planJob(deps))
    .register(JOB_STEP, stepJob(deps))
    .register(JOB_STEP_UNIT, stepUnitJob(deps))
    .register(JOB_CHASE_NOW, chaseNowJob(deps))
    .register(JOB_CHASE_NOW_UNIT, chaseNowUnitJob(deps))
    .register(JOB_LAGGING, laggingJob(deps))
    .register(JOB_LAGGING_UNIT, laggingUnitJob(deps))
    .register(JOB_LAGGING_RECHECK, laggingRecheckJob(deps))
    .register(JOB_DRAFT, draftNoticeJob(deps))
    .addPlanner(schedulePlanner(deps));
}
