// After the deadline the admins are told the month's figures are in and the bulletin can be drafted.
// Drafting itself is the admin's 通报 (src/features/bulletin), which compiles and sends the preview:
// the notice says how many units reported and who is late, and points to it.
import { periodLabelOf } from "../../bot/args.ts";
import { currentWorkspace } from "../../bot/context.ts";
import { z } from "zod";
import type { JobContext } from "../../jobs/runner.ts";
import { listPeople } from "../../store/people-repo.ts";
import { deliver } from "../../bot/deliver.ts";
import { lateUnits } from "./ladder.ts";
import { loadPeriodContext, type ScheduleDeps } from "./context.ts";

const payload = z.object({ periodId: z.string() });

export function draftNoticeJob(deps: ScheduleDeps) {
  return async ({ job }: JobContext) => {
    const { periodId } = payload.parse(job.payload);
    const ctx = await loadPeriodContext(deps, periodId);
    if (!ctx) return;
    const workspace = await currentWorkspace(deps);
    const late = await lateUnits(deps, workspace, ctx.record);
    const total = workspace.model.units.length;
    const lines = [
      `本月数据已截止，可发送“通报”生成通报预览。`,
      `${periodLabelOf(ctx.record)}：${total - late.length}/${total}个单位已报送${late.length > 0 ? `，未报送：${late.slice(0, 20).map((unit) => unit.name).join("、")}${late.length > 20 ? `等${late.length}个单位` : ""}` : "，全部按时报送"}。`,
      "发送“进度”可查看各单位报送情况和情况说明。",
    ];
    const admins = (await listPeople(deps.db, workspace.id, ["admin"])).filter((person) => person.openId);
    for (const admin of admins) {
      await deliver(deps, {
        workspaceId: workspace.id,
        key: `draft-notice:${workspace.id}:${ctx.record.key}:${admin.id}`,
        purpose: "draft-notice",
        to: { type: "open_id", id: admin.openId! },
        message: { msgType: "text", text: lines.join("\n") },
        periodKey: ctx.record.key,
      });
    }
  };
}
