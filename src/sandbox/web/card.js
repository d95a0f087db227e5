// Draws a Feishu card (JSON 2.0, and the common parts of 1.0) as the client would: header with
// template colour and text tags, then the body's components (§2.4 of the platform reference).
// Interactions call back into the page: ctx.click(value, name) for callback buttons outside a form,
// ctx.submit(formValue, buttonName) for a form's submit button (values as strings, §2.7).
import { colorOf, escapeHtml, renderMarkdown } from "./markdown.js";
import { renderChart } from "./chart.js";

function el(tag, className, html) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (html !== undefined) node.innerHTML = html;
  return node;
}

function textOf(t) {
  if (t == null) return "";
  if (typeof t === "string") return t;
  return t.content ?? t.text ?? "";
}

/** plain_text is escaped as is; lark_md / markdown goes through the markdown subset. */
function richText(t, people) {
  if (t == null) return "";
  if (typeof t === "string") return escapeHtml(t).replace(/\n/g, "<br>");
  if (t.tag === "lark_md" || t.tag === "markdown") return renderMarkdown(t.content ?? "", people);
  return escapeHtml(textOf(t)).replace(/\n/g, "<br>");
}

const sizeClass = (size) => (size ? ` size-${String(size).replace(/[^a-z0-9-]/gi, "")}` : "");

export function renderCard(card, ctx) {
  const root = el("div", "card");
  if (card?.type === "template") {
    root.append(el("div", "card-body", `<div class="muted">[模板卡片 ${escapeHtml(card.data?.template_id ?? "")}]</div>`));
    return root;
  }
  const config = card.config ?? {};
  root.classList.add(`width-${config.width_mode ?? (card.schema === "2.0" ? "default" : "default")}`);
  if (card.header) root.append(renderHeader(card.header, ctx));
  const body = el("div", "card-body");
  const elements = card.schema === "2.0" ? (card.body?.elements ?? []) : (card.elements ?? card.i18n_elements?.zh_cn ?? []);
  renderElements(elements, body, ctx, null);
  root.append(body);
  return root;
}

function renderHeader(header, ctx) {
  const template = header.template || "default";
  const node = el("div", `card-header tpl-${String(template).replace(/[^a-z]/g, "")}`);
  const titleRow = el("div", "card-title-row");
  titleRow.append(el("div", "card-title", richText(header.title, ctx.people)));
  const tags = header.text_tag_list ?? [];
  if (Array.isArray(tags) && tags.length) {
    const wrap = el("div", "card-tags");
    for (const tag of tags.slice(0, 3)) wrap.append(el("span", `text-tag tag-${String(tag.color ?? "neutral").replace(/[^a-z]/g, "")}`, escapeHtml(textOf(tag.text))));
    titleRow.append(wrap);
  }
  node.append(titleRow);
  if (header.subtitle && textOf(header.subtitle)) node.append(el("div", "card-subtitle", richText(header.subtitle, ctx.people)));
  return node;
}

function renderElements(elements, parent, ctx, form) {
  for (const element of elements ?? []) {
    const node = renderElement(element, ctx, form);
    if (node) parent.append(node);
  }
}

function applyCommon(node, element) {
  if (element.margin) node.style.margin = element.margin;
  if (element.element_id) node.dataset.elementId = element.element_id;
  return node;
}

function renderElement(element, ctx, form) {
  if (!element || typeof element !== "object") return null;
  const render = renderers[element.tag];
  const node = render ? render(element, ctx, form) : el("div", "muted small", `[暂不支持的组件：${escapeHtml(element.tag)}]`);
  return node ? applyCommon(node, element) : null;
}

