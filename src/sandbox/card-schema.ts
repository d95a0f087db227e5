import { z } from "zod";
import { CardErrCode } from "./platform-error.ts";

// Card JSON 2.0 as the platform checks it (§2), for the subset of components the bot uses plus the
// other documented 2.0 components. Strict about properties: «在 JSON 2.0 版本中，传入不支持的属性将报错»
// (卡片 JSON 2.0 版本更新说明, https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-breaking-changes-release-notes),
// so the top-level card, `config`, `header`, `body` and every component below carry an explicit list of
// the properties their official page documents (the page is named next to each list), and anything else
// is refused. Strict too about what the platform itself refuses: unknown or 1.0-only tags (§2.4 `note`,
// §2.1 `action`), components in a place they may not go (§2.4 form root-only, tables root-only, charts
// not in forms), and the whole-card rules of §2.5 and §10 (200 elements, 5 tables, element_id, form
// names and submit button, table row keys).
//
// Where the lists come from: the component pages under
// https://open.feishu.cn/document/feishu-cards/card-json-v2-components/… (read from a text copy of the
// Feishu docs, pages dated 2025-06 to 2025-10). A property a page shows only in its own example code (not
// in its field table) is allowed too and says so. Property values are typed only where the page gives a
// clear type or the stand-in already checked them; the point of the lists is the names.
//
// An unknown property is a zod `unrecognized_keys` issue; card-check.ts answers it like the other
// schema refusals: 230099 with sub-code CardErrCode.structureInvalid (11310). The reply/create docs'
// "230099 子错误码" tables give no sub-code for an unsupported property, so that sub-code is UNCONFIRMED
// for this case (11310 is the documented one for «element exceeds the limit», see cardLimits).
//
// Each issue may carry `params.errCode`, the sub-code the platform would put in its 230099 message.

/** Tags that exist only in JSON 1.0 and make a 2.0 card fail with 200861 (§2.4, §2.5). */
export const cardV1OnlyTags = ["note", "action", "fallback"] as const;

/** Container components: they hold `elements` and count towards the 5-level nesting limit (§2.5). */
const containerTags = new Set(["form", "column_set", "collapsible_panel", "interactive_container"]);

/** Components that report a value inside a form (§2.4 form). */
export const valueFieldTags: ReadonlySet<string> = new Set([
  "input",
  "select_static",
  "multi_select_static",
  "date_picker",
  "picker_time",
  "picker_datetime",
  "select_person",
  "multi_select_person",
  "select_img",
  "checker",
]);

/** What inside a form needs a unique, non-empty `name`: the value fields and the buttons. */
const formFieldTags = new Set([...valueFieldTags, "button"]);

export const cardLimits = {
  // §2.5; 卡片 JSON 2.0 结构 «一张卡片最多支持 200 个元素（如 tag 为 plain_text 的文本元素）或组件»:
  // components and elements together, see countElements. Over it the send/reply docs give 230099 with
  // sub-code 11310 and «element exceeds the limit».
  maxElements: 200,
  maxTables: 5, // §2.4.1
  maxNestingDepth: 5, // §2.5
  maxHeaderTags: 3, // §2.2
  elementIdPattern: /^[A-Za-z][A-Za-z0-9_]{0,19}$/, // §2.3
};

const str = z.string().optional();
const bool = z.boolean().optional();
const num = z.number().optional();
const i18nStrings = z.record(z.string(), z.string()).optional();
/** Checked by checkWholeCard, which gives a bad element_id its own message. */
const elementId = z.unknown().optional();

/** `margin` and `element_id`: on every component (卡片 JSON 2.0 结构, §2.3). */
const common = { element_id: elementId, margin: str };

/**
 * The layout properties of the body and of the containers (卡片 JSON 2.0 结构 `body`; 表单容器,
 * 折叠面板, 交互容器, 分栏 column).
 */
const layout = {
  direction: str,
  padding: str,
  horizontal_spacing: str,
  horizontal_align: str,
  vertical_spacing: str,
  vertical_align: str,
};

