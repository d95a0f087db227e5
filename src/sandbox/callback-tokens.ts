import type { Clock } from "./clock.ts";
import { newCallbackToken } from "./ids.ts";
import { ErrorCode, badRequest } from "./platform-error.ts";

// The `c-…` token of a card.action.trigger event, used by the delayed update (§1.5): valid 30 minutes,
// at most 2 uses (the Feishu figure; an old Lark page says 3), only after the callback was answered,
// and only for the card that was clicked.

export const callbackTokenRules = { lifetimeMs: 30 * 60_000, maxUses: 2 };

export interface CallbackToken {
  readonly token: string;
  readonly messageId: string;
  readonly openId: string;
  readonly issuedAt: number;
  answered: boolean;
  uses: number;
}

export class CallbackTokens {
  private readonly tokens = new Map<string, CallbackToken>();

  constructor(private readonly clock: Clock) {}

  issue(messageId: string, openId: string): CallbackToken {
    const token: CallbackToken = {
      token: newCallbackToken(),
      messageId,
      openId,
      issuedAt: this.clock.now(),
      answered: false,
      uses: 0,
    };
    this.tokens.set(token.token, token);
    return token;
  }

  markAnswered(token: string): void {
    const found = this.tokens.get(token);
    if (found) found.answered = true;
  }

  /** Spends one use of the token, or throws the platform's refusal. Codes here are UNCONFIRMED (230001). */
  spend(token: string): CallbackToken {
    const found = this.tokens.get(token);
    if (!found) throw badRequest(ErrorCode.badParameter, "invalid token: not issued by a card callback");
    if (this.clock.now() - found.issuedAt > callbackTokenRules.lifetimeMs) {
      throw badRequest(ErrorCode.badParameter, "token expired: valid for 30 minutes");
    }
    if (!found.answered) {
      // §1.5: calling before the callback is answered makes the update fail or revert.
      throw badRequest(ErrorCode.badParameter, "token not usable before the callback is answered");
    }
    if (found.uses >= callbackTokenRules.maxUses) {
      throw badRequest(ErrorCode.badParameter, `token used up: at most ${callbackTokenRules.maxUses} updates`);
    }
    found.uses += 1;
    return found;
  }
}
