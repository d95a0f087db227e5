// The sandbox page: a Feishu-like client over the stand-in's /_sandbox API. Pick who you are, open a
// chat, read and use the bot's cards, type messages. With `npm start` in sandbox mode the /_demo
// controls move the bot's clock and fill in the units that have not reported.
import { renderCard } from "./card.js";
import { escapeHtml } from "./markdown.js";

const $ = (id) => document.getElementById(id);
const state = {
  overview: null,
  demo: null,
  hasDemo: true,
  me: null,
  chatKey: null,
  search: "",
  seen: new Map(),
  rendered: new Map(),
  renderedChat: null,
  chatSeq: -1,
  listSignature: "",
};

// ── data ──────────────────────────────────────────────────────────────────────────────────────────
async function getJson(url) {
  const response = await fetch(url, { cache: "no-store" });
  if (response.status === 404) return null;
  return response.json();
}

async function postJson(url, body) {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body ?? {}) });
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = { ok: false, error: `HTTP ${response.status}` };
  }
  return data;
}

const roleNames = { admin: "管理员", contact: "填报员", deputy: "副填报员", leader: "分管领导" };

/** Everyone in the directory with what the workspace says they are. */
function people() {
  const roles = new Map();
  for (const p of state.demo?.people ?? []) {
    const key = p.open_id ?? p.name;
    if (!roles.has(key) || p.role === "admin") roles.set(key, p);
    if (!roles.has(p.name)) roles.set(p.name, p);
  }
  return (state.overview?.people ?? []).map((u) => {
    const info = roles.get(u.open_id) ?? roles.get(u.name);
    return { ...u, role: info?.role ?? null, unit: info?.unit ?? null };
  });
}

function personByOpenId(openId) {
  return people().find((p) => p.open_id === openId);
}

function peopleNames() {
  const map = new Map((state.overview?.people ?? []).map((p) => [p.open_id, p.name]));
  if (state.overview?.bot) map.set(state.overview.bot.open_id, state.overview.bot.name);
  return map;
}

function describe(person) {
  if (!person?.role) return "";
  return person.unit ? `${roleNames[person.role]} · ${person.unit}` : roleNames[person.role];
}

function chatKeyOfPerson(openId) {
  return `p2p:${openId}`;
}

function currentChat() {
  const key = state.chatKey;
  if (!key || !state.overview) return null;
  if (key.startsWith("p2p:")) {
    const person = personByOpenId(key.slice(4));
    return person ? { kind: "p2p", key, person, chat_id: state.overview.people.find((p) => p.open_id === person.open_id)?.chat_id ?? null, name: person.name } : null;
  }
  const group = state.overview.groups.find((g) => g.chat_id === key);
  return group ? { kind: "group", key, group, chat_id: group.chat_id, name: group.name } : null;
}

// ── time ──────────────────────────────────────────────────────────────────────────────────────────
/** A message's time as the bot saw it: real time plus the demo offset in force then. */
function demoTime(realMs) {
  const offsets = state.demo?.offsets ?? [];
  let offset = 0;
  for (const o of offsets) if (o.from_ms <= realMs) offset = o.offset_ms;
  return realMs + offset;
}

