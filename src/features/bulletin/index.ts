// The bulletin: drafting (通报) with the admin's preview, the office's own text edited from it,
// publishing (发布, the command and the preview's button) to the leadership chats, corrections (更正),
// and 导出 (the period's workbook for the admin).
import type { Router } from "../../bot/router.ts";
import type { JobRunner } from "../../jobs/runner.ts";
import { ACTIONS } from "../../bot/actions.ts";
import { JOB_PUBLISH_REQUEST, publishButton, publishRequestJob } from "./publish-bulletin.ts";
import { cancelTextButton, editTextButton, saveTextButton } from "./edit-narrative.ts";
import { JOB_DRAFT, draftJob } from "./draft-bulletin.ts";
import { registerBulletinCommand } from "./draft-command.ts";
import { registerPublishCommand } from "./publish-command.ts";
import { registerExportCommand } from "./export-command.ts";
import type { BotDeps } from "../../bot/context.ts";
import { JOB_PUBLISH, JOB_SEND_PREVIEW, publishJob, sendPreviewJob } from "./send-bulletin.ts";

export function registerBulletin(router: Router, runner: JobRunner, deps: BotDeps): void {
  registerBulletinCommand(router);
  registerPublishCommand(router);
  registerExportCommand(router, runner, deps);
  router.cardAction(ACTIONS.publishBulletin, publishButton);
  router.cardAction(ACTIONS.editNarrative, editTextButton);
  router.cardAction(ACTIONS.saveNarrative, saveTextButton);
  router.cardAction(ACTIONS.cancelNarrative, cancelTextButton);
  runner.register(JOB_DRAFT, draftJob(deps));
  runner.register(JOB_SEND_PREVIEW, sendPreviewJob(deps));
  runner.register(JOB_PUBLISH, publishJob(deps));
  runner.register(JOB_PUBLISH_REQUEST, publishRequestJob(deps));
}