// A text element (`tag: plain_text | lark_md`). Page "普通文本",
// https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/plain-text :
// tag, element_id, content, text_size, text_color, text_align, lines; `i18n_content` from "配置卡片多语言"
// https://open.feishu.cn/document/feishu-cards/configure-multi-language-content . One list for every
// place a text element goes (button text, label, placeholder, tips, confirm, options); the pages of those
// places list only tag and content, so the extra styling keys are let through there. UNCONFIRMED whether
// the platform refuses them in those places.
const text = z.strictObject({
  tag: z.enum(["plain_text", "lark_md"]),
  content: z.string(),
  i18n_content: i18nStrings,
  element_id: elementId,
  text_size: str,
  text_color: str,
  text_align: str,
  lines: num,
});

// An icon. Pages "标题", "普通文本", "富文本（Markdown）", "按钮" (all under
// https://open.feishu.cn/document/feishu-cards/card-json-v2-components/): tag, token, color, img_key;
// `i18n_img_key` from "配置卡片多语言" (icon img_key).
const iconShape = {
  tag: z.enum(["standard_icon", "custom_icon"]).optional(),
  token: str,
  color: str,
  img_key: str,
  i18n_img_key: i18nStrings,
};
const icon = z.strictObject(iconShape);

/** A link per client: 分栏 `action.multi_url`, 折叠按钮组 option `multi_url`. */
const multiUrl = z.strictObject({ url: str, pc_url: str, ios_url: str, android_url: str });

// `behaviors`. Page "配置卡片交互", https://open.feishu.cn/document/feishu-cards/configuring-card-interactions :
// open_url {type, default_url, android_url, ios_url, pc_url}; callback {type, value}.
// §2.4: `value` may be a string in the docs, but the SDKs only handle objects.
const behavior = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("open_url"), default_url: str, android_url: str, ios_url: str, pc_url: str }),
  z.strictObject({ type: z.literal("callback"), value: z.record(z.string(), z.unknown()) }),
  // UNCONFIRMED: `form_action` is on no page found; kept loose as the stand-in had it.
  z.looseObject({ type: z.literal("form_action") }),
]);
const behaviors = z.array(behavior).optional();

// `confirm`. Pages "按钮", "输入框", "交互容器": {title, text}, both plain_text.
const confirm = z.strictObject({ title: text, text: text.optional() }).optional();

/** Where a list of elements sits; each place forbids some components (§2.4, §2.4.1, §2.4.2). */
type Place = "body" | "form" | "column" | "collapsible_panel" | "interactive_container";

const forbiddenIn: Record<Place, readonly string[]> = {
  body: [],
  form: ["form", "table", "chart"],
  column: ["form", "table"],
  collapsible_panel: ["form", "table"],
  interactive_container: ["form", "table", "chart"],
};

// Page "按钮", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/button :
// tag, element_id, margin, type, size, width, text, icon, hover_tips, disabled, disabled_tips, confirm,
// behaviors; «内嵌在表单容器中的按钮组件，新增 name 和 form_action_type 属性». The page does not say that a
// `name` or `form_action_type` on a button outside a form is refused, so both are allowed anywhere here;
// the bot itself puts `name` only on buttons inside forms (test/render/card-templates.test.ts checks its cards).
// `action_type` (form_submit | form_reset): a 历史属性 of buttons in a form on page "表单容器"
// https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/form-container .
// `url` and `value`: only in the 按钮 page's own example code (JSON 1.0 properties); `multi_url`: the
// JSON 1.0 button's, UNCONFIRMED for 2.0.
const button = z.strictObject({
  tag: z.literal("button"),
  ...common,
  type: z
    .enum(["default", "primary", "danger", "text", "primary_text", "danger_text", "primary_filled", "danger_filled", "laser"])
    .optional(),
  size: z.enum(["tiny", "small", "medium", "large"]).optional(),
  width: str,
  text: text.optional(),
  icon: icon.optional(),
  hover_tips: text.optional(),
  disabled: bool,
  disabled_tips: text.optional(),
  confirm,
  behaviors,
  name: z.string().optional(),
  form_action_type: z.enum(["submit", "reset"]).optional(),
  action_type: str,
  url: str,
  multi_url: multiUrl.optional(),
  value: z.unknown().optional(),
});

