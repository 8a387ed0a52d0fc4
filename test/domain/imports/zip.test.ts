import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InflateLimitError, looksLikeZip, ZipArchive, ZipError } from '../../../src/domain/imports/zip';
import { buildZip, deflatedZeros } from './zip-builder';

const text = (zip: ZipArchive, name: string) => {
  const chunks: Uint8Array[] = [];
  const found = zip.read(name, (c) => chunks.push(c.slice()));
  if (!found) return null;
  return new TextDecoder().decode(Uint8Array.from(chunks.flatMap((c) => [...c])));
};

const MB = 1024 * 1024;

describe('ZipArchive', () => {
  it('reads deflated and stored entries through the central directory', () => {
    const bytes = buildZip([
      { name: 'a.txt', data: 'hello deflate '.repeat(100) },
      { name: 'dir/b.txt', data: '存储的内容', method: 0 },
    ]);
    expect(looksLikeZip(bytes)).toBe(true);
    const zip = new ZipArchive(bytes, MB);
    expect(text(zip, 'a.txt')).toBe('hello deflate '.repeat(100));
    expect(text(zip, 'dir/b.txt')).toBe('存储的内容');
    expect(text(zip, 'missing.txt')).toBeNull();
    expect(zip.has('DIR/B.TXT')).toBe(true); // part names are case-insensitive
  });

  it('reads archives written by fflate (a real writer) at every compression level', () => {
    for (const level of [0, 1, 6, 9] as const) {
      const bytes = zipSync({ 'x/y.xml': new TextEncoder().encode('<a>1</a>'.repeat(500)) }, { level });
      expect(text(new ZipArchive(bytes, MB), 'x/y.xml'), `level ${level}`).toBe('<a>1</a>'.repeat(500));
    }
  });

  it('zip bomb: stops at the inflate budget however small the declared size, without inflating the rest', () => {
    // 200 MB of zeros deflates to about 200 KB; the entry claims to be 100 bytes.
    const bomb = buildZip([{ name: 'xl/worksheets/sheet1.xml', data: '', deflated: deflatedZeros(200 * MB), declaredSize: 100 }]);
    expect(bomb.length).toBeLessThan(1 * MB);
    const zip = new ZipArchive(bomb, 30 * MB);
    let produced = 0;
    const started = Date.now();
    expect(() => zip.read('xl/worksheets/sheet1.xml', (c) => (produced += c.length))).toThrow(InflateLimitError);
    // It stopped near the budget (one inflate step past it at most), not at 200 MB.
    expect(produced).toBeLessThanOrEqual(30 * MB);
    expect(produced).toBeGreaterThan(25 * MB);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('the budget is for all entries together', () => {
    const bytes = buildZip([
      { name: 'one', data: new Uint8Array(600) },
      { name: 'two', data: new Uint8Array(600) },
    ]);
    const zip = new ZipArchive(bytes, 1000);
    expect(zip.read('one', () => {})).toBe(true);
    expect(() => zip.read('two', () => {})).toThrow(InflateLimitError);
  });

  it('a stored entry counts against the budget too', () => {
    const zip = new ZipArchive(buildZip([{ name: 's', data: new Uint8Array(5000), method: 0 }]), 4096);
    expect(() => zip.read('s', () => {})).toThrow(InflateLimitError);
  });

  it('refuses two entries with one name (readers would disagree which is meant)', () => {
    const zip = new ZipArchive(
      buildZip([
        { name: 'a.xml', data: '1' },
        { name: 'A.xml', data: '2' },
        { name: 'b.xml', data: '3' },
      ]),
      MB,
    );
    expect(() => zip.read('a.xml', () => {})).toThrow(ZipError);
    expect(text(zip, 'b.xml')).toBe('3');
  });

  it('refuses encrypted entries and unknown compression methods', () => {
    expect(() => new ZipArchive(buildZip([{ name: 'e', data: 'x', flags: 1 }]), MB).read('e', () => {})).toThrow(/Encrypted/);
    expect(() => new ZipArchive(buildZip([{ name: 'm', data: 'x', method: 14 }]), MB).read('m', () => {})).toThrow(/compression method 14/);
  });

  it('uses the local header’s own extra length to find the data', () => {
    const zip = new ZipArchive(buildZip([{ name: 'a', data: 'payload', localExtra: new Uint8Array([0xfe, 0xca, 4, 0, 1, 2, 3, 4]) }]), MB);
    expect(text(zip, 'a')).toBe('payload');
  });

  it('reads ZIP64 extra fields and the ZIP64 end of central directory', () => {
    const bytes = buildZip(
      [
        { name: 'big.xml', data: 'zip64 entry', zip64: true },
        { name: 'small.xml', data: 'plain' },
      ],
      { zip64End: true },
    );
    const zip = new ZipArchive(bytes, MB);
    expect(text(zip, 'big.xml')).toBe('zip64 entry');
    expect(text(zip, 'small.xml')).toBe('plain');
  });

  it('damaged archives throw ZipError, never something else', () => {
    const good = buildZip([{ name: 'a.xml', data: '<a/>'.repeat(1000) }]);
    const cases: Uint8Array[] = [
      new Uint8Array(0),
      new TextEncoder().encode('PK\u0003\u0004 not really a zip'),
      good.slice(0, good.length - 10), // end of central directory cut off
      good.slice(0, 40), // everything after the first local header gone
    ];
    // A central directory pointing past the end of the file.
    const pointing = good.slice();
    new DataView(pointing.buffer).setUint32(pointing.length - 6, 0x7fffffff, true);
    cases.push(pointing);
    // Corrupt deflate data.
    const corrupt = good.slice();
    for (let i = 40; i < 60; i++) corrupt[i] = 0xff;
    cases.push(corrupt);
    for (const [i, bytes] of cases.entries()) {
      expect(() => {
        const zip = new ZipArchive(bytes, MB);
        zip.read('a.xml', () => {});
      }, `case ${i}`).toThrow(ZipError);
    }
  });

  it('a truncated deflate stream is damaged, not silently short', () => {
    const full = buildZip([{ name: 'a', data: 'x'.repeat(10_000) + crypto.randomUUID().repeat(50) }]);
    // Shrink the declared compressed size in the central directory so the stream ends early.
    const view = new DataView(full.buffer);
    const cd = full.length - 22 - (46 + 1);
    view.setUint32(cd + 20, view.getUint32(cd + 20, true) - 20, true);
    expect(() => new ZipArchive(full, MB).read('a', () => {})).toThrow(ZipError);
  });
});
