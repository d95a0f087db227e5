// Runs due jobs. node-cron (in main.ts) is only the heartbeat that calls runDue; tests call runDue
// with a fixed `now`. A job's handler gets its payload and `now`, and must be safe to run again
// (a lease can expire mid-run): every side effect it has goes through a claim of its own (the outbox).
import type { Logger } from "../platform/logger.ts";
import { PlatformError } from "../platform/lark/messenger.ts";
import { refusalHint } from "../platform/lark/refusal-hint.ts";
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
  /** what to change, when the platform refused (refusal-hint.ts) */
  readonly hint: string | null;
}

/** Work done before each run: e.g. the schedule making sure this month's jobs exist. */
export type JobPlanner = (now: Date) => Promise<void>;

export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly planners: JobPlanner[] = [];
  private running: Promise<number> | null = null;

  constructor(
    private readonly queue: JobQueue,
    private readonly workerId: string,
    private readonly log: Logger,
    /** called once when a job has used its last try (the admins are told) */
    private readonly onGiveUp?: (report: JobFailureReport, now: Date) => Promise<void>,
    private concurrency = 4,
  ) {}

  /**
   * Fan-out jobs spend their time waiting on the platform, so a feature that fans out may ask for
   * more lanes (16 keep 50 sends/s with 300 ms round trips). Never lowers what another asked for.
   */
  allowConcurrency(lanes: number): this {
    this.concurrency = Math.max(this.concurrency, lanes);
    return this;
  }

  addPlanner(planner: JobPlanner): this {
    this.planners.push(planner);
    return this;
  }

  register(kind: string, handler: JobHandler): this {
    if (this.handlers.has(kind)) throw new Error(`job kind “${kind}” is registered twice`);
    this.handlers.set(kind, handler);
    return this;
  }

  /**
   * Runs every job due at `now`, batch after batch, until none is left. Overlapping calls share one
   * run (the heartbeat may fire while a long fan-out is still going).
   */
  runDue(now: Date, clock?: () => Date): Promise<number> {
    if (this.running) return this.running;
    this.running = this.drain(now, clock).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * With a clock (the heartbeat), each batch is claimed at the clock's time, so a long fan-out's later
   * leases are not already expired when taken; tests pass a fixed `now` only.
   */
  private async drain(start: Date, clock?: () => Date): Promise<number> {
    for (const planner of this.planners) {
      try {
        await planner(start);
      } catch (error) {
        // Planning is retried on the next beat; the jobs already planned still run.
        this.log.error({ err: error }, "planning failed");
      }
    }
    let done = 0;
    for (;;) {
      const now = clock ? new Date(Math.max(start.getTime(), clock().getTime())) : start;
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
      // A rate limit says when to come back (x-ogw-ratelimit-reset) and costs no try: a fan-out at the
      // platform's limit must not give up on the messages that had to wait. Other failures back off.
      if (error instanceof PlatformError && error.isRateLimit) {
        await this.queue.defer(job, new Date(now.getTime() + Math.max(1, error.retryAfterSeconds ?? 1) * 1000));
        log.info({ err: message }, "rate limited: deferred");
        return;
      }
      const retryAt = error instanceof PlatformError && error.retryAfterSeconds !== null ? new Date(now.getTime() + error.retryAfterSeconds * 1000) : undefined;
      const permanent = error instanceof PlatformError && !error.isRetryable;
      const state = permanent ? await this.queue.fail({ ...job, attempts: job.maxAttempts }, message, now) : await this.queue.fail(job, message, now, retryAt);
      log.warn({ err: message, state }, "job failed");
      if (state === "failed" && this.onGiveUp) await this.onGiveUp({ job, error: message, hint: error instanceof PlatformError ? refusalHint(error) : null }, now);
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
