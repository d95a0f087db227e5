import type { UserIdType } from "../directory.ts";
import { normalizeMobile } from "../directory.ts";
import { json, jsonBody, type Router } from "../http-kit.ts";
import { ErrorCode, badRequest } from "../platform-error.ts";
import type { PlatformState } from "../platform-state.ts";

// §8 batch_get_id: ids from mobiles and emails. The requested id type comes back in `user_id`.
// People outside the app's availability, and resigned people unless include_resigned, get an entry
// without `user_id` (UNCONFIRMED: the docs only say "no id returned"). At most 50 of each (UNCONFIRMED).

export function registerContactRoutes(router: Router, state: PlatformState): void {
  router.add("POST", "/open-apis/contact/v3/users/batch_get_id", (req) => {
    const body = jsonBody(req);
    const idType = (req.query.get("user_id_type") ?? "open_id") as UserIdType;
    if (!["open_id", "user_id", "union_id"].includes(idType)) throw badRequest(ErrorCode.fieldValidationFailed, "invalid user_id_type");
    const mobiles = stringList(body["mobiles"], "mobiles");
    const emails = stringList(body["emails"], "emails");
    const includeResigned = body["include_resigned"] === true;
    if (mobiles.length === 0 && emails.length === 0) throw badRequest(ErrorCode.fieldValidationFailed, "mobiles or emails is required");

    const entry = (found: ReturnType<typeof state.directory.findUser>) => {
      if (!found || !found.inAvailability || (found.resigned && !includeResigned)) return {};
      return {
        user_id: state.directory.idOf(found, idType),
        status: { is_frozen: false, is_resigned: found.resigned, is_activated: !found.resigned, is_exited: false, is_unjoin: false },
      };
    };
    const users = state.directory.allUsers();
    const userList = [
      ...mobiles.map((mobile) => ({
        mobile,
        ...entry(users.find((u) => u.mobile !== undefined && normalizeMobile(u.mobile) === normalizeMobile(mobile))),
      })),
      ...emails.map((email) => ({ email, ...entry(users.find((u) => u.email?.toLowerCase() === email.toLowerCase())) })),
    ];
    return json({ code: 0, msg: "success", data: { user_list: userList } });
  });
}

function stringList(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw badRequest(ErrorCode.fieldValidationFailed, `${field} must be a list of strings`);
  }
  if (value.length > 50) throw badRequest(ErrorCode.fieldValidationFailed, `${field}: at most 50 per call`);
  return value;
}
