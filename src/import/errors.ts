// An import refuses the whole file on the first look at it: every problem is listed with where it is,
// and nothing is written.

export interface ImportIssue {
  /** 1-based line in the file, when known */
  readonly line: number | null;
  /** the key path (workspace file) or column (figures file) */
  readonly where: string;
  readonly message: string;
}

export class ImportRejected extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly ImportIssue[],
  ) {
    super(`${file} 有 ${issues.length} 处错误，未导入任何内容：\n${issues.map(formatIssue).join("\n")}`);
    this.name = "ImportRejected";
  }
}

export function formatIssue(issue: ImportIssue): string {
  const at = issue.line === null ? "" : `第${issue.line}行`;
  const where = issue.where ? `${at ? "，" : ""}${issue.where}` : "";
  return `  - ${at}${where}：${issue.message}`;
}
