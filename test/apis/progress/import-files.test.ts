import { inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { departments } from '../../../src/db/schema';
import { readXlsx } from '../../../src/domain/imports/xlsx';
import { testDeps } from '../../helpers/deps';
import { call } from '../../helpers/http';
import { buildZip, deflatedZeros, sheetXml, workbookParts } from '../../domain/imports/zip-builder';
import { expectAuthRequired, expectEnvelope, expectOk, fileForm, makeUser, sysadminToken, unique, upload, xlsx } from './support';

// The department import is the cheapest to exercise; every import reads files the same way.
const PATH = '/api/import/departments';
const HEADER = ['部门名称', '部门描述'];

const countDepartments = async () => (await testDeps().db.select({ n: sql<number>`count(*)` }).from(departments).get())!.n;

describe('files that are not importable', () => {
  it('an empty sheet: 400/10001 naming the header it expects', async () => {
    const res = await upload(PATH, await sysadminToken(), xlsx([]));
    expectEnvelope(res, 400, 10001);
    expect(res.body.message).toContain('部门名称、部门描述');
  });

  it('a header without data rows: 400/10001', async () => {
    const res = await upload(PATH, await sysadminToken(), xlsx([HEADER, [], ['  ']]));
    expectEnvelope(res, 400, 10001);
    expect(res.body.message).toMatch(/没有数据行/);
  });

  it('wrong headers: 400/10001 naming the missing column and the template', async () => {
    const res = await upload(
      PATH,
      await sysadminToken(),
      xlsx([
        ['名称', '描述'],
        ['技术部', 'x'],
      ]),
    );
    expectEnvelope(res, 400, 10001);
    expect(res.body.message).toBe('表头与模板不符：缺少“部门名称”列。模板表头为：部门名称、部门描述');
  });

  it('not a spreadsheet (PDF, PNG, .xls, a .docx, a binary): 400/10001 saying what to upload, nothing written', async () => {
    const before = await countDepartments();
    const token = await sysadminToken();
    const cases: [Uint8Array | string, string][] = [
      ['%PDF-1.4\n1 0 obj <<>> endobj', 'a.pdf'],
      [Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'a.xlsx'],
      [Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), 'old.xls'],
      [buildZip([{ name: 'word/document.xml', data: '<w:document/>' }]), 'letter.docx'],
      [Uint8Array.from({ length: 256 }, (_, i) => i), 'blob.bin'],
    ];
    for (const [bytes, name] of cases) {
      const res = await upload(PATH, token, bytes, name);
      expectEnvelope(res, 400, 10001);
      expect(res.body.message, name).toMatch(/xlsx|电子表格/);
    }
    expect(await countDepartments()).toBe(before);
  });

  it('a CSV that is not UTF-8 (GBK): 400/10001 explaining how to save it', async () => {
    const gbk = Uint8Array.from([0xb2, 0xbf, 0xc3, 0xc5, 0xc3, 0xfb, 0xb3, 0xc6, 0x0a, 0xbc, 0xbc, 0xca, 0xf5, 0xb2, 0xbf, 0x0a]);
    const res = await upload(PATH, await sysadminToken(), gbk, 'gbk.csv');
    expectEnvelope(res, 400, 10001);
    expect(res.body.message).toContain('UTF-8');
  });

  it('a zip bomb (a 64 MB sheet declared as 1 KB, under 200 KB on the wire): 413/10001, quickly, nothing written', async () => {
    const before = await countDepartments();
    const body = deflatedZeros(64 * 1024 * 1024, '<row></row>\n');
    const parts = workbookParts('').map((p) => (p.name === 'xl/worksheets/sheet1.xml' ? { ...p, deflated: body, declaredSize: 1024 } : p));
    const bomb = buildZip(parts);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const started = Date.now();
    const res = await upload(PATH, await sysadminToken(), bomb, 'bomb.xlsx');
    expectEnvelope(res, 413, 10001);
    expect(res.body.message).toContain('30 MB');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await countDepartments()).toBe(before);
  });

  it('a file over 5 MB: 413/10001', async () => {
    const big = new Uint8Array(5 * 1024 * 1024 + 1).fill(0x61);
    const res = await upload(PATH, await sysadminToken(), big, 'big.csv');
    expectEnvelope(res, 413, 10001);
    expect(res.body.message).toContain('5 MB');
  });

  it('a body that is not multipart, a form without `file`, and two files: 400/10001', async () => {
    const token = await sysadminToken();
    expectEnvelope(await call('POST', PATH, { token, json: { file: 'x' } }), 400, 10001);
    expectEnvelope(await call('POST', PATH, { token, body: fileForm(xlsx([HEADER, ['a']]), 'a.xlsx', 'upload') }), 400, 10001);
    const two = fileForm(xlsx([HEADER, [unique('a')]]));
    two.append('file', new Blob([xlsx([HEADER, [unique('b')]]) as Uint8Array<ArrayBuffer>]), 'b.xlsx');
    expectEnvelope(await call('POST', PATH, { token, body: two }), 400, 10001);
  });

  it('other form fields next to `file` are ignored', async () => {
    const form = fileForm(xlsx([HEADER, [unique('带字段')]]));
    form.append('note', 'hello');
    expectOk(await call('POST', PATH, { token: await sysadminToken(), body: form }));
  });
});

