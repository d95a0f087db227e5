// Opening a period: the period becomes open and every unit's contact gets its form card. The fan-out
// is durable: one job per unit (key form:<period>:<unit>), each sending through the outbox, so a crash
// half-way resumes where it stopped and nobody gets two cards.
import type { WorkspaceSnapshots } from "../../store/workspace-snapshot.ts";
import { currentWorkspace } from "../../bot/context.ts";
import type { Db } from "../../platform/db/client.ts";
import type { Messenger } from "../../platform/lark/messenger.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import type { JobContext } from "../../jobs/runner.ts";
import { parsePeriod, periodKey, type Period } from "../../domain/period.ts";
import { findPeriod, openPeriodRecord, type PeriodRecord } from "../../store/period-repo.ts";
import { listPeople } from "../../store/people-repo.ts";
import { type StoredWorkspace } from "../../store/workspace-repo.ts";
import { deliver } from "../../bot/deliver.ts";
import { PURPOSE_FORM, buildFormCard } from "./form-card.ts";
import { formInput } from "./submit-figures.ts";
import { loadUnitForm } from "./unit-form.ts";
import { z } from "zod";

export interface CollectDeps {
  readonly db: Db;
  readonly messenger: Messenger;
  readonly jobs: JobQueue;
  readonly now: () => Date;
  readonly workspaceKey: string;
  readonly snapshots: WorkspaceSnapshots;
}

export const JOB_SEND_FORMS = "collect.send-forms";
export const JOB_SEND_FORM = "collect.send-form";

export interface OpenResult {
  readonly record: PeriodRecord;
  readonly opened: boolean;
  /** units without a contact bound to a Feishu account: they get no card */
  readonly unitsWithoutContact: readonly string[];
}

export async function openPeriod(deps: CollectDeps, workspace: StoredWorkspace, period: Period, deadline: Date | null): Promise<OpenResult> {
  const now = deps.now();
  const { record, opened } = await openPeriodRecord(deps.db, workspace.id, period, now, deadline);
  await deps.jobs.enqueue({ workspaceId: workspace.id, kind: JOB_SEND_FORMS, key: `open:${workspace.id}:${record.key}`, payload: { period: record.key }, runAt: now });
  const contacts = await listPeople(deps.db, workspace.id, ["contact", "deputy"]);
  const covered = new Set(contacts.filter((person) => person.openId && person.unitId).map((person) => person.unitId));
  const unitsWithoutContact = workspace.model.units.map((unit) => unit.name).filter((name) => !covered.has(workspace.unitIds.get(name)!));
  return { record, opened, unitsWithoutContact };
}

const periodPayload = z.object({ period: z.string() });
const unitPayload = z.object({ period: z.string(), unitId: z.string() });

/** collect.send-forms: one send-form job per unit. */
export function sendFormsJob(deps: CollectDeps) {
  return async ({ job, now }: JobContext) => {
    const { period } = periodPayload.parse(job.payload);
    const workspace = await currentWorkspace(deps);
    for (const unit of workspace.model.units) {
      const unitId = workspace.unitIds.get(unit.name)!;
      await deps.jobs.enqueue({ workspaceId: workspace.id, kind: JOB_SEND_FORM, key: `form:${workspace.id}:${period}:${unitId}`, payload: { period, unitId }, runAt: now });
    }
  };
}

/** collect.send-form: the unit's form card to its contact (and deputy). */
export function sendFormJob(deps: CollectDeps) {
  return async ({ job }: JobContext) => {
    const { period, unitId } = unitPayload.parse(job.payload);
    const snapshot = await deps.snapshots.load(deps.workspaceKey);
    const { workspace } = snapshot;
    const record = await findPeriod(deps.db, workspace.id, parsePeriod(period));
    if (!record || record.state !== "open") return;
    const people = (await listPeople(deps.db, workspace.id, ["contact", "deputy"])).filter((person) => person.unitId === unitId && person.openId);
    if (people.length === 0) return;
    const form = await loadUnitForm(deps.db, snapshot, record, unitId);
    const card = buildFormCard(formInput(form, record, workspace.model.timezone));
    for (const person of people) {
      await deliver(deps, {
        workspaceId: workspace.id,
        key: `form:${workspace.id}:${periodKey(record.period)}:${unitId}:${person.id}`,
        purpose: PURPOSE_FORM,
        to: { type: "open_id", id: person.openId! },
        message: { msgType: "interactive", card },
        periodKey: record.key,
        unitId,
      });
    }
  };
}
