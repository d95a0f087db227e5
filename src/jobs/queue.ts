// Durable jobs: rows with a kind, an idempotency key, a due time and a state. Any instance may run a
// due job, but only after claiming it (updateMany … where state = due; count 0 means another took it),
// and a claim is a lease: a job whose runner died becomes due again when the lease runs out.
import { z } from "zod";
import type { Db } from "../platform/db/client.ts";
import { isUniqueViolation } from "../store/event-repo.ts";
import { toJson } from "../store/json.ts";

export interface JobRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly kind: string;
  readonly key: string;
  readonly payload: Record<string, unknown>;
  readonly runAt: Date;
  readonly attempts: number;
  readonly maxAttempts: number;
}

export interface EnqueueRequest {
  readonly workspaceId: string;
  readonly kind: string;
  /** the same key is the same job: enqueuing it again changes nothing */
  readonly key: string;
  readonly payload: Record<string, unknown>;
  readonly runAt: Date;
  readonly maxAttempts?: number;
}

export interface JobQueue {
  /** Adds the job unless one with its key exists; returns whether it was added. */
  enqueue(request: EnqueueRequest): Promise<boolean>;
  /** Adds the jobs whose keys do not exist yet, in a few statements; returns how many were added. */
  enqueueMany(requests: readonly EnqueueRequest[]): Promise<number>;
  /** Claims up to `limit` due jobs for `workerId` until `now + leaseMs`. */
  claimDue(now: Date, workerId: string, limit: number, leaseMs?: number): Promise<JobRecord[]>;
  complete(job: JobRecord): Promise<void>;
  /** Retries later with backoff, or marks the job failed after its last try; returns the new state. */
  fail(job: JobRecord, error: string, now: Date, retryAt?: Date): Promise<"due" | "failed">;
  /** Puts a running job back to due at `runAt` without spending a try (the platform said "later"). */
  defer(job: JobRecord, runAt: Date): Promise<void>;
  /** Cancels the due jobs whose key starts with the prefix (a reminder made moot). */
  cancel(keyPrefix: string): Promise<number>;
  /** Moves a due job to a new time (the deadline moved). */
  reschedule(key: string, runAt: Date): Promise<boolean>;
}

const payloadSchema = z.record(z.string(), z.unknown());
const DEFAULT_LEASE_MS = 60_000;

/** 30 s, 2 min, 8 min, 32 min … capped at 2 h. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 4 ** Math.max(0, attempts - 1), 2 * 60 * 60_000);
}

export function createJobQueue(db: Db): JobQueue {
  return {
    async enqueue(request) {
      try {
        await db.job.create({
          data: {
            workspaceId: request.workspaceId,
            kind: request.kind,
            key: request.key,
            payload: toJson(request.payload),
            runAt: request.runAt,
            maxAttempts: request.maxAttempts ?? 5,
          },
        });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    async enqueueMany(requests) {
      let added = 0;
      for (let i = 0; i < requests.length; i += 200) {
        const chunk = requests.slice(i, i + 200);
        const existing = new Set((await db.job.findMany({ where: { key: { in: chunk.map((request) => request.key) } }, select: { key: true } })).map((row) => row.key));
        const fresh = chunk.filter((request) => !existing.has(request.key));
        if (fresh.length === 0) continue;
        try {
          const { count } = await db.job.createMany({
            data: fresh.map((request) => ({ workspaceId: request.workspaceId, kind: request.kind, key: request.key, payload: toJson(request.payload), runAt: request.runAt, maxAttempts: request.maxAttempts ?? 5 })),
          });
          added += count;
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          // Another instance enqueued some of them meanwhile: one by one, each idempotent.
          for (const request of fresh) if (await this.enqueue(request)) added++;
        }
      }
      return added;
    },

    async claimDue(now, workerId, limit, leaseMs = DEFAULT_LEASE_MS) {
      const candidates = await db.job.findMany({
        where: { OR: [{ state: "due", runAt: { lte: now } }, { state: "running", leaseUntil: { lt: now } }] },
        orderBy: { runAt: "asc" },
        take: limit * 2,
      });
      const claimed: JobRecord[] = [];
      for (const job of candidates) {
        if (claimed.length >= limit) break;
        // The claim: only one instance's update matches the state and attempt count it read.
        const { count } = await db.job.updateMany({
          where: { id: job.id, state: job.state, attempts: job.attempts },
          data: { state: "running", attempts: job.attempts + 1, leaseUntil: new Date(now.getTime() + leaseMs), leasedBy: workerId },
        });
        if (count === 1) {
          claimed.push({ id: job.id, workspaceId: job.workspaceId, kind: job.kind, key: job.key, payload: payloadSchema.parse(job.payload), runAt: job.runAt, attempts: job.attempts + 1, maxAttempts: job.maxAttempts });
        }
      }
      return claimed;
    },

    async complete(job) {
      await db.job.updateMany({ where: { id: job.id, state: "running" }, data: { state: "done", leaseUntil: null, lastError: null } });
    },

    async fail(job, error, now, retryAt) {
      const state = job.attempts >= job.maxAttempts ? "failed" : "due";
      await db.job.updateMany({
        where: { id: job.id, state: "running" },
        data: { state, leaseUntil: null, lastError: error.slice(0, 2000), runAt: state === "due" ? (retryAt ?? new Date(now.getTime() + backoffMs(job.attempts))) : job.runAt },
      });
      return state;
    },

    async defer(job, runAt) {
      await db.job.updateMany({ where: { id: job.id, state: "running" }, data: { state: "due", leaseUntil: null, runAt, attempts: Math.max(0, job.attempts - 1) } });
    },

    async cancel(keyPrefix) {
      const { count } = await db.job.updateMany({ where: { key: { startsWith: keyPrefix }, state: "due" }, data: { state: "cancelled" } });
      return count;
    },

    async reschedule(key, runAt) {
      const { count } = await db.job.updateMany({ where: { key, state: "due" }, data: { runAt } });
      return count === 1;
    },
  };
}
