// The lark_md / markdown subset Feishu cards use: <font color>, **bold**, *italic*, ~~strike~~,
// [link](url), `code`, <at>, <br>, <hr>, <text_tag>, headings, lists, line breaks. Everything else is
// escaped: the content comes from the bot, but the page never injects raw HTML.

const fontColors = {
  red: "#d83931", green: "#2ea121", orange: "#de7802", grey: "#8f959e", gray: "#8f959e", blue: "#245bdb",
  yellow: "#dc9b04", purple: "#7f3bf5", violet: "#935af6", indigo: "#4954e6", carmine: "#d9267e",
  turquoise: "#04a1a1", wathet: "#1890c7", lime: "#8fac02", neutral: "#646a73", default: "inherit",
};

export function colorOf(name) {
  if (!name) return "inherit";
  const key = String(name).toLowerCase().replace(/-.*$/, "");
  if (fontColors[key]) return fontColors[key];
  return /^#[0-9a-f]{3,8}$/i.test(name) ? name : "inherit";
}

export function escapeHtml(text) {
  return String(text ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function safeUrl(url) {
  const value = String(url ?? "").replace(/&amp;/g, "&");
  return /^(https?:|mailto:|\/)/i.test(value) ? escapeHtml(value) : "#";
}

/** Inline markup on already-escaped text. `people` maps open_id → name for <at>. */
function inline(escaped, people) {
  let s = escaped;
  s = s.replace(/&lt;font\s+color=['"]?([#\w-]+)['"]?\s*&gt;/gi, (_m, c) => `<span style="color:${colorOf(c)}">`);
  s = s.replace(/&lt;\/font&gt;/gi, "</span>");
  s = s.replace(/&lt;at\s+(?:id|user_id|open_id|email)=['"]?([^'"\s&]+)['"]?\s*&gt;(.*?)&lt;\/at&gt;/gi, (_m, id, name) => {
    const label = id === "all" ? "所有人" : name || people?.get(id) || id;
    return `<span class="mention">@${label}</span>`;
  });
  s = s.replace(/&lt;text_tag\s+color=['"]?(\w+)['"]?\s*&gt;(.*?)&lt;\/text_tag&gt;/gi, (_m, c, t) => `<span class="text-tag tag-${c}">${t}</span>`);
  s = s.replace(/&lt;link\s+url=['"]?([^'"\s&]+)['"]?[^&]*?&gt;(.*?)&lt;\/link&gt;/gi, (_m, u, t) => `<a href="${safeUrl(u)}" target="_blank" rel="noopener">${t}</a>`);
  s = s.replace(/&lt;local_datetime[^&]*?&gt;(.*?)&lt;\/local_datetime&gt;/gi, "$1");
  s = s.replace(/&lt;br\s*\/?&gt;/gi, "<br>");
  s = s.replace(/&lt;hr\s*\/?&gt;/gi, '<hr class="md-hr">');
  s = s.replace(/`([^`]+)`/g, "<code>$1</code>");
  s = s.replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>");
  s = s.replace(/(^|[^*])\*([^*\s][^*]*?)\*(?!\*)/g, "$1<em>$2</em>");
  s = s.replace(/~~(.+?)~~/g, "<del>$1</del>");
  s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, t, u) => `<a href="${safeUrl(u)}" target="_blank" rel="noopener">${t}</a>`);
  return s;
}

/** Markdown → HTML string. */
export function renderMarkdown(text, people) {
  const lines = String(text ?? "").replace(/\r\n/g, "\n").split("\n");
  const out = [];
  let list = null; // "ul" | "ol"
  let tableRows = null;
  const closeList = () => {
    if (list) out.push(`</${list}>`);
    list = null;
  };
  const flushTable = () => {
    if (!tableRows) return;
    const rows = tableRows.filter((r) => !/^\s*\|?\s*:?-{2,}/.test(r));
    const cells = (r) => r.replace(/^\s*\|/, "").replace(/\|\s*$/, "").split("|").map((c) => inline(escapeHtml(c.trim()), people));
    const [head, ...body] = rows;
    out.push(`<table class="md-table"><thead><tr>${cells(head).map((c) => `<th>${c}</th>`).join("")}</tr></thead><tbody>${body.map((r) => `<tr>${cells(r).map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</tbody></table>`);
    tableRows = null;
  };
  let pendingBreak = false;
  for (const raw of lines) {
    if (/^\s*\|.*\|\s*$/.test(raw)) {
      closeList();
      (tableRows ??= []).push(raw);
      continue;
    }
    flushTable();
    const heading = /^(#{1,6})\s+(.*)$/.exec(raw);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(raw);
    const ordered = /^\s*(\d+)[.、)]\s+(.*)$/.exec(raw);
    if (/^\s*(-{3,}|\*{3,})\s*$/.test(raw)) {
      closeList();
      out.push('<hr class="md-hr">');
      pendingBreak = false;
    } else if (heading) {
      closeList();
      out.push(`<div class="md-h md-h${heading[1].length}">${inline(escapeHtml(heading[2]), people)}</div>`);
      pendingBreak = false;
    } else if (bullet) {
      if (list !== "ul") {
        closeList();
        out.push("<ul>");
        list = "ul";
      }
      out.push(`<li>${inline(escapeHtml(bullet[1]), people)}</li>`);
      pendingBreak = false;
    } else if (ordered && list === "ol") {
      out.push(`<li value="${ordered[1]}">${inline(escapeHtml(ordered[2]), people)}</li>`);
    } else {
      closeList();
      if (pendingBreak) out.push("<br>");
      out.push(inline(escapeHtml(raw), people));
      pendingBreak = true;
    }
  }
  closeList();
  flushTable();
  return out.join("");
}