/** The components that hold no elements, the same in every place. */
const leafComponents = [
  // Page "富文本（Markdown）", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/rich-text :
  // tag, element_id, margin, content, text_size, text_align, icon; `i18n_content` from "配置卡片多语言".
  // (The 1.0 `href` is named on that page as no longer supported.)
  z.strictObject({
    tag: z.literal("markdown"),
    ...common,
    content: z.string(),
    i18n_content: i18nStrings,
    text_size: str,
    text_align: str,
    icon: icon.optional(),
  }),
  // Page "普通文本", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/plain-text :
  // tag, element_id, margin, width, text, icon. `fields` only in the page's own lark_md example (a 1.0
  // property; its items are left loose).
  z.strictObject({
    tag: z.literal("div"),
    ...common,
    width: str,
    text: text.optional(),
    icon: icon.optional(),
    fields: z.array(z.looseObject({})).optional(),
  }),
  // Page "分割线", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/divider :
  // tag, element_id, margin.
  z.strictObject({ tag: z.literal("hr"), ...common }),
  // Page "图片", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/image :
  // tag, element_id, margin, img_key, alt, title, corner_radius, scale_type, size, transparent, preview,
  // and the 历史属性 mode, custom_width, compact_width; `i18n_img_key` from "配置卡片多语言".
  z.strictObject({
    tag: z.literal("img"),
    ...common,
    img_key: z.string(),
    i18n_img_key: i18nStrings,
    alt: text.optional(),
    title: text.optional(),
    corner_radius: str,
    scale_type: str,
    size: str,
    transparent: bool,
    preview: bool,
    mode: str,
    custom_width: num,
    compact_width: bool,
  }),
  // Page "多图混排", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/multi-image-laylout :
  // tag, element_id, margin, combination_mode, combination_transparent, corner_radius, img_list[{img_key}].
  z.strictObject({
    tag: z.literal("img_combination"),
    ...common,
    combination_mode: str,
    combination_transparent: bool,
    corner_radius: str,
    img_list: z.array(z.strictObject({ img_key: z.string(), i18n_img_key: i18nStrings })),
  }),
  // Page "人员", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/user-profile :
  // tag, element_id, margin, size, show_avatar, show_name, style, user_id.
  z.strictObject({ tag: z.literal("person"), ...common, user_id: z.string(), size: str, show_avatar: bool, show_name: bool, style: str }),
  // Page "人员列表", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/user-list :
  // tag, element_id, margin, drop_invalid_user_id, lines, show_name, show_avatar, size, persons[{id}],
  // icon, ud_icon{token, style{color}}.
  z.strictObject({
    tag: z.literal("person_list"),
    ...common,
    persons: z.array(z.strictObject({ id: z.string() })),
    drop_invalid_user_id: bool,
    lines: num,
    show_name: bool,
    show_avatar: bool,
    size: str,
    icon: icon.optional(),
    ud_icon: z.strictObject({ token: str, style: z.strictObject({ color: str }).optional() }).optional(),
  }),
  // Page "表格", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/table :
  // tag, element_id, margin, page_size, row_height, row_max_height, freeze_first_column, header_style,
  // columns, rows; header_style {text_align, text_size, background_style, text_color, bold, lines};
  // column {name, display_name, width, vertical_align, horizontal_align, data_type, format{precision,
  // symbol, separator}, date_format}. Rows are data keyed by column name (checked in checkTableRows).
  z.strictObject({
    tag: z.literal("table"),
    ...common,
    page_size: z.number().int().min(1).max(10).optional(),
    row_height: str,
    row_max_height: str,
    freeze_first_column: bool,
    header_style: z
      .strictObject({ text_align: str, text_size: str, background_style: str, text_color: str, bold: bool, lines: num })
      .optional(),
    columns: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          display_name: str,
          width: str,
          vertical_align: str,
          horizontal_align: str,
          data_type: z.enum(["text", "lark_md", "options", "number", "persons", "date", "markdown"]).optional(),
          format: z.strictObject({ precision: num, symbol: str, separator: bool }).optional(),
          date_format: str,
        }),
      )
      .max(50),
    rows: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
  // Page "图表", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/chart :
  // tag, element_id, margin, aspect_ratio, color_theme, chart_spec, preview, height. `chart_spec` is a
  // VChart spec and stays open.
  z.strictObject({
    tag: z.literal("chart"),
    ...common,
    chart_spec: z.record(z.string(), z.unknown()),
    aspect_ratio: str,
    color_theme: str,
    preview: bool,
    height: str,
  }),
  // Page "输入框", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/input :
  // tag, element_id, margin, name, required, disabled, disabled_tips, placeholder, default_value, width,
  // behaviors, max_length, input_type, show_icon, rows, auto_resize, max_rows, label, label_position,
  // value (历史属性), confirm; `i18n_default_value` from "配置卡片多语言"; `fallback` only in the 表单容器
  // page's example code.
  z.strictObject({
    tag: z.literal("input"),
    ...common,
    name: z.string().optional(),
    required: bool,
    disabled: bool,
    disabled_tips: text.optional(),
    placeholder: text.optional(),
    default_value: str,
    i18n_default_value: i18nStrings,
    width: str,
    behaviors,
    max_length: z.number().int().min(1).max(1000).optional(),
    input_type: z.enum(["text", "multiline_text", "password"]).optional(),
    show_icon: bool,
    rows: num,
    auto_resize: bool,
    max_rows: num,
    label: text.optional(),
    label_position: str,
    value: z.unknown().optional(),
    confirm,
    fallback: z.looseObject({}).optional(),
  }),
  // Page "下拉选择-单选", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/single-select-dropdown-menu :
  // tag, element_id, margin, type, name, required, disabled, initial_option, initial_index, placeholder,
  // width, behaviors, options[{text, icon, value}], confirm.
  z.strictObject({
    tag: z.literal("select_static"),
    ...common,
    type: str,
    name: z.string().optional(),
    required: bool,
    disabled: bool,
    initial_option: str,
    initial_index: num,
    placeholder: text.optional(),
    width: str,
    behaviors,
    options: z.array(z.strictObject({ text: text, icon: icon.optional(), value: z.string() })),
    confirm,
  }),
  // Page "下拉选择-多选", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/multi-select-dropdown-menu :
  // tag, element_id, margin, type, name, placeholder, width, behaviors, required, disabled,
  // selected_values, options[{text, icon, value}], confirm.
  z.strictObject({
    tag: z.literal("multi_select_static"),
    ...common,
    type: str,
    name: z.string().optional(),
    required: bool,
    disabled: bool,
    selected_values: z.array(z.string()).optional(),
    placeholder: text.optional(),
    width: str,
    behaviors,
    options: z.array(z.strictObject({ text: text, icon: icon.optional(), value: z.string() })),
    confirm,
  }),
  // Page "日期选择器", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/date-picker :
  // tag, element_id, margin, name, required, disabled, placeholder, width, behaviors, initial_date, value, confirm.
  pickerSchema("date_picker", { initial_date: str }),
  // Page "时间选择器", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/time-selector :
  // the same with initial_time.
  pickerSchema("picker_time", { initial_time: str }),
  // Page "日期时间选择器", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/date-time-picker :
  // the same with initial_datetime.
  pickerSchema("picker_datetime", { initial_datetime: str }),
  // Page "人员选择-单选", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/single-select-user-picker :
  // tag, element_id, margin, type, required, disabled, initial_option, placeholder, width, behaviors,
  // options[{value}], confirm; `name` from the 表单容器 page (its example puts one on select_person).
  z.strictObject({
    tag: z.literal("select_person"),
    ...common,
    type: str,
    name: z.string().optional(),
    required: bool,
    disabled: bool,
    initial_option: str,
    placeholder: text.optional(),
    width: str,
    behaviors,
    options: z.array(z.strictObject({ value: z.string() })).optional(),
    confirm,
  }),
  // Page "人员选择-多选", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/multi-select-user-picker :
  // tag, element_id, margin, type, name, required, disabled, placeholder, width, behaviors,
  // selected_values, options[{value}], confirm.
  z.strictObject({
    tag: z.literal("multi_select_person"),
    ...common,
    type: str,
    name: z.string().optional(),
    required: bool,
    disabled: bool,
    selected_values: z.array(z.string()).optional(),
    placeholder: text.optional(),
    width: str,
    behaviors,
    options: z.array(z.strictObject({ value: z.string() })).optional(),
    confirm,
  }),
  // Page "多图选择", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/image-picker :
  // tag, element_id, margin, multi_select, layout, name, required, can_preview, aspect_ratio, disabled,
  // disabled_tips, value, options[{img_key, value, disabled, disabled_tips, hover_tips}], behaviors.
  z.strictObject({
    tag: z.literal("select_img"),
    ...common,
    multi_select: bool,
    layout: str,
    name: z.string().optional(),
    required: bool,
    can_preview: bool,
    aspect_ratio: str,
    disabled: bool,
    disabled_tips: text.optional(),
    value: z.unknown().optional(),
    options: z
      .array(
        z.strictObject({
          img_key: z.string(),
          i18n_img_key: i18nStrings,
          value: str,
          disabled: bool,
          disabled_tips: text.optional(),
          hover_tips: text.optional(),
        }),
      )
      .optional(),
    behaviors,
  }),
  // Page "勾选器", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/checker :
  // tag, element_id, margin, name, checked, text, overall_checkable, button_area{pc_display_rule,
  // buttons}, checked_style{show_strikethrough, opacity}, padding, confirm, behaviors, hover_tips,
  // disabled, disabled_tips; `required` from the 表单容器 page (a property of every field in a form).
  z.strictObject({
    tag: z.literal("checker"),
    ...common,
    name: z.string().optional(),
    required: bool,
    checked: bool,
    text: text.optional(),
    overall_checkable: bool,
    button_area: z.strictObject({ pc_display_rule: str, buttons: z.array(button).optional() }).optional(),
    checked_style: z.strictObject({ show_strikethrough: bool, opacity: num }).optional(),
    padding: str,
    confirm,
    behaviors,
    hover_tips: text.optional(),
    disabled: bool,
    disabled_tips: text.optional(),
  }),
  // Page "折叠按钮组", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/overflow :
  // tag, element_id, margin, width, options[{text, multi_url, value}], behaviors, confirm.
  z.strictObject({
    tag: z.literal("overflow"),
    ...common,
    width: str,
    options: z.array(z.strictObject({ text: text.optional(), multi_url: multiUrl.optional(), value: z.string() })),
    behaviors,
    confirm,
  }),
  button,
];

