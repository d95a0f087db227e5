// A job that has used its last try is reported to the admins in a private message, once.
import { currentWorkspace, type BotDeps } from "../../bot/context.ts";
import { formatLocal } from "../../platform/time.ts";
import type { JobFailureReport } from "../../jobs/runner.ts";
import { listPeople } from "../../store/people-repo.ts";
import { deliver } from "../../bot/deliver.ts";

export async function reportJobFailure(deps: BotDeps, report: JobFailureReport, now: Date): Promise<void> {
  const admins = (await listPeople(deps.db, report.job.workspaceId, ["admin"])).filter((person) => person.openId);
  const timezone = (await currentWorkspace(deps)).model.timezone;
  const text = [
    "【机器人告警】后台任务多次重试后仍失败，请检查：",
    `任务：${report.job.kind}（${report.job.key}）`,
    `原因：${report.error.slice(0, 300)}`,
    ...(report.hint ? [`处理办法：${report.hint}`] : []),
    `时间：${formatLocal(now, timezone)}`,
  ].join("\n");
  for (const admin of admins) {
    await deliver(deps, { workspaceId: report.job.workspaceId, key: `job-failed:${report.job.id}:${admin.id}`, purpose: "alert", to: { type: "open_id", id: admin.openId! }, message: { msgType: "text", text } }).catch((error: unknown) => {
      deps.log.error({ err: error, job: report.job.key }, "could not tell an admin about a failed job");
    });
  }
}
