import { concatBytes } from '../../../src/platform/bytes';
/**
 * Builds ZIP archives byte by byte, so tests can craft what zip writers never produce on purpose:
 * sizes that lie, duplicate names, ZIP64 fields, encrypted flags, local headers that differ from the
 * central directory. Not a test file itself.
 */
import { Deflate, deflateSync } from 'fflate';

export interface RawEntry {
  name: string;
  data: Uint8Array | string;
  /** 0 stored, 8 deflate (default), anything else is written as is (with the data stored). */
  method?: number;
  flags?: number;
  /** Uncompressed size to declare instead of the real one (zip bombs declare small sizes). */
  declaredSize?: number;
  /** Put sizes and the offset in a ZIP64 extra field of the central directory (32-bit fields 0xFFFFFFFF). */
  zip64?: boolean;
  /** Bytes of an extra field in the local header only (the central directory has none). */
  localExtra?: Uint8Array;
  /** Already deflated bytes to store as the entry's data (with method 8); `data` is then ignored. */
  deflated?: Uint8Array;
}

/** `size` bytes of `unit` repeated (zeros by default), deflated a megabyte at a time so the test never holds them all. */
export function deflatedZeros(size: number, unit?: string): Uint8Array {
  const out: Uint8Array[] = [];
  const deflate = new Deflate({ level: 1 }, (chunk) => out.push(chunk));
  const block = new Uint8Array(1024 * 1024);
  if (unit) {
    const u = enc.encode(unit);
    for (let i = 0; i + u.length <= block.length; i += u.length) block.set(u, i);
  }
  for (let left = size; left > 0; left -= block.length) deflate.push(left >= block.length ? block : block.subarray(0, left), false);
  deflate.push(new Uint8Array(0), true);
  return concatBytes(out);
}

const enc = new TextEncoder();

class Bytes {
  private parts: number[] = [];
  u16(v: number) {
    this.parts.push(v & 0xff, (v >>> 8) & 0xff);
    return this;
  }
  u32(v: number) {
    this.parts.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    return this;
  }
  u64(v: number) {
    return this.u32(v % 2 ** 32).u32(Math.floor(v / 2 ** 32));
  }
  raw(b: Uint8Array) {
    for (const x of b) this.parts.push(x);
    return this;
  }
  get length() {
    return this.parts.length;
  }
  done() {
    return Uint8Array.from(this.parts);
  }
}

export function buildZip(entries: RawEntry[], opts: { zip64End?: boolean } = {}): Uint8Array {
  const out = new Bytes();
  const central = new Bytes();
  for (const e of entries) {
    const data = typeof e.data === 'string' ? enc.encode(e.data) : e.data;
    const method = e.method ?? 8;
    const body = e.deflated ?? (method === 8 ? deflateSync(data) : data);
    const name = enc.encode(e.name);
    const size = e.declaredSize ?? data.length;
    const offset = out.length;
    const localExtra = e.localExtra ?? new Uint8Array(0);
    out
      .u32(0x04034b50)
      .u16(20)
      .u16(e.flags ?? 0)
      .u16(method)
      .u16(0)
      .u16(0)
      .u32(0)
      .u32(body.length)
      .u32(size)
      .u16(name.length)
      .u16(localExtra.length);
    out.raw(name).raw(localExtra).raw(body);
    const extra = new Bytes();
    if (e.zip64) extra.u16(0x0001).u16(24).u64(size).u64(body.length).u64(offset);
    const x = extra.done();
    central
      .u32(0x02014b50)
      .u16(20)
      .u16(20)
      .u16(e.flags ?? 0)
      .u16(method)
      .u16(0)
      .u16(0)
      .u32(0)
      .u32(e.zip64 ? 0xffffffff : body.length)
      .u32(e.zip64 ? 0xffffffff : size)
      .u16(name.length)
      .u16(x.length)
      .u16(0)
      .u16(0)
      .u16(0)
      .u32(0)
      .u32(e.zip64 ? 0xffffffff : offset)
      .raw(name)
      .raw(x);
  }
  const cd = central.done();
  const cdOffset = out.length;
  out.raw(cd);
  if (opts.zip64End) {
    const eocd64 = out.length;
    out.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0).u64(entries.length).u64(entries.length).u64(cd.length).u64(cdOffset);
    out.u32(0x07064b50).u32(0).u64(eocd64).u32(1);
    out.u32(0x06054b50).u16(0).u16(0).u16(0xffff).u16(0xffff).u32(0xffffffff).u32(0xffffffff).u16(0);
  } else {
    out.u32(0x06054b50).u16(0).u16(0).u16(entries.length).u16(entries.length).u32(cd.length).u32(cdOffset).u16(0);
  }
  return out.done();
}

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a one-sheet workbook, to be changed by a test and packed with buildZip. */
export function workbookParts(sheetXml: string, extra: Record<string, string> = {}): RawEntry[] {
  const parts: Record<string, string> = {
    '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': sheetXml,
    ...extra,
  };
  return Object.entries(parts).map(([name, data]) => ({ name, data }));
}

export const sheetXml = (rows: string) =>
  `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
