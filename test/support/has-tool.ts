// Whether a command-line tool is installed: the LibreOffice layout tests run only where it is.
import { execFileSync } from "node:child_process";

export function hasTool(name: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
