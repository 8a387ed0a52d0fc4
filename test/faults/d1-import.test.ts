/**
 * Spreadsheet imports write 25 rows per D1 batch; a batch that fails is reported row by row so the
 * rows already committed stay (the document's partial import). When D1 is down before anything was
 * written, the import is not a "file error": it answers 503 and writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { ROWS_PER_BATCH } from '../../src/domain/imports/import-result';
import { faultyWorld } from '../helpers/faulty-bindings';
import { fileForm, sysadminToken, unique, xlsx } from '../apis/progress/support';
import { changedTables, databaseRows, expectDatabaseUnavailable } from './support';

const departmentsFile = (n: number) =>
  xlsx([['部门名称', '部门描述'], ...Array.from({ length: n }, (_, i) => [unique(`导入部门${i}`), '故障测试'])]);
const isDepartmentBatch = (c: { op: string; sql: string[] }) => c.op === 'batch' && c.sql.some((s) => /insert into "departments"/.test(s));

describe('POST /api/import/departments when D1 fails', () => {
  it('the first (only) batch fails mid-way: 503 10009, nothing written; sent again it imports', async () => {
    const token = await sysadminToken();
    const file = departmentsFile(3);
    const world = faultyWorld();
    world.d1.failWhen(isDepartmentBatch, { times: 1 });
    const before = await databaseRows();
    const res = await world.send('POST', '/api/import/departments', { token, body: fileForm(file) });
    expectDatabaseUnavailable('progress', res);
    expect(world.d1.failed).toHaveLength(1);
    expect(changedTables(before, await databaseRows())).toEqual([]);
    const again = await world.send('POST', '/api/import/departments', { token, body: fileForm(file) });
    expect(again.status, again.text).toBe(200);
  });

  it('a later batch fails after the first committed: 200, the committed rows stay and the failed ones are listed', async () => {
    const token = await sysadminToken();
    const rows = ROWS_PER_BATCH + 2;
    const world = faultyWorld();
    let seen = 0;
    world.d1.failWhen((c) => isDepartmentBatch(c) && ++seen === 2);
    const res = await world.send('POST', '/api/import/departments', { token, body: fileForm(departmentsFile(rows)) });
    expect(res.status, res.text).toBe(200);
    const text = JSON.stringify(res.body.data);
    expect(text).toContain(`成功导入${ROWS_PER_BATCH}条数据`);
    expect(text).toContain(`第${ROWS_PER_BATCH + 2}行写入失败`);
    expect(text).toContain(`第${ROWS_PER_BATCH + 3}行写入失败`);
  });
});
