import { z } from "zod";

// Fault injection for reliability tests (brief §3; §10 "Inject on demand: 99991400/429, 230020/400,
// 230002/400, 99991663"). A rule matches one API by its route pattern (`/open-apis/im/v1/messages/:message_id`)
// or a concrete path, optionally one method, and fires for the next `times` calls.

export const faultSchema = z.discriminatedUnion("kind", [
  /** A gateway failure: the status with a plain body, e.g. 502 or 503. */
  z.object({ kind: z.literal("status"), status: z.number().int().min(400).max(599), body: z.string().optional() }),
  /** A platform error code, e.g. 230020 with HTTP 400, or 99991400 with HTTP 429 (then with x-ogw-* headers). */
  z.object({
    kind: z.literal("error"),
    code: z.number().int(),
    httpStatus: z.number().int().min(200).max(599).optional(),
    msg: z.string().optional(),
  }),
  /** The request is held without an answer for `holdMs` (default: until the stand-in closes), then dropped. */
  z.object({ kind: z.literal("timeout"), holdMs: z.number().int().positive().optional() }),
]);

export const faultRuleSchema = z.object({
  path: z.string().min(1),
  method: z.string().optional(),
  /** How many matching calls fail; "always" until cleared. */
  times: z.union([z.number().int().positive(), z.literal("always")]).default(1),
  fault: faultSchema,
});

export type Fault = z.infer<typeof faultSchema>;
export type FaultRule = z.input<typeof faultRuleSchema>;

export class FaultInjector {
  private rules: z.infer<typeof faultRuleSchema>[] = [];

  inject(rule: FaultRule): void {
    this.rules.push(faultRuleSchema.parse(rule));
  }

  clear(): void {
    this.rules = [];
  }

  pending(): readonly z.infer<typeof faultRuleSchema>[] {
    return this.rules;
  }

  /** The fault for this call, if a rule matches; counts the call against the rule. */
  take(method: string, pattern: string, path: string): Fault | undefined {
    const rule = this.rules.find(
      (r) =>
        (r.path === pattern || r.path === path || r.path === "*") &&
        (r.method === undefined || r.method.toUpperCase() === method.toUpperCase()),
    );
    if (!rule) return undefined;
    if (rule.times !== "always") {
      rule.times -= 1;
      if (rule.times <= 0) this.rules = this.rules.filter((r) => r !== rule);
    }
    return rule.fault;
  }
}
