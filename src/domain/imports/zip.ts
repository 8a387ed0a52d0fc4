import { Inflate } from 'fflate';

/**
 * A ZIP reader for uploaded spreadsheets (at most a few MB, already in memory). Entries are found
 * through the central directory, as Excel and LibreOffice find them, and only the entries asked for
 * are inflated. The sizes an archive declares are never trusted: inflation is fed in small slices
 * and the bytes actually produced are counted against one budget for the whole archive, so a zip
 * bomb stops at the budget instead of filling memory.
 */
export class ZipError extends Error {
  override name = 'ZipError';
}

/** The archive inflates past the budget: a zip bomb, or a sheet far larger than any import. */
export class InflateLimitError extends ZipError {
  override name = 'InflateLimitError';
  constructor(readonly limit: number) {
    super(`The archive inflates to more than ${limit} bytes`);
  }
}

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const EOCD64_LOCATOR_SIG = 0x07064b50;
const EOCD64_SIG = 0x06064b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;
const MAX_ENTRIES = 10_000;
const MAX_COMMENT = 0xffff;
/** Compressed bytes per inflate step: deflate expands at most ~1032:1, so one step yields at most ~4 MB. */
const SLICE_BYTES = 4096;

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const u64 = (b: Uint8Array, o: number) => u32(b, o) + u32(b, o + 4) * 2 ** 32;

export const looksLikeZip = (bytes: Uint8Array) => bytes.length >= 4 && u32(bytes, 0) === LFH_SIG;

export class ZipArchive {
  private readonly entries = new Map<string, Entry | 'duplicate'>();
  private inflated = 0;

  /** @param maxInflatedBytes budget for every entry read from this archive together */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly maxInflatedBytes: number,
  ) {
    for (const entry of readCentralDirectory(bytes)) {
      // Part names are case-insensitive (OPC); two entries with one name are ambiguous, so neither is read.
      const key = entry.name.toLowerCase();
      this.entries.set(key, this.entries.has(key) ? 'duplicate' : entry);
    }
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  /**
   * Streams one entry's bytes to `onChunk` as they are inflated; false when there is no such entry.
   * Throws InflateLimitError when the archive's budget is exceeded, ZipError when the entry is damaged.
   */
  read(name: string, onChunk: (chunk: Uint8Array) => void): boolean {
    const entry = this.entries.get(name.toLowerCase());
    if (entry === undefined) return false;
    if (entry === 'duplicate') throw new ZipError(`The archive holds ${name} more than once`);
    if (entry.flags & 1) throw new ZipError('Encrypted archives are not supported');
    const data = this.entryData(entry);
    // Errors of the budget and of the consumer pass through the inflater; only the inflater's own mean damage.
    let ours: unknown;
    const emit = (chunk: Uint8Array) => {
      try {
        this.inflated += chunk.length;
        if (this.inflated > this.maxInflatedBytes) throw new InflateLimitError(this.maxInflatedBytes);
        if (chunk.length) onChunk(chunk);
      } catch (e) {
        ours = e;
        throw e;
      }
    };
    if (entry.method === 0) {
      for (let i = 0; i < data.length; i += SLICE_BYTES) emit(data.subarray(i, i + SLICE_BYTES));
      return true;
    }
    if (entry.method !== 8) throw new ZipError(`Unsupported compression method ${entry.method}`);
    let ended = false;
    const inflater = new Inflate((chunk, final) => {
      emit(chunk);
      if (final) ended = true;
    });
    try {
      for (let i = 0; i < data.length && !ended; i += SLICE_BYTES) {
        const end = Math.min(i + SLICE_BYTES, data.length);
        inflater.push(data.subarray(i, end), end === data.length);
      }
      if (data.length === 0) inflater.push(new Uint8Array(0), true);
    } catch (e) {
      if (e === ours) throw e;
      throw new ZipError(`Damaged entry ${name}`);
    }
    if (!ended) throw new ZipError(`Damaged entry ${name}`);
    return true;
  }

  private entryData(entry: Entry): Uint8Array {
    const b = this.bytes;
    const at = entry.localHeaderOffset;
    if (at + 30 > b.length || u32(b, at) !== LFH_SIG) throw new ZipError('Damaged local file header');
    // The local header's name and extra lengths may differ from the central directory's.
    const start = at + 30 + u16(b, at + 26) + u16(b, at + 28);
    const end = start + entry.compressedSize;
    if (end > b.length) throw new ZipError('An entry extends past the end of the archive');
    return b.subarray(start, end);
  }
}