const renderers = {
  markdown(e, ctx) {
    const node = el("div", `md${sizeClass(e.text_size)}`, renderMarkdown(e.content ?? "", ctx.people));
    if (e.text_align) node.style.textAlign = e.text_align;
    return node;
  },
  lark_md(e, ctx) {
    return el("div", "md", renderMarkdown(e.content ?? "", ctx.people));
  },
  div(e, ctx) {
    const t = e.text ?? {};
    const node = el("div", `md${sizeClass(t.text_size)}`, richText(t, ctx.people));
    if (t.text_color) node.style.color = colorOf(t.text_color);
    if (t.text_align) node.style.textAlign = t.text_align;
    if (Array.isArray(e.fields)) {
      const grid = el("div", "div-fields");
      for (const f of e.fields) grid.append(el("div", f.is_short ? "short" : "long", richText(f.text, ctx.people)));
      node.append(grid);
    }
    return node;
  },
  plain_text(e) {
    return el("div", "md", escapeHtml(e.content ?? ""));
  },
  note(e, ctx) {
    const node = el("div", "md size-notation");
    renderElements(e.elements, node, ctx, null);
    return node;
  },
  hr() {
    return el("hr", "card-hr");
  },
  img(e) {
    return el("div", "card-img", `<span>[图片] ${escapeHtml(textOf(e.alt) || "")}</span>`);
  },
  column_set(e, ctx, form) {
    const node = el("div", `column-set flex-${e.flex_mode ?? "none"}${e.background_style && e.background_style !== "default" ? " bg-" + e.background_style : ""}`);
    if (e.horizontal_spacing) node.style.gap = spacing(e.horizontal_spacing);
    for (const column of e.columns ?? []) {
      const col = el("div", "column");
      const width = column.width ?? "auto";
      if (width === "weighted") col.style.flex = `${column.weight ?? 1} 1 0`;
      else if (/^\d+px$/.test(width)) col.style.flex = `0 0 ${width}`;
      else col.style.flex = "0 1 auto";
      if (column.vertical_align) col.style.alignSelf = { top: "flex-start", center: "center", bottom: "flex-end" }[column.vertical_align] ?? "";
      if (column.background_style && column.background_style !== "default") col.classList.add(`bg-${column.background_style}`);
      renderElements(column.elements, col, ctx, form);
      node.append(col);
    }
    return node;
  },
  collapsible_panel(e, ctx, form) {
    const node = el("details", "panel");
    if (e.expanded) node.open = true;
    const title = e.header?.title;
    node.append(el("summary", "panel-head", title?.tag === "markdown" ? renderMarkdown(title.content ?? "", ctx.people) : richText(title, ctx.people)));
    const inner = el("div", "panel-body");
    renderElements(e.elements, inner, ctx, form);
    node.append(inner);
    return node;
  },
  interactive_container(e, ctx, form) {
    const node = el("div", "interactive-container");
    renderElements(e.elements, node, ctx, form);
    const callback = (e.behaviors ?? []).find((b) => b.type === "callback");
    if (callback) {
      node.classList.add("clickable");
      node.addEventListener("click", () => ctx.click(callback.value, e.name));
    }
    return node;
  },
  table: renderTable,
  chart(e, ctx) {
    const node = el("div", "card-chart");
    const width = ctx.chartWidth ?? 560;
    const height = /^(\d+)px$/.exec(String(e.height ?? ""))?.[1];
    node.innerHTML = renderChart(e.chart_spec ?? {}, width, height);
    return node;
  },
  form(e, ctx) {
    const node = el("form", "card-form");
    node.noValidate = true;
    node.addEventListener("submit", (event) => event.preventDefault());
    const scope = { name: e.name, fields: [], node };
    renderElements(e.elements, node, ctx, scope);
    return node;
  },
  input(e, ctx, form) {
    const wrap = el("label", `field label-${e.label_position ?? "top"}`);
    if (e.label) wrap.append(el("span", "field-label", `${e.required ? '<span class="req">*</span>' : ""}${richText(e.label, ctx.people)}`));
    const multiline = e.input_type === "multiline_text";
    const input = document.createElement(multiline ? "textarea" : "input");
    if (multiline) input.rows = e.rows ?? 3;
    else input.type = e.input_type === "password" ? "password" : "text";
    input.name = e.name ?? "";
    input.className = "control";
    input.placeholder = textOf(e.placeholder);
    input.value = e.default_value ?? "";
    if (e.max_length) input.maxLength = e.max_length;
    if (e.disabled) input.disabled = true;
    if (e.width && /^\d+px$/.test(e.width)) input.style.width = e.width;
    wrap.append(input);
    registerField(form, wrap, e, () => input.value, () => (input.value = e.default_value ?? ""));
    return wrap;
  },
  select_static(e, ctx, form) {
    return selectField(e, ctx, form, false);
  },
  multi_select_static(e, ctx, form) {
    return selectField(e, ctx, form, true);
  },
  date_picker(e, ctx, form) {
    return pickerField(e, ctx, form, "date", e.initial_date, (v) => `${v} +0800`);
  },
  picker_time(e, ctx, form) {
    return pickerField(e, ctx, form, "time", e.initial_time, (v) => `${v} +0800`);
  },
  picker_datetime(e, ctx, form) {
    return pickerField(e, ctx, form, "datetime-local", e.initial_datetime?.replace(" ", "T"), (v) => `${v.replace("T", " ")} +0800`);
  },
  checker(e, ctx, form) {
    const wrap = el("label", "checker");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = Boolean(e.checked);
    wrap.append(box, el("span", "", richText(e.text, ctx.people)));
    registerField(form, wrap, e, () => String(box.checked), () => (box.checked = Boolean(e.checked)));
    return wrap;
  },
  person(e, ctx) {
    return el("span", "mention", `@${escapeHtml(ctx.people.get(e.user_id) ?? e.user_id)}`);
  },
  person_list(e, ctx) {
    return el("div", "", (e.persons ?? []).map((p) => `<span class="mention">@${escapeHtml(ctx.people.get(p.id) ?? p.id)}</span>`).join(" "));
  },
  button: renderButton,
  action(e, ctx, form) {
    const node = el("div", "button-row");
    renderElements(e.actions, node, ctx, form);
    return node;
  },
};

