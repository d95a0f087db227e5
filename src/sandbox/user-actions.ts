import { isDeepStrictEqual } from "node:util";
import { controlsOf, type CardButton, type CardControls } from "./card-inspection.ts";
import { cardOf, cardUpdateWindowMs, parseReplacement, replaceCard } from "./card-updates.ts";
import type { Chat, User } from "./directory.ts";
import { botAddedToChat, botMenuClicked, cardActionTriggered, messageReceived, type CardAction } from "./events/envelopes.ts";
import { CallbackErrorCode, type DeliveryRecord, type EventDelivery, type SendOptions } from "./events/delivery.ts";
import { newMessageId } from "./ids.ts";
import { encodeMentions } from "./mentions.ts";
import type { RecordedMessage } from "./message-ledger.ts";
import { PlatformError } from "./platform-error.ts";
import type { PlatformState } from "./platform-state.ts";

// Acting as a person in the Feishu client (brief §5): typing in a chat, clicking a card button,
// submitting a card form, clicking the bot menu, reading a message, adding the bot to a group.
// Each action records what the client would show and delivers the event the platform would push.
// A mistake in the test itself (unknown user, a button the card does not have) throws an Error.

export type UserRef = string | User;
export type ChatRef = string | Chat;

export interface SentText {
  readonly message: RecordedMessage;
  /** The delivery of `im.message.receive_v1`, or undefined when the platform would push nothing (§4.2). */
  readonly delivery?: DeliveryRecord;
}

export type CardActionResult =
  | {
      readonly ok: true;
      readonly eventId: string;
      readonly token: string;
      /** The bot's answer as received: `{}`, `{toast}`, `{card}` (§3.2). */
      readonly response: Record<string, unknown>;
      readonly toast?: unknown;
      /** Whether the answer replaced the card (§2.6 "callback response"). */
      readonly cardUpdated: boolean;
    }
  | {
      readonly ok: false;
      readonly eventId: string;
      readonly token: string;
      /** The client-side code the user sees (§3.2), e.g. 200341 timeout or 200673 bad card. */
      readonly errorCode: number;
      readonly detail: string;
    };

/** Who may see the bot's mention-less group messages: §4.2 `im:message.group_msg` is a sensitive scope. */
export type GroupMessageScope = "at_bot_only" | "all";

export class UserActions {
  constructor(
    private readonly state: PlatformState,
    private readonly delivery: EventDelivery,
    private readonly groupMessageScope: () => GroupMessageScope,
  ) {}

  /**
   * A user types `text` in a chat (a group, or `"p2p"` for their chat with the bot). `@Name` and
   * `<at user_id="ou_…"></at>` become mentions as on the platform (§4.1).
   */
  async sendText(userRef: UserRef, chatRef: ChatRef | "p2p", text: string, options: { replyTo?: string } = {}): Promise<SentText> {
    const user = this.state.directory.requireUser(userRef);
    const chat = chatRef === "p2p" ? this.state.directory.p2pChat(user) : this.state.directory.requireChat(chatRef);
    if (!chat.members.has(user.openId)) throw new Error(`${user.name} is not a member of ${chat.name}`);
    const encoded = encodeMentions(text, this.state.directory);
    const parent = options.replyTo === undefined ? undefined : this.requireMessage(options.replyTo);
    const message = this.state.ledger.record({
      messageId: newMessageId(),
      chatId: chat.chatId,
      chatType: chat.chatType,
      msgType: "text",
      sender: { type: "user", openId: user.openId, name: user.name },
      content: JSON.stringify({ text: encoded.text }),
      mentions: encoded.mentions,
      ...(parent ? { parentId: parent.messageId, rootId: parent.rootId ?? parent.messageId } : {}),
      ...(parent?.threadId ? { threadId: parent.threadId } : {}),
      via: "create",
    });
    // §4.2: p2p messages always; group messages only when the bot is in the group and @-mentioned,
    // unless the sensitive group_msg scope is simulated.
    const pushes =
      chat.chatType === "p2p" || (chat.hasBot && (encoded.mentionsBot || this.groupMessageScope() === "all"));
    if (!pushes) return { message };
    return { message, delivery: await this.delivery.deliverEvent(messageReceived(this.state, message, user)) };
  }

