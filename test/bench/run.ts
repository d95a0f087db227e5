// npm run bench: each part measures one of the numbers the design asks for and prints it, then one
// line sums them up. Add a part by adding it to the list. Parts run one after another (the machine
// has 2 cores: the bot and the stand-in share one process, the bulletin parts run in child processes
// one at a time).
import { availableParallelism } from "node:os";
import { benchFanout, printFanout } from "./fanout.ts";
import { benchSubmissions, printSubmissions, summarizeSubmissions } from "./submissions.ts";
import { benchBulletin, printBulletin, summarizeBulletin } from "./bulletin.ts";
import { peakMemoryMb } from "./support.ts";

const parts: { name: string; run: () => Promise<string> }[] = [
  {
    name: "card submissions",
    run: async () => {
      const figures = await benchSubmissions();
      printSubmissions(figures);
      return summarizeSubmissions(figures);
    },
  },
  {
    name: "fan-out",
    run: async () => {
      const figures = await benchFanout();
      printFanout(figures);
      return `fan-out ${(figures.shareOfLimit * 100).toFixed(1)}% of the rate limit (target ≥ 90%)${figures.exactlyOnce ? "" : " NOT exactly once"}`;
    },
  },
  {
    name: "bulletin",
    run: async () => {
      const figures = benchBulletin();
      printBulletin(figures);
      return summarizeBulletin(figures);
    },
  },
];

console.log(`node ${process.version}, ${availableParallelism()} cores`);
const summaries: string[] = [];
for (const part of parts) {
  console.log(`── ${part.name}`);
  try {
    summaries.push(await part.run());
  } catch (error) {
    console.log(`  failed: ${(error as Error).message}`);
    summaries.push(`${part.name} failed`);
  }
}
console.log(`── peak memory of this process (submissions and fan-out): ${peakMemoryMb()} MB`);
console.log(`summary: ${summaries.join("; ")}`);
