import { newLogId } from "./ids.ts";

// Error answers as the platform gives them (§6.3): non-2xx status, body `{code, msg, error:{log_id}}`.
// The SDK's axios instance throws an AxiosError on any non-2xx status, with this body in
// `e.response.data`, so callers see exactly what production would show them.

export const ErrorCode = {
  appSecretInvalid: 10014, // §10 Auth: "real value UNCONFIRMED; 10014/10015 are the old codes"
  rateLimited: 99991400, // §6.4, §7
  missingToken: 99991661, // §6.4
  invalidTenantToken: 99991663, // §6.4
  badParameter: 230001, // §6.4
  botNotInChat: 230002, // §1.7
  messageRecalled: 230011, // §1.3
  userOutsideAvailability: 230013, // §1.7
  contentTooLong: 230025, // §1.1, §2.5
  noPermissionToUpdate: 230027, // §6.4 "missing permission": UNCONFIRMED for "not the sender"
  fileTypeMismatch: 230055, // §1.6
  cardContentFailed: 230099, // §2.5
  delayedUpdateNeedsOpenIds: 300090, // §1.5
  fieldValidationFailed: 99992402, // generic gateway validation code; UNCONFIRMED for batch_get_id caps
  chatNotFound: 232001, // UNCONFIRMED: chat APIs use the 232xxx range
  operatorNotInChat: 232011, // UNCONFIRMED
  fileTooLarge: 234006, // UNCONFIRMED: file APIs use the 234xxx range
  fileEmpty: 234010, // UNCONFIRMED
  wsAuthFailed: 514, // §5.1
  wsConnectionLimit: 1000040350, // §5.1
} as const;

/** Sub-codes carried in a 230099 message as `ext=ErrCode: N` (§2.5, §2.4.1, §2.4.2). */
export const CardErrCode = {
  jsonParse: 200621,
  unsupportedComponent: 200861,
  chartSpecInvalid: 200550,
  tableRowsInvalid: 200914,
  tableRowKeyUndeclared: 200915,
  emptyFormFieldName: 200530, // §3.2 lists it as the client-side code for an empty form name
  schemaDowngrade: 200830, // §1.4, §3.2
  // A generic "structure invalid" sub-code for rules whose real sub-code the reference does not
  // give (form placement, element_id, element count). UNCONFIRMED.
  structureInvalid: 11310,
} as const;

export class PlatformError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    readonly msg: string,
    readonly headers: Record<string, string> = {},
    readonly data?: unknown,
  ) {
    super(`${code}: ${msg}`);
  }

  body(): Record<string, unknown> {
    return {
      code: this.code,
      msg: this.msg,
      ...(this.data === undefined ? {} : { data: this.data }),
      error: { log_id: newLogId(), troubleshooter: `https://open.feishu.cn/search?code=${this.code}` },
    };
  }
}

/** Business errors of the im APIs come with HTTP 400 (§6.3). */
export const badRequest = (code: number, msg: string) => new PlatformError(400, code, msg);

export function cardError(errCode: number, detail: string): PlatformError {
  return badRequest(
    ErrorCode.cardContentFailed,
    `Failed to create card content, ext=ErrCode: ${errCode}; ErrMsg: ${detail}; `,
  );
}
