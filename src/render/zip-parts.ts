// A .docx or .xlsx is a zip of XML parts. For a province's 400,000 table cells the libraries' own
// zipping (pure JavaScript deflate) is slow, so both packages are zipped here with node's deflate: the
// workbook's parts as xlsx/render-xlsx.ts writes them, the document's as the docx library compiles them
// with the tables spliced in (docx/render-docx.ts). The big parts come as pieces and are deflated as they
// are written, so no whole uncompressed copy of a sheet or of document.xml is ever held.
import { once } from "node:events";
import { crc32, createDeflateRaw, inflateRawSync, type ZlibOptions } from "node:zlib";

export interface ZipPart {
  readonly name: string;
  readonly data: Buffer;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
/** 1980-01-01 00:00, the zip epoch: the same bulletin gives the same bytes */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const UTF8_NAMES = 0x0800;

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
 * A streamed part's pieces are gathered to about this many UTF-16 units, encoded and handed to one
 * deflate stream for the part: a 30 MB worksheet never exists whole, and node's thread pool compresses
 * one batch while the next is being written.
 */
const BATCH_CHARS = 1 << 19;
/** zlib's output buffer: its default 16 KB means a round trip to the thread pool for every 16 KB written */
const OUTPUT_CHUNK = 1 << 18;
/**
 * Measured on a province's parts: level 5 deflates the 54 MB document.xml in 60% of level 6's time and
 * the sheets in 75%, for 3% and 0.5% more bytes. Compressing is the longest step of writing both files.
 */
const LEVEL = 5;
/** bytes waiting for the deflate stream before writing pauses: about two batches, one compressing and one queued */
const QUEUED_BYTES = 2 * BATCH_CHARS * 3;

/** The parts deflated into one zip, in the order given; a streamed part's pieces are read only when its turn comes. */
export async function writeZip(parts: readonly (ZipPart | StreamedZipPart)[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, "utf8");
    const { compressed, crc, size } = await deflatePart("data" in part ? [part.data] : part.pieces);
    const compressedSize = compressed.reduce((sum, chunk) => sum + chunk.length, 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressedSize, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(CENTRAL, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(UTF8_NAMES, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt16LE(0, 12);
    entry.writeUInt16LE(DOS_DATE, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(compressedSize, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    chunks.push(local, name, ...compressed);
    central.push(entry, name);
    offset += local.length + name.length + compressedSize;
  }
  const centralSize = central.reduce((sum, chunk) => sum + chunk.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

async function deflatePart(pieces: Iterable<string | Buffer>): Promise<{ compressed: Buffer[]; crc: number; size: number }> {
  // zlib's streams take a stream's options too, which its typings leave out.
  const options: ZlibOptions & { readonly highWaterMark: number } = { level: LEVEL, chunkSize: OUTPUT_CHUNK, highWaterMark: QUEUED_BYTES };
  const deflate = createDeflateRaw(options);
  const compressed: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => compressed.push(chunk));
  const ended = once(deflate, "end");
  let crc = 0;
  let size = 0;
  const write = async (data: Buffer) => {
    crc = crc32(data, crc);
    size += data.length;
    if (!deflate.write(data)) await once(deflate, "drain");
  };
  let batch: string[] = [];
  let batchChars = 0;
  const writeBatch = async () => {
    if (batch.length === 0) return;
    const data = Buffer.from(batch.join(""), "utf8");
    batch = [];
    batchChars = 0;
    await write(data);
  };
  try {
    for (const piece of pieces) {
      if (typeof piece !== "string") {
        await writeBatch();
        await write(piece);
        continue;
      }
      batch.push(piece);
      batchChars += piece.length;
      if (batchChars >= BATCH_CHARS) await writeBatch();
    }
    await writeBatch();
  } catch (error) {
    deflate.destroy();
    throw error;
  }
  deflate.end();
  await ended;
  return { compressed, crc, size };
}