/** The three pickers share a page layout: only the initial value's name differs. */
function pickerSchema<Tag extends string, Extra extends z.core.$ZodLooseShape>(tag: Tag, extra: Extra) {
  return z.strictObject({
    tag: z.literal(tag),
    ...common,
    name: z.string().optional(),
    required: bool,
    disabled: bool,
    placeholder: text.optional(),
    width: str,
    behaviors,
    value: z.unknown().optional(),
    confirm,
    ...extra,
  });
}

type ElementList = z.ZodType<unknown[]>;
const listCache = new Map<string, ElementList>();

/** The list of elements allowed in a place nested inside `outer` places (their bans accumulate). */
function elementsIn(places: readonly Place[]): ElementList {
  const banned = new Set(places.flatMap((p) => forbiddenIn[p]));
  const key = [...banned].sort().join(",");
  const cached = listCache.get(key);
  if (cached) return cached;
  const nested = (place: Place) => z.lazy(() => elementsIn([...places, place]));

  const containers = [
    // Page "分栏", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/column-set :
    // column_set {tag, element_id, margin, horizontal_spacing, horizontal_align, flex_mode,
    // background_style, action{multi_url}, columns}; column {tag, element_id, background_style, width,
    // weight, horizontal_spacing, horizontal_align, vertical_align, vertical_spacing, direction, padding,
    // margin, elements, action{multi_url}}.
    z.strictObject({
      tag: z.literal("column_set"),
      ...common,
      horizontal_spacing: str,
      horizontal_align: str,
      flex_mode: str,
      background_style: str,
      action: z.strictObject({ multi_url: multiUrl.optional() }).optional(),
      columns: z
        .array(
          z.strictObject({
            tag: z.literal("column"),
            ...common,
            ...layout,
            background_style: str,
            width: str,
            weight: num,
            action: z.strictObject({ multi_url: multiUrl.optional() }).optional(),
            elements: nested("column").optional(),
          }),
        )
        .optional(),
    }),
    // Page "表单容器", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/form-container :
    // tag, element_id, direction, margin, padding, horizontal_spacing, horizontal_align, vertical_align,
    // vertical_spacing, name, elements; `fallback` only in the page's example code.
    z.strictObject({
      tag: z.literal("form"),
      ...common,
      ...layout,
      name: z.string(),
      elements: nested("form"),
      fallback: z.looseObject({}).optional(),
    }),
    // Page "折叠面板", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/collapsible-panel :
    // tag, element_id, margin, the layout properties, expanded, background_color, header{title,
    // background_color, width, vertical_align, padding, position (in the page's JSON only), icon{tag,
    // token, color, img_key, size}, icon_position, icon_expanded_angle}, border{color, corner_radius},
    // elements. The title's tag is plain_text or markdown.
    z.strictObject({
      tag: z.literal("collapsible_panel"),
      ...common,
      ...layout,
      expanded: bool,
      background_color: str,
      header: z
        .strictObject({
          title: z
            .strictObject({ tag: z.enum(["plain_text", "markdown", "lark_md"]).optional(), content: z.string(), i18n_content: i18nStrings })
            .optional(),
          background_color: str,
          width: str,
          vertical_align: str,
          padding: str,
          position: str,
          icon: z.strictObject({ ...iconShape, size: str }).optional(),
          icon_position: str,
          icon_expanded_angle: num,
        })
        .optional(),
      border: z.strictObject({ color: str, corner_radius: str }).optional(),
      elements: nested("collapsible_panel"),
    }),
    // Page "交互容器", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/interactive-container :
    // tag, width, height, element_id, margin, the layout properties, background_style, has_border,
    // border_color, corner_radius, behaviors, hover_tips, disabled, disabled_tips, confirm, elements.
    z.strictObject({
      tag: z.literal("interactive_container"),
      ...common,
      ...layout,
      width: str,
      height: str,
      background_style: str,
      has_border: bool,
      border_color: str,
      corner_radius: str,
      behaviors,
      hover_tips: text.optional(),
      disabled: bool,
      disabled_tips: text.optional(),
      confirm,
      elements: nested("interactive_container"),
    }),
  ];
  const all = [...leafComponents, ...containers];
  const allowed = all.filter((option) => !banned.has(option.shape.tag.value));
  // A discriminated union keeps the error on the misplaced element instead of a union of everything.
  const [first, ...rest] = allowed;
  if (!first) throw new Error("no components allowed");
  const list = z.array(z.discriminatedUnion("tag", [first, ...rest])) as unknown as ElementList;
  listCache.set(key, list);
  return list;
}

