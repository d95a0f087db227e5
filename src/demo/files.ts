// The demo province (示范省, invented, clearly marked as demo data): 60 市县 with contacts, targets and
// ten months of figures. Used by the sandbox (`npm start` without credentials), tests and benchmarks.
// Regenerate with: npx tsx test/support/write-demo-fixture.ts
import { fileURLToPath } from "node:url";

export const DEMO_WORKSPACE_FILE = fileURLToPath(new URL("./workspace.yaml", import.meta.url));
export const DEMO_FIGURES_FILE = fileURLToPath(new URL("./figures.csv", import.meta.url));
/** the last month with figures in the demo data; the sandbox opens the month after it */
export const DEMO_LAST_PERIOD = "2024-10";
