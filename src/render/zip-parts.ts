// A .docx or .xlsx is a zip of XML parts. For a province's 400,000 table cells the libraries' own
// zipping (pure JavaScript deflate) is slow, so both packages are zipped with yazl, which deflates with
// node's zlib: the workbook's parts as xlsx/render-xlsx.ts writes them, the document's as the docx
// library compiles them with the tables spliced in (docx/render-docx.ts). The big parts come as pieces
// and are deflated as they are written, so no whole uncompressed copy of a sheet or of document.xml is
// ever held. Measured against the zip writer this replaced, on a province's files: 1.16× (.xlsx) and
// 1.26× (.docx) its time, 4–10 MB more at the peak; fflate was 1.8–2.2× (src/README.md, "Libraries").
import { Readable } from "node:stream";
import { inflateRawSync } from "node:zlib";
import yazl from "yazl";

export interface ZipPart {
  readonly name: string;
  readonly data: Buffer;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;

/** The parts of a zip written without zip64 or encryption (as the docx library writes it), in order. */
export function readZip(zip: Buffer): ZipPart[] {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END) end--;
  if (end < 0) throw new Error("not a zip file: no end of central directory");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const parts: ZipPart[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error("broken zip central directory");
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (zip.readUInt32LE(local) !== LOCAL) throw new Error(`broken zip entry ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const stored = zip.subarray(start, start + compressedSize);
    if (method !== 0 && method !== 8) throw new Error(`zip entry ${name}: compression ${method} not supported`);
    if (name.endsWith("/")) continue;
    parts.push({ name, data: method === 8 ? inflateRawSync(stored) : Buffer.from(stored) });
  }
  return parts;
}

/** A part written piece by piece (a worksheet, document.xml), deflated as it is produced. */
export interface StreamedZipPart {
  readonly name: string;
  readonly pieces: Iterable<string>;
}

/**
 * A streamed part's pieces are gathered to about this many UTF-16 units and encoded as one buffer for
 * the deflate stream: a 30 MB worksheet never exists whole, and node's thread pool compresses one batch
 * while the next is being written.
 */
const BATCH_CHARS = 1 << 19;
/**
 * Measured on a province's parts: level 5 deflates the 54 MB document.xml in 60% of level 6's time and
 * the sheets in 75%, for 3% and 0.5% more bytes. Compressing is the longest step of writing both files.
 */
const LEVEL = 5;
/** Every entry is dated 1980-01-01 00:00 (the zip epoch, in DOS local time), so the same bulletin gives the same bytes. */
const ENTRY_OPTIONS = { mtime: new Date(1980, 0, 1, 0, 0, 0), forceDosTimestamp: true, compressionLevel: LEVEL } as const;

/** The parts deflated into one zip, in the order given; a streamed part's pieces are read only when its turn comes. */
export async function writeZip(parts: readonly (ZipPart | StreamedZipPart)[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const part of parts) {
    if ("data" in part) zip.addBuffer(part.data, part.name, ENTRY_OPTIONS);
    else zip.addReadStreamLazy(part.name, ENTRY_OPTIONS, (done) => done(null, Readable.from(batches(part.pieces), { objectMode: false })));
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function* batches(pieces: Iterable<string>): Generator<Buffer> {
  let batch: string[] = [];
  let chars = 0;
  for (const piece of pieces) {
    batch.push(piece);
    chars += piece.length;
    if (chars >= BATCH_CHARS) {
      yield Buffer.from(batch.join(""), "utf8");
      batch = [];
      chars = 0;
    }
  }
  if (batch.length > 0) yield Buffer.from(batch.join(""), "utf8");
}