function formatTime(realMs) {
  const timeZone = state.demo?.timezone ?? "Asia/Shanghai";
  const parts = new Intl.DateTimeFormat("zh-CN", { timeZone, month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false }).formatToParts(new Date(demoTime(realMs)));
  const get = (type) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("month")}月${get("day")}日 ${get("hour")}:${get("minute")}`;
}

// ── toasts and confirm ────────────────────────────────────────────────────────────────────────────
export function toast(t) {
  const content = typeof t === "string" ? t : (t?.content ?? t?.i18n?.zh_cn ?? "");
  if (!content) return;
  const type = typeof t === "string" ? "info" : (t.type ?? "info");
  const node = document.createElement("div");
  node.className = `toast toast-${type}`;
  node.textContent = content;
  $("toasts").append(node);
  setTimeout(() => node.classList.add("leaving"), 3200);
  setTimeout(() => node.remove(), 3600);
}

function confirmDialog(title, text) {
  return new Promise((resolve) => {
    $("modal-title").textContent = title || "确认";
    $("modal-text").textContent = text || "";
    $("modal").hidden = false;
    const done = (answer) => {
      $("modal").hidden = true;
      $("modal-ok").onclick = null;
      $("modal-cancel").onclick = null;
      resolve(answer);
    };
    $("modal-ok").onclick = () => done(true);
    $("modal-cancel").onclick = () => done(false);
  });
}

// ── identity and chat selection ───────────────────────────────────────────────────────────────────
function sections() {
  const all = people();
  return [
    { title: "管理员", people: all.filter((p) => p.role === "admin") },
    { title: "填报员", people: all.filter((p) => p.role === "contact" || p.role === "deputy") },
    { title: "分管领导", people: all.filter((p) => p.role === "leader") },
    { title: "其他成员", people: all.filter((p) => !p.role) },
  ].filter((s) => s.people.length > 0);
}

function renderIdentity() {
  const select = $("identity");
  const signature = JSON.stringify(people().map((p) => [p.open_id, p.role]));
  if (select.dataset.signature !== signature) {
    select.innerHTML = sections()
      .map((s) => `<optgroup label="${escapeHtml(s.title)}">${s.people.map((p) => `<option value="${escapeHtml(p.open_id)}">${escapeHtml(p.name)}</option>`).join("")}</optgroup>`)
      .join("");
    select.dataset.signature = signature;
  }
  if (state.me) select.value = state.me;
}

function setIdentity(openId, { openChat = true } = {}) {
  if (state.me === openId && !openChat) return;
  state.me = openId;
  renderIdentity();
  if (openChat) selectChat(chatKeyOfPerson(openId));
  else forceRerender();
}

function selectChat(key) {
  state.chatKey = key;
  if (key.startsWith("p2p:")) {
    // Only its owner can use a one-to-one chat with the bot: opening it means acting as them.
    state.me = key.slice(4);
    renderIdentity();
  } else {
    const group = state.overview?.groups.find((g) => g.chat_id === key);
    if (group && !group.members.includes(state.me)) {
      const admin = people().find((p) => p.role === "admin" && group.members.includes(p.open_id));
      const member = admin ?? people().find((p) => group.members.includes(p.open_id));
      if (member) {
        state.me = member.open_id;
        renderIdentity();
        toast({ type: "info", content: `已切换身份为“${member.name}”（群成员）` });
      }
    }
  }
  history.replaceState(null, "", `#as=${encodeURIComponent(state.me ?? "")}&chat=${encodeURIComponent(key)}`);
  document.body.classList.remove("drawer-open");
  $("backdrop").hidden = true;
  forceRerender();
  renderChatList();
  renderHeader();
  renderChips();
  void refreshMessages(true);
}

function forceRerender() {
  state.rendered.clear();
  state.chatSeq = -1;
}

// ── chat list ─────────────────────────────────────────────────────────────────────────────────────
function avatar(name, kind) {
  const palette = ["#3370ff", "#14c0ff", "#34c724", "#ff8800", "#7f3bf5", "#f01d94", "#2ea121", "#245bdb"];
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  const label = kind === "group" ? "群" : kind === "bot" ? "机" : name.replace(/(填报员|分管领导|管理员)$/, "").slice(0, 2) || name.slice(0, 1);
  return `<span class="avatar${kind === "group" ? " avatar-group" : ""}" style="background:${kind === "bot" ? "#3370ff" : palette[hash % palette.length]}">${escapeHtml(label)}</span>`;
}