/** Every tag the schema knows, so an unknown tag can be told apart from a misplaced one. */
export const cardV2Tags = new Set([
  "markdown",
  "div",
  "hr",
  "img",
  "img_combination",
  "person",
  "person_list",
  "column_set",
  "column",
  "table",
  "chart",
  "form",
  "collapsible_panel",
  "interactive_container",
  "input",
  "select_static",
  "multi_select_static",
  "date_picker",
  "picker_time",
  "picker_datetime",
  "select_person",
  "multi_select_person",
  "select_img",
  "checker",
  "overflow",
  "button",
]);

// Page "标题", https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/title :
// header {title, subtitle, text_tag_list, i18n_text_tag_list, template, icon, padding}; title and
// subtitle {tag: plain_text | lark_md, content} (`i18n_content` from "配置卡片多语言"); a text_tag
// {tag, element_id, text, color}; icon {tag, token, color, img_key}.
const headerText = (tag: "required" | "optional") =>
  z.strictObject({
    tag: tag === "required" ? z.enum(["plain_text", "lark_md"]) : z.enum(["plain_text", "lark_md"]).optional(),
    content: z.string(),
    i18n_content: i18nStrings,
  });
const textTag = z.strictObject({ tag: z.literal("text_tag"), element_id: elementId, text: text.optional(), color: str });