function spacing(value) {
  return { small: "4px", medium: "8px", large: "12px", extra_large: "16px" }[value] ?? value;
}

function registerField(form, wrap, e, read, reset) {
  if (!form || !e.name) return;
  form.fields.push({ name: e.name, required: e.required === true, read, reset, wrap, label: textOf(e.label) || textOf(e.placeholder) || e.name });
}

function selectField(e, ctx, form, multiple) {
  const wrap = el("label", "field label-top");
  if (e.label) wrap.append(el("span", "field-label", richText(e.label, ctx.people)));
  const select = document.createElement("select");
  select.className = "control";
  select.multiple = multiple;
  if (!multiple) {
    const none = document.createElement("option");
    none.value = "";
    none.textContent = textOf(e.placeholder) || "请选择";
    select.append(none);
  }
  for (const option of e.options ?? []) {
    const node = document.createElement("option");
    node.value = option.value;
    node.textContent = textOf(option.text);
    if (option.value === e.initial_option || (e.selected_values ?? []).includes(option.value)) node.selected = true;
    select.append(node);
  }
  const read = () => (multiple ? [...select.selectedOptions].map((o) => o.value) : select.value);
  if (form) registerField(form, wrap, e, read, () => (select.value = e.initial_option ?? ""));
  else if ((e.behaviors ?? []).some((b) => b.type === "callback")) {
    // Outside a form a select reports its choice at once, like a button.
    const callback = e.behaviors.find((b) => b.type === "callback");
    select.addEventListener("change", () => ctx.click({ ...(callback.value ?? {}), option: select.value }, e.name));
  }
  wrap.append(select);
  return wrap;
}

function pickerField(e, ctx, form, type, initial, toCallback) {
  const wrap = el("label", "field label-top");
  if (e.label) wrap.append(el("span", "field-label", richText(e.label, ctx.people)));
  const input = document.createElement("input");
  input.type = type;
  input.className = "control";
  input.value = initial ?? "";
  input.name = e.name ?? "";
  if (e.placeholder) input.title = textOf(e.placeholder);
  wrap.append(input);
  registerField(form, wrap, e, () => (input.value ? toCallback(input.value) : ""), () => (input.value = initial ?? ""));
  return wrap;
}

function renderButton(e, ctx, form) {
  const button = el("button", `btn btn-${e.type ?? "default"} btn-${e.size ?? "medium"}${e.width === "fill" ? " btn-fill" : ""}`, escapeHtml(textOf(e.text)));
  button.type = "button";
  if (e.name) button.dataset.name = e.name;
  if (e.disabled) {
    button.disabled = true;
    if (e.disabled_tips) button.title = textOf(e.disabled_tips);
  } else if (e.hover_tips) button.title = textOf(e.hover_tips);
  const behaviors = e.behaviors ?? (e.value ? [{ type: "callback", value: e.value }] : e.url ? [{ type: "open_url", default_url: e.url }] : []);
  const isSubmit = e.form_action_type === "submit" || e.action_type === "form_submit";
  const isReset = e.form_action_type === "reset" || e.action_type === "form_reset";
  button.addEventListener("click", async () => {
    if (form && isReset) {
      for (const field of form.fields) field.reset();
      return;
    }
    if (form && isSubmit) {
      // §2.7: the client checks required fields before any callback is sent.
      let missing = false;
      for (const field of form.fields) {
        const value = field.read();
        const empty = Array.isArray(value) ? value.length === 0 : value === "";
        field.wrap.classList.toggle("missing", field.required && empty);
        if (field.required && empty) missing = true;
      }
      if (missing) {
        ctx.toast({ type: "error", content: "请填写必填项" });
        return;
      }
      if (e.confirm && !(await ctx.confirm(textOf(e.confirm.title), textOf(e.confirm.text)))) return;
      const values = {};
      for (const field of form.fields) values[field.name] = field.read();
      button.disabled = true;
      try {
        await ctx.submit(values, e.name);
      } finally {
        button.disabled = false;
      }
      return;
    }
    if (e.confirm && !(await ctx.confirm(textOf(e.confirm.title), textOf(e.confirm.text)))) return;
    for (const behavior of behaviors) {
      if (behavior.type === "open_url") window.open(behavior.default_url ?? behavior.pc_url, "_blank", "noopener");
      if (behavior.type === "callback") {
        button.disabled = true;
        try {
          await ctx.click(behavior.value ?? {}, e.name);
        } finally {
          button.disabled = false;
        }
      }
    }
  });
  return button;
}

