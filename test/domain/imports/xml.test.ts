import { describe, expect, it } from 'vitest';
import { decodeEntities, XmlError, XmlTokenizer } from '../../../src/domain/imports/xml';

type Event = ['open', string, Record<string, string>, boolean] | ['close', string] | ['text', string];

function events(xml: string, chunkSize = xml.length || 1): Event[] {
  const out: Event[] = [];
  const t = new XmlTokenizer({
    open: (name, attrs, self) => out.push(['open', name, Object.fromEntries(attrs), self]),
    close: (name) => out.push(['close', name]),
    text: (text) => {
      const last = out[out.length - 1];
      // Text may arrive in pieces; join neighbours so chunkings compare equal.
      if (last && last[0] === 'text') last[1] += text;
      else if (text) out.push(['text', text]);
    },
  });
  for (let i = 0; i < xml.length; i += chunkSize) t.push(xml.slice(i, i + chunkSize));
  t.end();
  return out;
}

describe('XmlTokenizer', () => {
  it('reports elements by local name, attributes with their prefix, and decoded text', () => {
    const xml = `<?xml version="1.0"?><x:row r="1" x:spans='1:2'><c t="s"><v>1 &amp; 2 &lt;3&gt; &quot;&apos; &#20320;&#x597D;</v></c><e/></x:row>`;
    expect(events(xml)).toEqual([
      ['open', 'row', { r: '1', 'x:spans': '1:2' }, false],
      ['open', 'c', { t: 's' }, false],
      ['open', 'v', {}, false],
      ['text', `1 & 2 <3> "' 你好`],
      ['close', 'v'],
      ['close', 'c'],
      ['open', 'e', {}, true],
      ['close', 'row'],
    ]);
  });

  it('gives the same events however the input is split (chunks of 1, 2, 3, 7 and 64 characters)', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment with <tags> --><sst a="x>y" b='&amp;'><si><t xml:space="preserve"> 张三 &amp; 李四 </t></si><si><t><![CDATA[<raw> & text]]></t></si></sst>`;
    const whole = events(xml);
    for (const size of [1, 2, 3, 7, 64]) expect(events(xml, size), `chunk ${size}`).toEqual(whole);
    expect(whole).toContainEqual(['open', 'sst', { a: 'x>y', b: '&' }, false]);
    expect(whole).toContainEqual(['text', ' 张三 & 李四 ']);
    expect(whole).toContainEqual(['text', '<raw> & text']);
  });

  it('refuses document type declarations (no entity expansion, no billion laughs)', () => {
    const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><lolz>&lol2;</lolz>';
    expect(() => events(laughs)).toThrow(XmlError);
    expect(() => events('<!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>')).toThrow(/Document type/);
  });

  it('refuses undefined entities and invalid character references', () => {
    for (const bad of ['<a>&lol;</a>', '<a>&#0;</a>', '<a>&#xD800;</a>', '<a>&#x110000;</a>', '<a>& b</a>', '<a b="&nope;"/>']) {
      expect(() => events(bad), bad).toThrow(XmlError);
    }
  });

  it('refuses malformed markup and truncated documents', () => {
    for (const bad of [
      '<a b=c/>',
      '<a b="x/>',
      '<a',
      '<a>text',
      '<a><b></a></b>',
      '<a></b>',
      '<!-- open',
      '<![CDATA[ open',
      '< >',
      '<a <b>',
    ]) {
      expect(() => events(bad), bad).toThrow(XmlError);
    }
  });

  it('refuses a single token over 1 MB instead of buffering without end', () => {
    const t = new XmlTokenizer({ open() {}, close() {}, text() {} });
    t.push('<a>');
    expect(() => {
      for (let i = 0; i < 40; i++) t.push('x'.repeat(64 * 1024));
    }).toThrow(/too long/);
  });

  it('refuses elements nested deeper than 256', () => {
    expect(() => events('<a>'.repeat(300) + '</a>'.repeat(300))).toThrow(/too deeply/);
    expect(events('<a>'.repeat(200) + '</a>'.repeat(200))).toHaveLength(400);
  });

  it('keeps attribute names out of object keys: __proto__ is just a name', () => {
    const seen: Map<string, string>[] = [];
    const t = new XmlTokenizer({ open: (_n, attrs) => seen.push(new Map(attrs)), close() {}, text() {} });
    t.push('<a __proto__="polluted" constructor="x" prototype="y"/>');
    t.end();
    expect(seen[0]!.get('__proto__')).toBe('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('decodeEntities leaves text without references untouched', () => {
    expect(decodeEntities('plain 文本')).toBe('plain 文本');
    expect(decodeEntities('a&amp;b&#65;')).toBe('a&bA');
  });
});