const header = z.strictObject({
  title: headerText("required").optional(),
  subtitle: headerText("optional").optional(),
  template: z
    .enum(["blue", "wathet", "turquoise", "green", "yellow", "orange", "red", "carmine", "violet", "purple", "indigo", "grey", "default"])
    .optional(),
  text_tag_list: z.array(textTag).max(cardLimits.maxHeaderTags).optional(),
  i18n_text_tag_list: z.record(z.string(), z.array(textTag).max(cardLimits.maxHeaderTags)).optional(),
  icon: icon.optional(),
  padding: str,
});

// Page "卡片 JSON 2.0 结构", https://open.feishu.cn/document/feishu-cards/card-json-v2-structure :
// config {streaming_mode, streaming_config{print_frequency_ms, print_step, print_strategy}, summary
// {content, i18n_content}, locales, enable_forward, update_multi, width_mode, use_custom_translation,
// enable_forward_interaction, style{text_size, color}}; `update_multi` may only be true (§2.1).
const config = z.strictObject({
  streaming_mode: bool,
  streaming_config: z
    .strictObject({
      print_frequency_ms: z.record(z.string(), z.number()).optional(),
      print_step: z.record(z.string(), z.number()).optional(),
      print_strategy: str,
    })
    .optional(),
  summary: z.strictObject({ content: str, i18n_content: i18nStrings }).optional(),
  locales: z.array(z.string()).optional(),
  enable_forward: bool,
  update_multi: z.literal(true).optional(),
  width_mode: z.enum(["default", "compact", "fill"]).optional(),
  use_custom_translation: bool,
  enable_forward_interaction: bool,
  style: z
    .strictObject({
      text_size: z.record(z.string(), z.strictObject({ default: str, pc: str, mobile: str })).optional(),
      color: z.record(z.string(), z.strictObject({ light_mode: str, dark_mode: str })).optional(),
    })
    .optional(),
});

