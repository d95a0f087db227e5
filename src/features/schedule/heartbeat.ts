// node-cron is only the heartbeat: every few seconds it asks the runner to run what is due. The jobs
// are rows in the database, so a beat in every instance is fine (each job is claimed by one).
import cron from "node-cron";
import type { JobRunner } from "../../jobs/runner.ts";
import type { Logger } from "../../platform/logger.ts";
import type { Clock } from "../../platform/time.ts";

export function startHeartbeat(runner: JobRunner, options: { clock: Clock; seconds: number; log: Logger }): () => void {
  const task = cron.schedule(`*/${options.seconds} * * * * *`, () => {
    // The clock lets a long fan-out claim each batch at the current time (fresh leases).
    runner.runDue(options.clock.now(), () => options.clock.now()).catch((error: unknown) => options.log.error({ err: error }, "heartbeat run failed"));
  });
  return () => {
    void task.stop();
  };
}