function formatNumber(value, format) {
  const n = Number(value);
  if (!Number.isFinite(n)) return escapeHtml(value);
  const precision = Number.isInteger(Number(format?.precision)) ? Number(format.precision) : undefined;
  let text = precision === undefined ? String(n) : n.toFixed(precision);
  if (format?.separator) {
    const [int, frac] = text.split(".");
    text = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac ? `.${frac}` : "");
  }
  return escapeHtml((format?.symbol ?? "") + text);
}

function cellHtml(column, value, ctx) {
  if (value == null) return "";
  switch (column.data_type) {
    case "number":
      return formatNumber(value, column.format);
    case "options":
      return (Array.isArray(value) ? value : [value]).map((o) => `<span class="text-tag tag-${String(o.color ?? "neutral").replace(/[^a-z]/g, "")}">${escapeHtml(o.text ?? o)}</span>`).join(" ");
    case "lark_md":
    case "markdown":
      return renderMarkdown(String(value), ctx.people);
    case "persons":
      return (Array.isArray(value) ? value : [value]).map((id) => `<span class="mention">@${escapeHtml(ctx.people.get(id) ?? id)}</span>`).join(" ");
    case "date": {
      const d = new Date(Number(value));
      return Number.isNaN(d.getTime()) ? escapeHtml(value) : escapeHtml(d.toLocaleDateString("zh-CN"));
    }
    default:
      return escapeHtml(value);
  }
}

function renderTable(e, ctx) {
  const wrap = el("div", "card-table");
  const columns = e.columns ?? [];
  const rows = e.rows ?? [];
  const pageSize = Math.min(10, Math.max(1, Number(e.page_size) || 5));
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  let page = 0;
  const scroller = el("div", "table-scroll");
  const table = el("table", `${e.row_height === "low" ? "low" : ""}${e.freeze_first_column ? " freeze" : ""}`);
  const headStyle = e.header_style ?? {};
  const thead = el("thead", headStyle.background_style === "grey" ? "grey" : "");
  thead.innerHTML = `<tr>${columns.map((c) => `<th style="text-align:${c.horizontal_align ?? headStyle.text_align ?? "left"};${headStyle.bold === false ? "font-weight:400" : ""}">${escapeHtml(c.display_name ?? c.name)}</th>`).join("")}</tr>`;
  const tbody = el("tbody");
  table.append(thead, tbody);
  scroller.append(table);
  wrap.append(scroller);
  const pager = el("div", "pager");
  const draw = () => {
    tbody.innerHTML = rows
      .slice(page * pageSize, page * pageSize + pageSize)
      .map((row) => `<tr>${columns.map((c) => `<td style="text-align:${c.horizontal_align ?? (c.data_type === "number" ? "right" : "left")}">${cellHtml(c, row[c.name], ctx)}</td>`).join("")}</tr>`)
      .join("");
    pager.innerHTML = "";
    if (pages <= 1) return;
    const prev = el("button", "pager-btn", "‹");
    prev.type = "button";
    prev.disabled = page === 0;
    prev.setAttribute("aria-label", "上一页");
    prev.addEventListener("click", () => {
      page = Math.max(0, page - 1);
      draw();
    });
    const next = el("button", "pager-btn", "›");
    next.type = "button";
    next.disabled = page >= pages - 1;
    next.setAttribute("aria-label", "下一页");
    next.addEventListener("click", () => {
      page = Math.min(pages - 1, page + 1);
      draw();
    });
    pager.append(el("span", "muted small", `共 ${rows.length} 行`), prev, el("span", "pager-text", `${page + 1} / ${pages}`), next);
  };
  draw();
  wrap.append(pager);
  return wrap;
}