/**
 * The same page: a 2.0 card's top-level keys are schema, config, card_link, header, body (§2.1);
 * card_link {url, pc_url, ios_url, android_url}; body {direction, padding, horizontal_spacing,
 * horizontal_align, vertical_spacing, vertical_align, elements}.
 */
export const cardV2Schema = z
  .strictObject({
    schema: z.literal("2.0"),
    config: config.optional(),
    card_link: multiUrl.optional(),
    header: header.optional(),
    body: z.strictObject({ ...layout, elements: elementsIn(["body"]) }),
  })
  .superRefine((card, ctx) => checkWholeCard(card, ctx));

type RefineContext = z.core.$RefinementCtx<unknown>;
type Element = Record<string, unknown> & { tag: string };

function asElements(value: unknown): Element[] {
  return Array.isArray(value) ? (value as Element[]) : [];
}

/**
 * §2.5: what counts towards the 200. 卡片 JSON 2.0 结构 says «200 个元素（如 tag 为 plain_text 的文本元素）或组件»
 * and CardKit's 300305 «请将组件和元素的数量之和控制在 200 个以内»: components and elements together. Every
 * object with a `tag` is counted (components, columns, the text elements of titles, labels,
 * placeholders, button texts, options and tips, header text tags, icons), wherever it sits in the card.
 * Not counted: what is data rather than card structure (a chart's VChart spec, a table's rows, callback
 * `value`s). Whether icons and the header's text elements count is UNCONFIRMED; the docs name only
 * plain_text elements as an example.
 */
export function countElements(card: unknown): number {
  const dataKeys = new Set(["chart_spec", "rows", "value"]);
  const walk = (node: unknown): number => {
    if (Array.isArray(node)) return node.reduce<number>((sum, item) => sum + walk(item), 0);
    if (typeof node !== "object" || node === null) return 0;
    let count = typeof (node as Record<string, unknown>)["tag"] === "string" ? 1 : 0;
    for (const [key, value] of Object.entries(node)) if (!dataKeys.has(key)) count += walk(value);
    return count;
  };
  const { header, body } = (card ?? {}) as Record<string, unknown>;
  return walk(header) + walk(body);
}