describe('crafted files', () => {
  it('a workbook whose names are __proto__ and constructor imports as text and leaves Object.prototype unchanged', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const name = unique('__proto__');
    const parts = workbookParts(
      sheetXml(
        '<row r="1" __proto__="x"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s" constructor="y"><v>1</v></c></row>' +
          `<row r="2"><c r="A2" t="inlineStr" __proto__="polluted"><is><t>${name}</t></is></c><c r="B2" t="s"><v>2</v></c></row>`,
      ),
      {
        'xl/workbook.xml': `<workbook xmlns:r="${REL}"><sheets><sheet name="constructor" sheetId="1" r:id="__proto__"/></sheets></workbook>`,
        'xl/_rels/workbook.xml.rels': `<Relationships><Relationship Id="__proto__" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="prototype" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
        'xl/sharedStrings.xml':
          '<sst><si><t>部门名称</t></si><si><t>部门描述</t></si><si><t>{"__proto__":{"polluted":true}}</t></si></sst>',
      },
    );
    const res = await upload(PATH, await sysadminToken(), buildZip(parts), 'crafted.xlsx');
    expectOk(res);
    const [row] = await testDeps()
      .db.select()
      .from(departments)
      .where(inArray(departments.name, [name]))
      .all();
    expect(row!.description).toBe('{"__proto__":{"polluted":true}}');
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('GET /api/import/templates/{kind}', () => {
  const expected: Record<string, string[]> = {
    users: ['用户名', '邮箱', '密码', '部门名称', '角色', '岗位'],
    'lesson-tasks': ['课程名称', '微课名称', '教师邮箱', '任务说明'],
    departments: ['部门名称', '部门描述'],
  };

  it('answers an .xlsx whose first row is the import’s header', async () => {
    for (const [kind, header] of Object.entries(expected)) {
      const res = await fetchBytes(`/api/import/templates/${kind}`, await sysadminToken());
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename="[a-z-]+-template\.xlsx"; filename\*=UTF-8''%/);
      const rows = readXlsx(res.bytes, { maxRows: 10, maxInflatedBytes: 1 << 20 });
      expect(rows).toEqual([{ rowNumber: 1, cells: header }]);
    }
  });

  it('a filled-in template imports', async () => {
    const token = await sysadminToken();
    const template = readXlsx((await fetchBytes('/api/import/templates/departments', token)).bytes, {
      maxRows: 10,
      maxInflatedBytes: 1 << 20,
    });
    const res = await upload(PATH, token, xlsx([template[0]!.cells, [unique('模板部门'), '从模板导入']]));
    expectOk(res);
    expect(res.body.data).toBe('成功导入1条数据');
  });

  it('unknown kinds: 400/10001; teachers and liaisons: 403/10006', async () => {
    const token = await sysadminToken();
    expectEnvelope(await call('GET', '/api/import/templates/courses', { token }), 400, 10001);
    for (const role of ['teacher', 'liaison'] as const) {
      expectEnvelope(await call('GET', '/api/import/templates/users', { token: (await makeUser(role)).token }), 403, 10006);
    }
  });

  it('needs a valid token', async () => {
    await expectAuthRequired('GET', '/api/import/templates/users');
  });
});

async function fetchBytes(path: string, token: string) {
  const { exports } = await import('cloudflare:workers');
  const res = await exports.default.fetch(new Request(`http://localhost${path}`, { headers: { Authorization: `Bearer ${token}` } }));
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}