function chatItem(key, name, sub, summary, kind) {
  const unread = Math.max(0, (summary?.count ?? 0) - (state.seen.get(key) ?? 0));
  const last = summary?.last;
  return `<button type="button" class="chat-item${key === state.chatKey ? " active" : ""}" data-key="${escapeHtml(key)}">
    ${avatar(name, kind)}
    <span class="chat-main">
      <span class="chat-top"><span class="chat-name">${escapeHtml(name)}</span>${last ? `<span class="chat-time">${escapeHtml(formatTime(last.time))}</span>` : ""}</span>
      <span class="chat-bottom"><span class="chat-preview">${escapeHtml(last ? (last.sender && kind === "group" ? `${last.sender}：` : "") + last.preview : sub)}</span>${unread > 0 && key !== state.chatKey ? `<span class="badge">${unread > 99 ? "99+" : unread}</span>` : ""}</span>
    </span>
  </button>`;
}

function renderChatList() {
  if (!state.overview) return;
  const query = state.search.trim().toLowerCase();
  const matches = (...texts) => !query || texts.some((t) => String(t ?? "").toLowerCase().includes(query));
  const signature = JSON.stringify([state.overview.seq, query, state.chatKey, state.demo?.people?.length, [...state.seen]]);
  if (signature === state.listSignature) return;
  state.listSignature = signature;
  const html = [];
  const groups = state.overview.groups.filter((g) => matches(g.name, "群聊"));
  if (groups.length) {
    html.push(`<div class="list-section">群聊</div>`);
    for (const g of groups) html.push(chatItem(g.chat_id, g.name, `${g.members.length} 位成员`, g, "group"));
  }
  for (const section of sections()) {
    const list = section.people.filter((p) => matches(p.name, p.unit, roleNames[p.role]));
    if (!list.length) continue;
    html.push(`<div class="list-section">${escapeHtml(section.title)} · 与机器人的单聊</div>`);
    for (const p of list) html.push(chatItem(chatKeyOfPerson(p.open_id), p.name, describe(p) || "单聊", p, "person"));
  }
  if (!html.length) html.push(`<div class="empty">没有匹配“${escapeHtml(state.search)}”的会话</div>`);
  $("chat-list").innerHTML = html.join("");
}

// ── conversation ──────────────────────────────────────────────────────────────────────────────────
function renderHeader() {
  const chat = currentChat();
  const me = personByOpenId(state.me);
  if (!chat) {
    $("conv-name").textContent = "请选择会话";
    $("conv-sub").textContent = "";
    return;
  }
  const bot = state.overview.bot.name;
  $("conv-name").textContent = chat.kind === "group" ? chat.name : `${bot}`;
  $("conv-sub").innerHTML =
    chat.kind === "group"
      ? `${chat.group.members.length} 位成员 · 你正以 <b>${escapeHtml(me?.name ?? "")}</b> 的身份发言`
      : `与机器人的单聊 · 你是 <b>${escapeHtml(chat.name)}</b>${describe(chat.person) ? `（${escapeHtml(describe(chat.person))}）` : ""}`;
  $("group-hint").hidden = chat.kind !== "group";
  $("bot-name-hint").textContent = `@${bot}`;
}

function chips() {
  const me = personByOpenId(state.me);
  const suggest = state.demo?.suggest_open ?? "2024-11";
  if (me?.role === "admin") return [`开始填报 ${suggest}`, "进度", "催报", "通报", "发布", "帮助"];
  if (me?.role === "contact" || me?.role === "deputy") return ["我的", "帮助"];
  return ["帮助"];
}

function renderChips() {
  $("chips").innerHTML = chips()
    .map((c) => `<button type="button" class="chip" data-text="${escapeHtml(c)}">${escapeHtml(c)}</button>`)
    .join("");
}