/** Rules about the card as a whole, which a per-element schema cannot see (§2.4, §2.5, §10). */
function checkWholeCard(card: { body: { elements: unknown[] } }, ctx: RefineContext): void {
  const fail = (path: (string | number)[], errCode: number, message: string) =>
    ctx.addIssue({ code: "custom", path: ["body", "elements", ...path], message, params: { errCode } });

  let tableCount = 0;
  const elementIds = new Set<string>();
  const formNames = new Set<string>();

  const visit = (elements: Element[], path: (string | number)[], depth: number, form: Set<string> | null) => {
    elements.forEach((element, index) => {
      const at = [...path, index];
      const elementId = element["element_id"];
      if (elementId !== undefined) {
        if (typeof elementId !== "string" || !cardLimits.elementIdPattern.test(elementId)) {
          fail(at, CardErrCode.structureInvalid, `element_id ${JSON.stringify(elementId)} must match ${cardLimits.elementIdPattern}`);
        } else if (elementIds.has(elementId)) {
          fail(at, CardErrCode.structureInvalid, `element_id ${elementId} is not unique`);
        } else {
          elementIds.add(elementId);
        }
      }
      if (form && formFieldTags.has(element.tag)) checkFormField(element, at, form);
      switch (element.tag) {
        case "table":
          tableCount += 1;
          checkTableRows(element, at);
          break;
        case "chart":
          if (typeof element["chart_spec"] !== "object" || typeof (element["chart_spec"] as Record<string, unknown>)["type"] !== "string") {
            fail(at, CardErrCode.chartSpecInvalid, "chart spec is invalid: chart_spec.type is required");
          }
          break;
        case "form":
          checkForm(element, at);
          break;
      }
      const nextDepth = containerTags.has(element.tag) ? depth + 1 : depth;
      if (nextDepth > cardLimits.maxNestingDepth) {
        fail(at, CardErrCode.structureInvalid, `containers nest deeper than ${cardLimits.maxNestingDepth} levels`);
        return;
      }
      const inner = element.tag === "form" ? new Set<string>() : form;
      if (element.tag === "column_set") {
        asElements(element["columns"]).forEach((column, c) => {
          visit(asElements(column["elements"]), [...at, "columns", c, "elements"], nextDepth, inner);
        });
      } else if (Array.isArray(element["elements"])) {
        visit(asElements(element["elements"]), [...at, "elements"], nextDepth, inner);
      }
    });
  };

  const checkFormField = (element: Element, at: (string | number)[], names: Set<string>) => {
    const name = element["name"];
    if (typeof name !== "string" || name === "") {
      fail(at, CardErrCode.emptyFormFieldName, `${element.tag} inside a form needs a non-empty name`);
    } else if (names.has(name)) {
      fail(at, CardErrCode.structureInvalid, `form field name ${name} is not unique in its form`);
    } else {
      names.add(name);
    }
  };

  const checkForm = (form: Element, at: (string | number)[]) => {
    const name = form["name"];
    if (typeof name !== "string" || name === "") fail(at, CardErrCode.emptyFormFieldName, "form needs a non-empty name");
    else if (formNames.has(name)) fail(at, CardErrCode.structureInvalid, `form name ${name} is not unique`);
    else formNames.add(name);
    if (!containsSubmitButton(asElements(form["elements"]))) {
      fail(at, CardErrCode.structureInvalid, "form needs a button with form_action_type submit");
    }
  };

  const checkTableRows = (table: Element, at: (string | number)[]) => {
    const columns = new Map<string, string>();
    for (const column of asElements(table["columns"])) {
      columns.set(String(column["name"]), String(column["data_type"] ?? "text"));
    }
    asElements(table["rows"]).forEach((row, r) => {
      for (const [key, cell] of Object.entries(row)) {
        const type = columns.get(key);
        if (type === undefined) {
          fail([...at, "rows", r], CardErrCode.tableRowKeyUndeclared, `row key ${key} is not declared in columns`);
        } else if (!cellMatches(type, cell)) {
          fail([...at, "rows", r, key], CardErrCode.tableRowsInvalid, `cell ${key} does not match data_type ${type}`);
        }
      }
    });
  };

  visit(asElements(card.body.elements), [], 0, null);
  const elementCount = countElements(card);
  if (elementCount > cardLimits.maxElements) {
    // The send/reply docs' sub-code for this: 11310 «element exceeds the limit».
    ctx.addIssue({
      code: "custom",
      path: [],
      message: `element exceeds the limit: card has ${elementCount} components and elements, more than ${cardLimits.maxElements}`,
      params: { errCode: CardErrCode.structureInvalid },
    });
  }
  if (tableCount > cardLimits.maxTables) {
    fail([], CardErrCode.structureInvalid, `card has ${tableCount} tables, more than ${cardLimits.maxTables}`);
  }
}

function containsSubmitButton(elements: Element[]): boolean {
  return elements.some((element) => {
    if (element.tag === "button") {
      // 表单容器 page: the old `action_type: form_submit` is a 历史属性, still accepted.
      return element["form_action_type"] === "submit" || element["action_type"] === "form_submit";
    }
    if (element.tag === "column_set") {
      return asElements(element["columns"]).some((column) => containsSubmitButton(asElements(column["elements"])));
    }
    return containsSubmitButton(asElements(element["elements"]));
  });
}

/** §2.4.1: a cell must match its column's data_type (200914). */
function cellMatches(type: string, cell: unknown): boolean {
  switch (type) {
    case "number":
    case "date":
      return typeof cell === "number";
    case "persons":
      return Array.isArray(cell) && cell.every((p) => typeof p === "string");
    case "options":
      return Array.isArray(cell);
    default:
      return typeof cell === "string" || typeof cell === "number";
  }
}
