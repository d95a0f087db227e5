// Seen events are kept while the platform may still deliver an event again, then forgotten: a webhook
// event is retried for about seven hours (§4.4) and a card click is never redelivered, so a week is a
// wide margin. Without this the table grows with every message and click (an outside probe found it
// at 94% of the database). One job a day, keyed by the day, so two instances prune once.
import type { Db } from "../platform/db/client.ts";
import { pruneSeenEvents } from "../store/event-repo.ts";
import type { JobQueue } from "./queue.ts";
import type { JobContext, JobPlanner } from "./runner.ts";

export const SEEN_EVENTS_KEPT_DAYS = 7;
export const JOB_PRUNE_SEEN_EVENTS = "jobs.prune-seen-events";

const DAY_MS = 24 * 60 * 60 * 1000;

export function pruneSeenEventsPlanner(deps: { readonly jobs: JobQueue; readonly workspaceId: () => Promise<string> }): JobPlanner {
  return async (now) => {
    const day = now.toISOString().slice(0, 10);
    await deps.jobs.enqueue({ workspaceId: await deps.workspaceId(), kind: JOB_PRUNE_SEEN_EVENTS, key: `prune-seen-events:${day}`, payload: {}, runAt: now });
  };
}

export function pruneSeenEventsJob(deps: { readonly db: Db }) {
  return async ({ now, log }: JobContext): Promise<void> => {
    const removed = await pruneSeenEvents(deps.db, new Date(now.getTime() - SEEN_EVENTS_KEPT_DAYS * DAY_MS));
    log.info({ removed }, "seen events pruned");
  };
}
