/**
 * A streaming XML tokenizer for the few SpreadsheetML parts an import reads. It is deliberately
 * small: no DTDs (a DOCTYPE is refused, so no entity expansion), only the five predefined entities
 * and character references, element and attribute names reported without namespace prefixes
 * (`x:row` and `row` are the same element) except for attributes, whose prefixed name is kept
 * (`r:id`). Attributes are returned in a Map, so no name taken from a file becomes an object key.
 * Scanning is linear; no regular expression runs over file content.
 */
export class XmlError extends Error {
  override name = 'XmlError';
}

export interface XmlHandler {
  open(name: string, attrs: ReadonlyMap<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
}

/** Longest single token (tag or text run) accepted: cells hold at most 32,767 characters. */
const MAX_TOKEN = 1 << 20;
const MAX_ATTRIBUTES = 64;
const MAX_DEPTH = 256;

const PREDEFINED = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
export const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

export function decodeEntities(s: string): string {
  let amp = s.indexOf('&');
  if (amp === -1) return s;
  let out = '';
  let from = 0;
  while (amp !== -1) {
    const semi = s.indexOf(';', amp);
    if (semi === -1 || semi - amp > 12) throw new XmlError('Malformed entity reference');
    const ref = s.slice(amp + 1, semi);
    let ch: string | undefined;
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseHex(ref.slice(2)) : parseDecimal(ref.slice(1));
      if (code === null || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
        throw new XmlError('Invalid character reference');
      ch = String.fromCodePoint(code);
    } else {
      ch = PREDEFINED.get(ref);
      if (ch === undefined) throw new XmlError('Undefined entity');
    }
    out += s.slice(from, amp) + ch;
    from = semi + 1;
    amp = s.indexOf('&', from);
  }
  return out + s.slice(from);
}

function parseDecimal(digits: string): number | null {
  if (digits.length === 0 || digits.length > 7) return null;
  let n = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return n;
}

function parseHex(digits: string): number | null {
  if (digits.length === 0 || digits.length > 6) return null;
  let n = 0;
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return null;
    n = n * 16 + d;
  }
  return n;
}

export class XmlTokenizer {
  private rest = '';
  /** Open elements, so a truncated or mis-nested part is refused rather than read in part. */
  private readonly open: string[] = [];

  constructor(private readonly handler: XmlHandler) {}

  push(chunk: string): void {
    this.scan(this.rest + chunk, false);
  }

  end(): void {
    this.scan(this.rest, true);
    this.rest = '';
    if (this.open.length) throw new XmlError('Unexpected end of XML');
  }

  private scan(buf: string, final: boolean): void {
    let pos = 0;
    for (;;) {
      if (pos >= buf.length) break;
      const lt = buf.indexOf('<', pos);
      if (lt !== pos) {
        // Text up to the next tag; without a next tag yet, wait for more (an entity may be split).
        if (lt === -1 && !final) break;
        const end = lt === -1 ? buf.length : lt;
        this.handler.text(decodeEntities(buf.slice(pos, end)));
        pos = end;
        continue;
      }
      const consumed = this.markup(buf, lt, final);
      if (consumed === -1) break;
      pos = consumed;
    }
    this.rest = buf.slice(pos);
    if (this.rest.length > MAX_TOKEN) throw new XmlError('An XML token is too long');
    if (final && this.rest.length) throw new XmlError('Unexpected end of XML');
  }

  /** Handles the markup starting at `lt`; returns the index after it, or -1 when it is not complete yet. */
  private markup(buf: string, lt: number, final: boolean): number {
    const need = (terminator: string, from: number) => {
      const i = buf.indexOf(terminator, from);
      if (i === -1 && final) throw new XmlError('Unexpected end of XML');
      return i;
    };
    if (buf.length - lt < 9 && !final) return -1; // room to tell `<![CDATA[` from other markup
    if (buf.startsWith('<?', lt)) {
      const end = need('?>', lt + 2);
      return end === -1 ? -1 : end + 2;
    }
    if (buf.startsWith('<!--', lt)) {
      const end = need('-->', lt + 4);
      return end === -1 ? -1 : end + 3;
    }
    if (buf.startsWith('<![CDATA[', lt)) {
      const end = need(']]>', lt + 9);
      if (end === -1) return -1;
      this.handler.text(buf.slice(lt + 9, end));
      return end + 3;
    }
    if (buf.startsWith('<!', lt)) throw new XmlError('Document type declarations are not allowed');
    const gt = tagEnd(buf, lt + 1);
    if (gt === -1) {
      if (final) throw new XmlError('Unexpected end of XML');
      return -1;
    }
    if (buf[lt + 1] === '/') {
      const name = buf.slice(lt + 2, gt).trim();
      if (this.open.pop() !== name) throw new XmlError('Mismatched end tag');
      this.handler.close(localName(name));
    } else this.openTag(buf.slice(lt + 1, gt));
    return gt + 1;
  }

  private openTag(content: string): void {
    const selfClosing = content.endsWith('/');
    const body = selfClosing ? content.slice(0, -1) : content;
    let i = 0;
    while (i < body.length && !isSpace(body.charCodeAt(i))) i++;
    const name = body.slice(0, i);
    if (!name) throw new XmlError('Malformed tag');
    const attrs = new Map<string, string>();
    for (;;) {
      while (i < body.length && isSpace(body.charCodeAt(i))) i++;
      if (i >= body.length) break;
      const nameStart = i;
      while (i < body.length && body[i] !== '=' && !isSpace(body.charCodeAt(i))) i++;
      const attr = body.slice(nameStart, i);
      while (i < body.length && isSpace(body.charCodeAt(i))) i++;
      if (body[i] !== '=' || !attr) throw new XmlError('Malformed attribute');
      i++;
      while (i < body.length && isSpace(body.charCodeAt(i))) i++;
      const quote = body[i];
      if (quote !== '"' && quote !== "'") throw new XmlError('Malformed attribute');
      const close = body.indexOf(quote, i + 1);
      if (close === -1) throw new XmlError('Malformed attribute');
      if (attrs.size >= MAX_ATTRIBUTES) throw new XmlError('Too many attributes');
      attrs.set(attr, decodeEntities(body.slice(i + 1, close)));
      i = close + 1;
    }
    if (!selfClosing) {
      if (this.open.length >= MAX_DEPTH) throw new XmlError('Elements nested too deeply');
      this.open.push(name);
    }
    this.handler.open(localName(name), attrs, selfClosing);
  }
}

/** Index of the `>` closing a tag that starts at `from`, skipping quoted attribute values; -1 if not in `buf` yet. */
function tagEnd(buf: string, from: number): number {
  let quote = '';
  for (let i = from; i < buf.length; i++) {
    const c = buf[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
    else if (c === '<') throw new XmlError('Malformed tag');
  }
  return -1;
}
