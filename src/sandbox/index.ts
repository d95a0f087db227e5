// The stand-in's public surface for the bot's tests and the sandbox page.
export { startPlatform, Platform, type PlatformOptions } from "./platform.ts";
export { checkCard, cardVersionOf, type CardCheck, type CardVersion } from "./card-check.ts";
export { cardV2Schema, cardLimits } from "./card-schema.ts";
export { manualClock, systemClock, type Clock, type ManualClock } from "./clock.ts";
export type { DirectorySeed, UserSeed, ChatSeed, User, Chat, BotIdentity } from "./directory.ts";
export type { RecordedMessage, ContentVersion, Mention } from "./message-ledger.ts";
export { messageView } from "./message-ledger.ts";
export type { CardActionResult, SentText, UserRef, ChatRef, GroupMessageScope } from "./user-actions.ts";
export type { DeliveryRecord, DeliveryAttempt, Subscription } from "./events/delivery.ts";
export { CallbackErrorCode, documentedRetryScheduleMs } from "./events/delivery.ts";
export type { FaultRule, Fault } from "./faults.ts";
export { ErrorCode, CardErrCode } from "./platform-error.ts";
export { documentedRateLimits, type RateLimits } from "./rate-limiter.ts";
export { demoDirectory } from "./demo-directory.ts";
