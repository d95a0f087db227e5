// npm run bench: each part measures one of the numbers the design asks for and prints it. Add a part
// by adding it to the list.
import { benchFanout, printFanout } from "./fanout.ts";

const parts: { name: string; run: () => Promise<void> }[] = [
  { name: "fan-out", run: async () => printFanout(await benchFanout()) },
];

for (const part of parts) {
  console.log(`── ${part.name}`);
  await part.run();
}
