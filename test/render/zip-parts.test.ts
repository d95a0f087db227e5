// The zip writer deflates a streamed part piece by piece and joins the pieces' deflate streams; a part
// larger than one piece (a province's worksheet) must still read back whole, by another zip reader too.
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { readZip, writeZip } from "../../src/render/zip-parts.ts";

function* rows(count: number): Generator<string> {
  for (let i = 0; i < count; i++) yield `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>${(i * 7919) % 3001}</v></c><t>东山市${i}</t></row>`;
}

describe("writeZip", () => {
  it("writes a part of many pieces and small parts that JSZip reads back byte for byte, with their checksums", async () => {
    const big = [...rows(60_000)].join("");
    expect(big.length).toBeGreaterThan(4 * (1 << 19));
    const zip = await writeZip([
      { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
      { name: "xl/worksheets/sheet1.xml", pieces: rows(60_000) },
      { name: "xl/empty.xml", pieces: [] },
      { name: "xl/sharedStrings.xml", pieces: ["<sst>", "", "</sst>"] },
    ]);
    const read = await JSZip.loadAsync(zip, { checkCRC32: true });
    expect(Object.keys(read.files)).toEqual(["[Content_Types].xml", "xl/worksheets/sheet1.xml", "xl/empty.xml", "xl/sharedStrings.xml"]);
    expect(await read.file("xl/worksheets/sheet1.xml")!.async("string")).toBe(big);
    expect(await read.file("xl/empty.xml")!.async("string")).toBe("");
    expect(await read.file("xl/sharedStrings.xml")!.async("string")).toBe("<sst></sst>");
    expect(readZip(zip).map((part) => [part.name, part.data.length])).toEqual([
      ["[Content_Types].xml", 8],
      ["xl/worksheets/sheet1.xml", Buffer.byteLength(big)],
      ["xl/empty.xml", 0],
      ["xl/sharedStrings.xml", 11],
    ]);
  });

  it("reads a streamed part's pieces only when its turn comes, so a later part can list what earlier ones filed", async () => {
    const seen: string[] = [];
    function* first() {
      seen.push("first");
      yield "a";
    }
    function* second() {
      yield `after ${seen.join()}`;
    }
    const read = readZip(await writeZip([{ name: "second-listed-first.txt", pieces: second() }, { name: "first.txt", pieces: first() }]));
    expect(read[0]!.data.toString()).toBe("after ");
    seen.length = 0;
    const inOrder = readZip(await writeZip([{ name: "first.txt", pieces: first() }, { name: "second.txt", pieces: second() }]));
    expect(inOrder[1]!.data.toString()).toBe("after first");
  });
});