function findEndOfCentralDirectory(b: Uint8Array): number {
  const lowest = Math.max(0, b.length - 22 - MAX_COMMENT);
  for (let i = b.length - 22; i >= lowest; i--) {
    if (u32(b, i) === EOCD_SIG && i + 22 + u16(b, i + 20) <= b.length) return i;
  }
  throw new ZipError('Not a ZIP archive (no end of central directory)');
}

function readCentralDirectory(b: Uint8Array): Entry[] {
  const eocd = findEndOfCentralDirectory(b);
  let count = u16(b, eocd + 10);
  let size = u32(b, eocd + 12);
  let offset = u32(b, eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || u32(b, locator) !== EOCD64_LOCATOR_SIG) throw new ZipError('Damaged ZIP64 end of central directory');
    const at = u64(b, locator + 8);
    if (at + 56 > b.length || u32(b, at) !== EOCD64_SIG) throw new ZipError('Damaged ZIP64 end of central directory');
    count = u64(b, at + 32);
    size = u64(b, at + 40);
    offset = u64(b, at + 48);
  }
  if (count > MAX_ENTRIES) throw new ZipError(`More than ${MAX_ENTRIES} entries`);
  if (offset + size > b.length) throw new ZipError('The central directory extends past the end of the archive');
  const entries: Entry[] = [];
  const decoder = new TextDecoder();
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > b.length || u32(b, p) !== CDH_SIG) throw new ZipError('Damaged central directory');
    const flags = u16(b, p + 8);
    const method = u16(b, p + 10);
    let compressedSize = u32(b, p + 20);
    const nameLength = u16(b, p + 28);
    const extraLength = u16(b, p + 30);
    const commentLength = u16(b, p + 32);
    let localHeaderOffset = u32(b, p + 42);
    const nameEnd = p + 46 + nameLength;
    const extraEnd = nameEnd + extraLength;
    if (extraEnd + commentLength > b.length) throw new ZipError('Damaged central directory');
    // Names in OOXML packages are ASCII; bit 11 marks UTF-8, and CP437 agrees with ASCII where it matters.
    const name = decoder.decode(b.subarray(p + 46, nameEnd));
    if (compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      ({ compressedSize, localHeaderOffset } = zip64Extra(
        b,
        nameEnd,
        extraEnd,
        u32(b, p + 24) === 0xffffffff,
        compressedSize,
        localHeaderOffset,
      ));
    }
    entries.push({ name, method, flags, compressedSize, localHeaderOffset });
    p = extraEnd + commentLength;
  }
  return entries;
}

/** The ZIP64 extended-information extra field holds, in order, only the values whose 32-bit field is 0xFFFFFFFF. */
function zip64Extra(
  b: Uint8Array,
  start: number,
  end: number,
  hasUncompressed: boolean,
  compressedSize: number,
  localHeaderOffset: number,
) {
  for (let p = start; p + 4 <= end; ) {
    const id = u16(b, p);
    const len = u16(b, p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const take = () => {
        if (q + 8 > p + 4 + len) throw new ZipError('Damaged ZIP64 extra field');
        const v = u64(b, q);
        q += 8;
        return v;
      };
      if (hasUncompressed) take();
      if (compressedSize === 0xffffffff) compressedSize = take();
      if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
      return { compressedSize, localHeaderOffset };
    }
    p += 4 + len;
  }
  throw new ZipError('Missing ZIP64 extra field');
}
