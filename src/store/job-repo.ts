// Read-only views of the job table for people: what is scheduled next. Claiming and running jobs
// stays in src/jobs/queue.ts.
import type { Db } from "../platform/db/client.ts";

export interface ScheduledJob {
  readonly kind: string;
  readonly key: string;
  readonly runAt: Date;
}

/** The earliest job of the workspace still waiting to run strictly after `after`. */
export async function findNextScheduledJob(db: Db, workspaceId: string, after: Date): Promise<ScheduledJob | null> {
  const row = await db.job.findFirst({
    where: { workspaceId, state: "due", runAt: { gt: after } },
    orderBy: [{ runAt: "asc" }, { key: "asc" }],
    select: { kind: true, key: true, runAt: true },
  });
  return row;
}