  /** A user clicks the button whose callback value is `value` (outside a form). */
  async clickButton(userRef: UserRef, messageId: string, value: Record<string, unknown>, options: SendOptions & { name?: string } = {}): Promise<CardActionResult> {
    const user = this.state.directory.requireUser(userRef);
    const message = this.requireInteractableCard(user, messageId);
    const button = this.findButton(message, (b) => isDeepStrictEqual(b.value, value) && (options.name === undefined || b.name === options.name));
    if (button?.isSubmit && button.form) {
      throw new Error(`the button is the submit button of form ${button.form.name}: use submitForm`);
    }
    const name = button?.name ?? options.name;
    return this.trigger(user, message, { value, tag: "button", ...(name === undefined ? {} : { name }) }, options);
  }

  /**
   * A user fills in a form and clicks its submit button (§2.7): values arrive as strings in
   * `form_value`, with the submit button's `name` and callback `value`. The form is sent whole, as
   * the client sends it: a field the user did not touch carries what it was filled with (its
   * default_value or initial_option). `buttonName` picks the submit button when the card has several.
   */
  async submitForm(
    userRef: UserRef,
    messageId: string,
    typed: Record<string, string | number | string[]>,
    buttonName?: string,
    options: SendOptions = {},
  ): Promise<CardActionResult> {
    const user = this.state.directory.requireUser(userRef);
    const message = this.requireInteractableCard(user, messageId);
    const submits = controlsOfMessage(message).buttons.filter((b) => b.isSubmit && b.form && (buttonName === undefined || b.name === buttonName));
    const button = submits[0];
    if (!button?.form || submits.length > 1) {
      throw new Error(
        submits.length > 1
          ? `the card has several submit buttons: name one of ${submits.map((b) => b.name).join(", ")}`
          : `the card has no submit button${buttonName ? ` named ${buttonName}` : ""} in a form`,
      );
    }
    const fields = new Map(button.form.fields.map((f) => [f.name, f]));
    for (const name of Object.keys(typed)) {
      if (!fields.has(name)) throw new Error(`form ${button.form.name} has no field ${name}`);
    }
    const untouched = button.form.fields.flatMap((f) => (f.initial === undefined ? [] : [[f.name, f.initial] as const]));
    const formValue: Record<string, string | number | string[]> = { ...Object.fromEntries(untouched), ...typed };
    // §2.7: required fields are checked by the client before any callback is sent.
    const missing = button.form.fields.filter((f) => f.required && (formValue[f.name] === undefined || formValue[f.name] === ""));
    if (missing.length) throw new Error(`required fields left empty: ${missing.map((f) => f.name).join(", ")}`);
    const asStrings = Object.fromEntries(
      Object.entries(formValue).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]),
    );
    return this.trigger(
      user,
      message,
      {
        ...(button.value ? { value: button.value } : {}),
        tag: "button",
        ...(button.name ? { name: button.name } : {}),
        formValue: asStrings,
      },
      options,
    );
  }

  /** §4.3: a user clicks a bot menu item whose action is "push event". */
  async clickMenu(userRef: UserRef, eventKey: string): Promise<DeliveryRecord> {
    const user = this.state.directory.requireUser(userRef);
    if (eventKey.length < 1 || eventKey.length > 30) throw new Error("event_key is 1–30 characters (§4.3)");
    return this.delivery.deliverEvent(botMenuClicked(this.state, user, eventKey));
  }

  /** A member adds the bot to a group: it can then send there and gets `im.chat.member.bot.added_v1`. */
  async addBotToChat(chatRef: ChatRef, operatorRef: UserRef): Promise<DeliveryRecord> {
    const chat = this.state.directory.requireChat(chatRef);
    const operator = this.state.directory.requireUser(operatorRef);
    chat.hasBot = true;
    return this.delivery.deliverEvent(botAddedToChat(this.state, chat, operator));
  }

  /** The user opens the chat and sees the message: it shows up in read_users. */
  readMessage(userRef: UserRef, messageId: string): void {
    const user = this.state.directory.requireUser(userRef);
    const message = this.requireMessage(messageId);
    const chat = this.state.directory.chat(message.chatId);
    if (!chat?.members.has(user.openId)) throw new Error(`${user.name} cannot see messages of ${chat?.name ?? message.chatId}`);
    if (!message.readBy.has(user.openId)) message.readBy.set(user.openId, this.state.clock.now());
  }

  private async trigger(user: User, message: RecordedMessage, action: CardAction, options: SendOptions): Promise<CardActionResult> {
    const token = this.state.callbackTokens.issue(message.messageId, user.openId);
    const envelope = cardActionTriggered(this.state, user, message, token.token, action);
    const ids = { eventId: envelope.header.event_id, token: token.token };
    const outcome = await this.delivery.deliverCallback(envelope, options);
    if (!outcome.ok) return { ok: false, ...ids, errorCode: outcome.errorCode, detail: outcome.detail };
    // §1.5: the delayed-update token works only once the callback was answered.
    this.state.callbackTokens.markAnswered(token.token);
    const { toast, card } = outcome.response;
    if (toast !== undefined) message.toasts.push({ openId: user.openId, toast, at: this.state.clock.now() });
    if (card === undefined) return { ok: true, ...ids, response: outcome.response, ...(toast === undefined ? {} : { toast }), cardUpdated: false };
    const failure = this.applyCallbackCard(message, card);
    if (failure) return { ok: false, ...ids, ...failure };
    return { ok: true, ...ids, response: outcome.response, ...(toast === undefined ? {} : { toast }), cardUpdated: true };
  }

  /** §3.2: `card:{type:"raw", data:<full card>}` or `{type:"template", data:{template_id,…}}`. */
  private applyCallbackCard(message: RecordedMessage, card: unknown): { errorCode: number; detail: string } | undefined {
    const answer = card as { type?: unknown; data?: unknown } | null;
    const replacement =
      answer?.type === "raw" ? answer.data : answer?.type === "template" ? { type: "template", data: answer.data } : undefined;
    if (replacement === undefined || typeof replacement !== "object" || replacement === null) {
      return { errorCode: CallbackErrorCode.badCardInResponse, detail: "card must be {type:'raw'|'template', data}" };
    }
    try {
      replaceCard(this.state, message, parseReplacement(replacement, "callback"), "callback");
      return undefined;
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      const downgrade = error.msg.includes("ErrCode: 200830");
      return { errorCode: downgrade ? CallbackErrorCode.schemaDowngrade : CallbackErrorCode.badCardInResponse, detail: error.msg };
    }
  }

  private findButton(message: RecordedMessage, matches: (button: CardButton) => boolean): CardButton | undefined {
    // A template card's layout is not known here, so any click is allowed on it.
    if (cardOf(message).kind === "template") return undefined;
    const buttons = controlsOfMessage(message).buttons;
    const button = buttons.find(matches);
    if (!button) {
      const values = buttons.map((b) => JSON.stringify(b.value)).join(", ") || "none";
      throw new Error(`card ${message.messageId} has no such button; buttons with values: ${values}`);
    }
    return button;
  }

  private requireMessage(messageId: string): RecordedMessage {
    const message = this.state.ledger.get(messageId);
    if (!message) throw new Error(`no message ${messageId} in the sandbox`);
    return message;
  }

  private requireInteractableCard(user: User, messageId: string): RecordedMessage {
    const message = this.requireMessage(messageId);
    if (message.msgType !== "interactive") throw new Error(`message ${messageId} is a ${message.msgType}, not a card`);
    const chat = this.state.directory.chat(message.chatId);
    if (!chat?.members.has(user.openId)) throw new Error(`${user.name} cannot see the card in ${chat?.name ?? message.chatId}`);
    // §2.1: 2.0 cards can be interacted with for 14 days (1.0: 30 days).
    const card = cardOf(message);
    const window = card.kind === "raw" && card.version === "2.0" ? cardUpdateWindowMs : 30 * 24 * 3600_000;
    if (this.state.clock.now() - message.createTime > window) throw new Error(`card ${messageId} can no longer be interacted with`);
    return message;
  }
}

/** A card's controls, kept for the last few hundred card contents: every click looks its card's up. */
function controlsOfMessage(message: RecordedMessage): CardControls {
  let controls = controlsByContent.get(message.content);
  if (!controls) {
    controls = controlsOf(JSON.parse(message.content));
    if (controlsByContent.size >= CONTROLS_KEPT) controlsByContent.delete(controlsByContent.keys().next().value!);
    controlsByContent.set(message.content, controls);
  }
  return controls;
}

const CONTROLS_KEPT = 500;
const controlsByContent = new Map<string, CardControls>();
