// A .docx or .xlsx is a zip of XML parts. For a province's 200,000 table cells the libraries' own
// zipping (pure JavaScript deflate) is slow: the workbook's parts are written here directly
// (xlsx/render-xlsx.ts), and the .docx tables are spliced in after the docx library has written the rest
// (docx/render-docx.ts), so that package is read back and written again here, with node's own deflate.
import { promisify } from "node:util";
import { constants, crc32, deflateRaw as deflateRawCallback, inflateRawSync } from "node:zlib";

const deflateRaw = promisify(deflateRawCallback);

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
 * A part is deflated in pieces of about this many UTF-16 units, each on its own (sync-flushed, not
 * final) and the raw deflate streams joined: a valid stream, as pigz writes it. So a 30 MB worksheet
 * never exists whole, and node's thread pool compresses one piece while the next is being written.
 */
const PIECE_CHARS = 1 << 19;
/** pieces handed to the thread pool and not yet back: enough to keep both going, few enough to stay small */
const IN_FLIGHT = 3;

/** The parts deflated into one zip, in the order given; a streamed part's pieces are read only when its turn comes. */
export async function writeZip(parts: readonly (ZipPart | StreamedZipPart)[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, "utf8");
    const { compressed, crc, size } = "data" in part ? await deflatePieces([part.data]) : await deflatePieces(part.pieces);
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

async function deflatePieces(pieces: Iterable<string | Buffer>): Promise<{ compressed: Buffer[]; crc: number; size: number }> {
  const compressed: Buffer[] = [];
  const inFlight: Promise<Buffer>[] = [];
  let crc = 0;
  let size = 0;
  const send = async (data: Buffer, isLast: boolean) => {
    crc = crc32(data, crc);
    size += data.length;
    inFlight.push(deflateRaw(data, { finishFlush: isLast ? constants.Z_FINISH : constants.Z_SYNC_FLUSH }));
    if (inFlight.length >= IN_FLIGHT) compressed.push(await inFlight.shift()!);
  };
  let batch: string[] = [];
  let batchChars = 0;
  for (const piece of pieces) {
    if (typeof piece !== "string") {
      if (batch.length > 0) await send(Buffer.from(batch.join(""), "utf8"), false);
      batch = [];
      batchChars = 0;
      await send(piece, false);
      continue;
    }
    batch.push(piece);
    batchChars += piece.length;
    if (batchChars >= PIECE_CHARS) {
      await send(Buffer.from(batch.join(""), "utf8"), false);
      batch = [];
      batchChars = 0;
    }
  }
  // The last piece (empty if need be) closes the stream with a final block.
  await send(Buffer.from(batch.join(""), "utf8"), true);
  compressed.push(...(await Promise.all(inFlight)));
  return { compressed, crc, size };
}
