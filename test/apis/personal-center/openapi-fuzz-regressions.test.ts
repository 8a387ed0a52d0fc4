// Regressions found by test/fuzz/openapi-fuzz.test.ts.
import { describe, expect, it } from 'vitest';
import { operations } from '../../fuzz/documents';
import { validator } from '../../fuzz/validators';
import { api, learner } from './support';

const schemaOf = (id: string) => {
  const op = operations().find((o) => o.id === id)!;
  return validator('personal-center', op.responses['200']!.content!['application/json']!.schema!);
};

describe('personal-center: the last member leaving answers `team`/`room: null`, and the document allows it', () => {
  it('team', async () => {
    const s = await learner('独行者');
    const created = await api('POST', '/api/student/teams', s.token, { json: { team_name: '一人小组' } });
    const left = await api('POST', `/api/student/teams/${created.body.data.team.team_id}/leave`, s.token);
    expect(left.status).toBe(200);
    expect(left.body.data.team).toBeNull();
    const v = schemaOf('personalCenterLeaveTeam');
    expect(v(left.body), JSON.stringify(v.errors)).toBe(true);
  });

  it('room', async () => {
    const s = await learner('独行者');
    const created = await api('POST', '/api/student/rooms', s.token, { json: { room_name: '一人自习室' } });
    const left = await api('POST', `/api/student/rooms/${created.body.data.room.room_id}/leave`, s.token);
    expect(left.status).toBe(200);
    expect(left.body.data.room).toBeNull();
    const v = schemaOf('personalCenterLeaveRoom');
    expect(v(left.body), JSON.stringify(v.errors)).toBe(true);
  });
});
