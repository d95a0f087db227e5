// Runs due jobs. node-cron (in main.ts) is only the heartbeat that calls runDue; tests call runDue
// with a fixed `now`. A job's handler gets its payload and `now`, and must be safe to run again
// (a lease can expire mid-run): every side effect it has goes through a claim of its own (the outbox).
import type { Logger } from "../platform/logger.ts";
import { PlatformError } from "../platform/lark/messenger.ts";
import type { JobQueue, JobRecord } from "./queue.ts";

export interface JobContext {
  readonly job: JobRecord;
  readonly now: Date;
  readonly log: Logger;
}

export type JobHandler = (ctx: JobContext) => Promise<void>;

export interface JobFailureReport {
  readonly job: JobRecord;
  readonly error: string;
}

export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private running: Promise<number> | null = null;

  constructor(
    private readonly queue: JobQueue,
    private readonly workerId: string,
    private readonly log: Logger,
    /** called once when a job has used its last try (the admins are told) */
    private readonly onGiveUp?: (report: JobFailureReport, now: Date) => Promise<void>,
    private readonly concurrency = 4,
  ) {}

  register(kind: string, handler: JobHandler): this {
    if (this.handlers.has(kind)) throw new Error(`job kind “${kind}” is registered twice`);
    this.handlers.set(kind, handler);
    return this;
  }

  /**
   * Runs every job due at `now`, batch after batch, until none is left. Overlapping calls share one
   * run (the heartbeat may fire while a long fan-out is still going).
   */
  runDue(now: Date): Promise<number> {
    if (this.running) return this.running;
    this.running = this.drain(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async drain(now: Date): Promise<number> {
    let done = 0;
    for (;;) {
      const jobs = await this.queue.claimDue(now, this.workerId, this.concurrency * 4);
      if (jobs.length === 0) return done;
      await runPool(jobs, this.concurrency, (job) => this.runOne(job, now));
      done += jobs.length;
    }
  }

  private async runOne(job: JobRecord, now: Date): Promise<void> {
    const handler = this.handlers.get(job.kind);
    const log = this.log.child({ job: job.key, kind: job.kind, attempt: job.attempts });
    if (!handler) {
      await this.queue.fail(job, `no handler for job kind ${job.kind}`, now);
      log.error("no handler for job kind");
      return;
    }
    try {
      await handler({ job, now, log });
      await this.queue.complete(job);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A rate limit says when to come back (x-ogw-ratelimit-reset); other failures back off.
      const retryAt = error instanceof PlatformError && error.retryAfterSeconds !== null ? new Date(now.getTime() + error.retryAfterSeconds * 1000) : undefined;
      const permanent = error instanceof PlatformError && !error.isRetryable;
      const state = permanent ? await this.queue.fail({ ...job, attempts: job.maxAttempts }, message, now) : await this.queue.fail(job, message, now, retryAt);
      log.warn({ err: message, state }, "job failed");
      if (state === "failed" && this.onGiveUp) await this.onGiveUp({ job, error: message }, now);
    }
  }
}

async function runPool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
