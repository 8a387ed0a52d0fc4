import { concatBytes } from '../../src/platform/bytes';

/** Test bytes from pieces: a string is one byte per character (Latin-1, so '\xe2' is 0xe2), a number list its bytes. */
export function bytes(...pieces: (string | number[] | Uint8Array)[]): Uint8Array {
  return concatBytes(pieces.map((p) => (typeof p === 'string' ? Uint8Array.from(p, (c) => c.charCodeAt(0)) : Uint8Array.from(p))));
}
