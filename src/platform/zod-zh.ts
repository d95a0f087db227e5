// zod's default messages are English; people reading our errors read Chinese. Schemas give their own
// messages where it matters; this map covers the generic cases (wrong type, unknown key, missing key).
import type { z } from "zod";

const TYPE_NAMES: Record<string, string> = {
  string: "文本",
  number: "数字",
  boolean: "true 或 false",
  array: "列表",
  object: "键值对",
  undefined: "空",
  null: "空",
};

export const zhErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "缺少此项";
      return `应为${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case "unrecognized_keys":
      return `未知的键：${issue.keys.join("、")}（请检查拼写）`;
    case "too_small":
      return issue.origin === "array" ? `至少需要 ${String(issue.minimum)} 项` : `不能小于 ${String(issue.minimum)}`;
    case "too_big":
      return issue.origin === "array" ? `最多 ${String(issue.maximum)} 项` : `不能大于 ${String(issue.maximum)}`;
    case "invalid_value":
      return `只能是 ${issue.values.map(String).join("、")} 之一`;
    default:
      return undefined;
  }
};