function mentionText(m) {
  let text = escapeHtml(m.body?.text ?? "");
  for (const mention of m.mentions ?? []) text = text.replaceAll(escapeHtml(mention.key), `<span class="mention">@${escapeHtml(mention.name)}</span>`);
  const names = peopleNames();
  text = text.replace(/&lt;at\s+(?:user_id|id|open_id)=&quot;([^&]*)&quot;&gt;(.*?)&lt;\/at&gt;/g, (_m, id, name) => `<span class="mention">@${escapeHtml(id === "all" ? "所有人" : name || names.get(id) || id)}</span>`);
  text = text.replace(/@_all/g, '<span class="mention">@所有人</span>');
  return text.replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1" target="_blank" rel="noopener">$1</a>').replace(/\n/g, "<br>");
}

function postHtml(body) {
  const post = body?.zh_cn ?? body?.en_us ?? body ?? {};
  const names = peopleNames();
  const lines = (post.content ?? []).map((paragraph) =>
    (paragraph ?? [])
      .map((node) => {
        if (node.tag === "text") return escapeHtml(node.text);
        if (node.tag === "a") return `<a href="${escapeHtml(node.href)}" target="_blank" rel="noopener">${escapeHtml(node.text)}</a>`;
        if (node.tag === "at") return `<span class="mention">@${escapeHtml(node.user_name ?? names.get(node.user_id) ?? node.user_id)}</span>`;
        return escapeHtml(node.text ?? "");
      })
      .join(""),
  );
  return `${post.title ? `<div class="post-title">${escapeHtml(post.title)}</div>` : ""}${lines.join("<br>")}`;
}

