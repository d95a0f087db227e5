// Collecting figures: 开始填报 and the fan-out when a period opens, the form card, its submission and
// receipt, and 我的.
import type { Router } from "../../bot/router.ts";
import type { JobRunner } from "../../jobs/runner.ts";
import { ACTIONS } from "../../bot/actions.ts";
import { editButton, submitButton } from "./submit-figures.ts";
import { sendMine } from "./mine.ts";
import { registerOpenCommand } from "./open-command.ts";
import { JOB_SEND_FORM, JOB_SEND_FORMS, sendFormJob, sendFormsJob, type CollectDeps } from "./open-period.ts";

export function registerCollect(router: Router, runner: JobRunner, deps: CollectDeps): void {
  router.cardAction(ACTIONS.submitFigures, submitButton);
  router.cardAction(ACTIONS.editFigures, editButton);
  router.command({ names: ["我的", "mine", "填报"], audience: "member", usage: "我的", summary: "重新获取本单位本月的填报卡片", handler: (ctx) => sendMine(ctx) });
  registerOpenCommand(router);
  runner.register(JOB_SEND_FORMS, sendFormsJob(deps));
  runner.register(JOB_SEND_FORM, sendFormJob(deps));
}
