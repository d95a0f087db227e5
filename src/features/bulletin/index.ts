// The bulletin: drafting (通报) with the admin's preview, the office's own text edited from it,
// publishing (发布) to the leadership chats, and corrections (更正). The commands live in src/features/commands; the button and the jobs register here.
import type { Router } from "../../bot/router.ts";
import type { JobRunner } from "../../jobs/runner.ts";
import { ACTIONS } from "../../bot/actions.ts";
import { publishFromCard } from "./publish-bulletin.ts";
import { cancelNarrativeFromCard, editNarrativeFromCard, JOB_REDRAFT, redraftJob, saveNarrativeFromCard } from "./edit-narrative.ts";
import { JOB_PUBLISH, JOB_SEND_PREVIEW, publishJob, sendPreviewJob, type SendDeps } from "./send-bulletin.ts";

export function registerBulletin(router: Router, runner: JobRunner, deps: SendDeps): void {
  router.cardAction(ACTIONS.publishBulletin, publishFromCard);
  router.cardAction(ACTIONS.editNarrative, editNarrativeFromCard);
  router.cardAction(ACTIONS.saveNarrative, saveNarrativeFromCard);
  router.cardAction(ACTIONS.cancelNarrative, cancelNarrativeFromCard);
  runner.register(JOB_REDRAFT, redraftJob(deps));
  runner.register(JOB_SEND_PREVIEW, sendPreviewJob(deps));
  runner.register(JOB_PUBLISH, publishJob(deps));
}

export { draftBulletin } from "./draft-bulletin.ts";
export { publishBulletin, versionLabel } from "./publish-bulletin.ts";