function fileSize(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function fileHtml(m) {
  const file = m.file;
  if (!file) return `<div class="bubble muted">[文件已不可用]</div>`;
  const ext = (file.name.split(".").pop() ?? "").toLowerCase();
  const kind = { docx: ["W", "word"], doc: ["W", "word"], xlsx: ["X", "excel"], xls: ["X", "excel"], pdf: ["P", "pdf"] }[ext] ?? ["F", "other"];
  const href = `/_sandbox/files/${encodeURIComponent(file.key)}`;
  return `<a class="file-card" href="${href}" download="${escapeHtml(file.name)}"><span class="file-icon file-${kind[1]}">${kind[0]}</span><span class="file-info"><span class="file-name">${escapeHtml(file.name)}</span><span class="file-size">${fileSize(file.size)} · 点击下载</span></span></a>`;
}

function cardContext(m) {
  const width = Math.min(560, Math.max(280, $("messages").clientWidth - 90));
  return {
    people: peopleNames(),
    chartWidth: width,
    toast,
    confirm: confirmDialog,
    click: (value, name) => cardAction("click-button", { user: state.me, message_id: m.message_id, value, ...(name ? { name } : {}) }),
    submit: (formValue, name) => cardAction("submit-form", { user: state.me, message_id: m.message_id, form_value: formValue, ...(name ? { name } : {}) }),
  };
}

async function cardAction(kind, body) {
  const answer = await postJson(`/_sandbox/act/${kind}`, body);
  if (!answer?.ok) toast({ type: "error", content: `操作失败：${answer?.error ?? "未知错误"}` });
  else if (answer.result?.ok === false) toast({ type: "error", content: `卡片回调失败（${answer.result.errorCode}）：${answer.result.detail}` });
  else if (answer.result?.toast) toast(answer.result.toast);
  await refreshMessages(true);
  void refreshDemo();
}

function renderMessage(m) {
  const mine = m.sender.type === "user" && m.sender.open_id === state.me;
  const isBot = m.sender.type === "app";
  const row = document.createElement("div");
  row.className = `msg${mine ? " mine" : ""}${m.msg_type === "interactive" ? " msg-card" : ""}`;
  row.dataset.messageId = m.message_id;
  const name = m.sender.name;
  const meta = `<div class="msg-meta"><span class="msg-name">${escapeHtml(name)}</span>${isBot ? '<span class="bot-tag">机器人</span>' : ""}<span class="msg-time">${escapeHtml(formatTime(m.create_time))}</span>${m.versions > 1 ? `<span class="msg-updated" title="卡片已更新 ${m.versions - 1} 次">已更新</span>` : ""}</div>`;
  row.innerHTML = `${avatar(name, isBot ? "bot" : "person")}<div class="msg-main">${meta}</div>`;
  const main = row.querySelector(".msg-main");
  if (m.msg_type === "text") main.insertAdjacentHTML("beforeend", `<div class="bubble">${mentionText(m)}</div>`);
  else if (m.msg_type === "post") main.insertAdjacentHTML("beforeend", `<div class="bubble">${postHtml(m.body)}</div>`);
  else if (m.msg_type === "file") main.insertAdjacentHTML("beforeend", fileHtml(m));
  else if (m.msg_type === "image") main.insertAdjacentHTML("beforeend", `<div class="bubble muted">[图片]</div>`);
  else if (m.msg_type === "interactive") {
    try {
      main.append(renderCard(m.body ?? {}, cardContext(m)));
    } catch (error) {
      main.insertAdjacentHTML("beforeend", `<div class="bubble muted">[卡片无法显示：${escapeHtml(String(error))}]</div>`);
    }
  } else main.insertAdjacentHTML("beforeend", `<div class="bubble muted">[${escapeHtml(m.msg_type)}消息]</div>`);
  return row;
}

async function refreshMessages(force = false) {
  const chat = currentChat();
  const box = $("messages");
  if (!chat) {
    box.innerHTML = "";
    return;
  }
  const url = chat.kind === "group" ? `/_sandbox/web/messages?chat=${encodeURIComponent(chat.chat_id)}` : `/_sandbox/web/messages?p2p=${encodeURIComponent(chat.person.open_id)}`;
  const data = await getJson(url);
  if (!data || state.chatKey !== chat.key) return;
  if (!force && data.seq === state.chatSeq && state.renderedChat === chat.key) return;
  state.chatSeq = data.seq;
  if (state.renderedChat !== chat.key) state.rendered.clear();
  state.renderedChat = chat.key;
  state.seen.set(chat.key, data.messages.length);
  const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 120;
  const before = box.children.length;
  const nodes = [];
  const keep = new Map();
  for (const m of data.messages) {
    // A card is drawn again only when it changed, so what someone is typing into another card stays.
    const key = `${m.versions}:${m.update_time}:${state.me}`;
    const existing = state.rendered.get(m.message_id);
    const node = existing && existing.key === key ? existing.node : renderMessage(m);
    keep.set(m.message_id, { key, node });
    nodes.push(node);
  }
  state.rendered = keep;
  if (!nodes.length) {
    box.innerHTML = `<div class="empty-chat">${chat.kind === "group" ? "群里还没有消息。" : "还没有消息。"}${emptyHint(chat)}</div>`;
    return;
  }
  const same = nodes.length === box.children.length && nodes.every((n, i) => box.children[i] === n);
  if (!same) box.replaceChildren(...nodes);
  if (nodes.length > before || nearBottom || force) box.scrollTop = box.scrollHeight;
}

function emptyHint(chat) {
  const me = personByOpenId(state.me);
  if (chat.kind === "group") return "在下方输入消息，群聊中需 @机器人。";
  if (me?.role === "admin") return `管理员可发送“帮助”查看命令，或发送“开始填报 ${state.demo?.suggest_open ?? "2024-11"}”开放填报期。`;
  if (me?.role === "contact" || me?.role === "deputy") return "填报期开放后，填报卡片会发到这里；也可发送“我的”获取本单位卡片。";
  return "";
}

// ── demo controls ─────────────────────────────────────────────────────────────────────────────────
function durationText(ms) {
  const hours = Math.floor(ms / 3600_000);
  const days = Math.floor(hours / 24);
  if (days > 0) return `${days}天${hours % 24 ? `${hours % 24}小时` : ""}`;
  if (hours > 0) return `${hours}小时`;
  return `${Math.max(1, Math.round(ms / 60_000))}分钟`;
}

function renderDemo() {
  const demo = state.demo;
  $("demo-bar").hidden = !state.hasDemo || !demo;
  if (!demo) return;
  $("demo-clock").innerHTML = `演示时间 <b>${escapeHtml(demo.now_text)}</b>${demo.advanced_ms > 60_000 ? `<span class="muted">（已快进${durationText(demo.advanced_ms)}）</span>` : ""}`;
  $("demo-period").innerHTML = demo.period
    ? `${escapeHtml(demo.period.label)}填报期 · 已报 <b>${demo.period.submitted}/${demo.period.total}</b>${demo.period.deadline_text ? ` · 截止 ${escapeHtml(demo.period.deadline_text)}` : " · 未设截止时间"}`
    : `尚未开放填报期`;
  // Phones get shorter labels so the strip stays two lines high.
  const narrow = window.matchMedia("(max-width: 700px)").matches;
  const jump = $("demo-jump");
  jump.disabled = !demo.next;
  jump.textContent = demo.next ? `${narrow ? "下一时间点" : "跳到下一个时间点"}：${demo.next.at_text} ${demo.next.label}` : "跳到下一个时间点";
  $("demo-fill").textContent = narrow ? "演示数据填其余单位" : "用演示数据填写其余单位";
  $("demo-guide-toggle").textContent = narrow ? "指引" : "演示指引";
  jump.title = demo.next ? "把机器人的时钟拨到这一刻并执行到期的任务" : "暂无待执行的定时任务（提醒、截止、催报）";
  const fill = $("demo-fill");
  fill.disabled = !demo.period || demo.period.submitted >= demo.period.total;
  fill.title = demo.fill_note ?? "";
  const suggest = demo.suggest_open ?? "2024-11";
  $("demo-guide").innerHTML = `<ol>
    <li>以 <b>管理员</b> 身份（左侧“管理员”）发送 <code>开始填报 ${escapeHtml(suggest)}</code>，或点“跳到下一个时间点”等按计划自动开放：各单位填报员收到填报卡片。</li>
    <li>在左侧搜索一个单位（如“东山市”），打开其 <b>填报员</b> 的单聊，填写卡片并提交；填错的数值会在卡片上标红提示。</li>
    <li>点“<b>用演示数据填写其余单位</b>”，或点“<b>跳到下一个时间点</b>”看提醒、截止和催报。</li>
    <li>回到管理员，发送 <code>进度</code> 查看报送情况，发送 <code>通报</code> 预览、<code>发布</code> 发布。</li>
    <li>打开群聊“<b>${escapeHtml(state.overview?.groups.find((g) => /领导/.test(g.name))?.name ?? "领导群")}</b>”，查看领导收到的通报卡片和 Word、Excel 文件。</li>
  </ol><div class="muted small">“用演示数据填写其余单位”：${escapeHtml(demo.fill_note ?? "")}</div>`;
}

async function refreshDemo() {
  if (!state.hasDemo) return;
  const demo = await getJson("/_demo/state");
  if (demo === null) {
    state.hasDemo = false;
    renderDemo();
    return;
  }
  const first = !state.demo;
  state.demo = demo;
  renderDemo();
  if (first) {
    renderIdentity();
    state.listSignature = "";
    renderChatList();
    renderChips();
    renderHeader();
  }
}

async function demoAction(button, url, describeResult) {
  button.disabled = true;
  const label = button.textContent;
  button.textContent = "处理中…";
  try {
    const answer = await postJson(url);
    if (!answer?.ok) toast({ type: "error", content: answer?.error ?? "操作失败" });
    else toast({ type: "success", content: describeResult(answer) });
  } finally {
    button.textContent = label;
    await refreshDemo();
    await refreshOverview();
    await refreshMessages(true);
  }
}

// ── polling ───────────────────────────────────────────────────────────────────────────────────────
async function refreshOverview() {
  const overview = await getJson("/_sandbox/web/overview");
  if (!overview) return;
  const changed = overview.seq !== state.overview?.seq;
  state.overview = overview;
  if (!state.me) initialSelection();
  if (changed) {
    renderIdentity();
    renderChatList();
    await refreshMessages();
  }
}

function initialSelection() {
  const params = new URLSearchParams(location.hash.slice(1));
  const everyone = people();
  const admin = everyone.find((p) => p.role === "admin") ?? everyone[0];
  const as = params.get("as");
  state.me = everyone.some((p) => p.open_id === as) ? as : admin?.open_id ?? null;
  renderIdentity();
  const chat = params.get("chat");
  selectChat(chat && (chat.startsWith("p2p:") || state.overview.groups.some((g) => g.chat_id === chat)) ? chat : chatKeyOfPerson(state.me));
  // A phone opens on the chat list, as the Feishu app does, unless the address names a chat.
  if (window.matchMedia("(max-width: 700px)").matches && !chat) document.body.classList.add("drawer-open");
}

async function send() {
  const chat = currentChat();
  let text = $("composer").value.trim();
  if (!chat || !text || !state.me) return;
  const bot = state.overview.bot.name;
  if (chat.kind === "group" && $("at-bot").checked && !text.includes(`@${bot}`)) text = `@${bot} ${text}`;
  $("composer").value = "";
  autoGrow();
  const answer = await postJson("/_sandbox/act/send-text", { user: state.me, chat: chat.kind === "group" ? chat.chat_id : "p2p", text });
  if (!answer?.ok) toast({ type: "error", content: `发送失败：${answer?.error ?? ""}` });
  await refreshMessages(true);
  void refreshDemo();
}

function autoGrow() {
  const box = $("composer");
  box.style.height = "auto";
  box.style.height = `${Math.min(140, box.scrollHeight)}px`;
}

function bind() {
  $("identity").addEventListener("change", (event) => setIdentity(event.target.value));
  $("search").addEventListener("input", (event) => {
    state.search = event.target.value;
    renderChatList();
  });
  $("chat-list").addEventListener("click", (event) => {
    const item = event.target.closest(".chat-item");
    if (item) selectChat(item.dataset.key);
  });
  $("chips").addEventListener("click", (event) => {
    const chip = event.target.closest(".chip");
    if (!chip) return;
    $("composer").value = chip.dataset.text;
    autoGrow();
    $("composer").focus();
  });
  $("send").addEventListener("click", () => void send());
  $("composer").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void send();
    }
  });
  $("composer").addEventListener("input", autoGrow);
  const toggleDrawer = () => {
    const open = document.body.classList.toggle("drawer-open");
    $("backdrop").hidden = !open;
  };
  $("drawer-toggle").addEventListener("click", toggleDrawer);
  $("drawer-toggle-2").addEventListener("click", toggleDrawer);
  $("backdrop").addEventListener("click", toggleDrawer);
  $("demo-jump").addEventListener("click", () =>
    demoAction($("demo-jump"), "/_demo/jump", (a) => `已跳到 ${a.at_text}（${a.label}），执行了 ${a.ran} 项任务`),
  );
  $("demo-fill").addEventListener("click", () =>
    demoAction($("demo-fill"), "/_demo/fill", (a) => `已为 ${a.filled} 个单位提交演示数据${a.skipped.length ? `，${a.skipped.length} 个未提交（${a.skipped.slice(0, 3).map((s) => `${s.unit}：${s.reason}`).join("；")}）` : ""}`),
  );
  $("demo-guide-toggle").addEventListener("click", () => ($("demo-guide").hidden = !$("demo-guide").hidden));
}

async function start() {
  bind();
  await refreshDemo();
  await refreshOverview();
  $("backdrop").hidden = !document.body.classList.contains("drawer-open");
  setInterval(() => void refreshOverview(), 1000);
  setInterval(() => void refreshDemo(), 3000);
}

void start();
