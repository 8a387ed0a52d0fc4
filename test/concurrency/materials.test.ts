import { describe, expect, it } from 'vitest';
import { pdf, likeRows, materialRow, signedIn, uploaded } from '../apis/learning/fixtures';
import { actors } from './actors';
import { burst, request, split } from './burst';

// Learning materials: likes (a stored like_count), views (a stored view_count) and hiding.
const N = 12;
const like = (id: number, token: string) => request('POST', `/api/v1/materials/${id}/like`, { token });
const ascending = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

async function material() {
  const owner = await signedIn();
  return { owner, m: (await uploaded(owner.access_token, { file: pdf() })) as { id: number } };
}

/** like_count, as stored and as every list shows it, equals the like rows. */
async function expectLikeCount(id: number, n: number) {
  expect(await likeRows(id)).toHaveLength(n);
  expect((await materialRow(id))?.likeCount).toBe(n);
  expect((await request('GET', `/api/v1/materials/${id}`)).body.like_count).toBe(n);
}

describe(`${N} users liking one material at once`, () => {
  it('like_count ends at N and equals the rows; each response saw a different count (1..N); unliking at once ends at 0', async () => {
    const { m } = await material();
    const fans = await actors(N);
    const liked = await burst(N, (i) => like(m.id, fans[i]!.token));
    split(liked, 200, N, 0);
    expect(liked.every((r) => r.body.is_liked === true)).toBe(true);
    expect(liked.map((r) => r.body.like_count).sort((a, b) => a - b)).toEqual(ascending(1, N));
    await expectLikeCount(m.id, N);

    const unliked = await burst(N, (i) => like(m.id, fans[i]!.token));
    expect(unliked.every((r) => r.status === 200 && r.body.is_liked === false)).toBe(true);
    expect(unliked.map((r) => r.body.like_count).sort((a, b) => a - b)).toEqual(ascending(0, N));
    await expectLikeCount(m.id, 0);
  });

  it('each user toggling an odd or even number of times at once: the likes are exactly the odd togglers', async () => {
    const { m } = await material();
    const fans = await actors(6);
    // fan i toggles i+1 times (21 requests): fans 0, 2 and 4 end liked.
    const tries = fans.flatMap((f, i) => Array.from({ length: i + 1 }, () => f.token));
    await burst(tries.length, (k) => like(m.id, tries[k]!));
    expect((await likeRows(m.id)).map((r) => r.accountId).sort()).toEqual([fans[0]!.id, fans[2]!.id, fans[4]!.id].sort());
    await expectLikeCount(m.id, 3);
  });
});

describe(`one user toggling one like ${N} times at once`, () => {
  it('the toggles serialise: half the responses say liked, each with the count it left; an even number ends unliked', async () => {
    const { m } = await material();
    const [fan] = await actors(1);
    const results = await burst(N, () => like(m.id, fan!.token));
    split(results, 200, N, 0);
    expect(results.filter((r) => r.body.is_liked)).toHaveLength(N / 2);
    for (const r of results) expect(r.body.like_count).toBe(r.body.is_liked ? 1 : 0);
    await expectLikeCount(m.id, 0);
  });
});

describe(`${N} views of one material at once`, () => {
  it('view_count grows by exactly N; each response saw a different count', async () => {
    const { m } = await material();
    // The detail route counts the view and reads the material in one batch: atomic by construction.
    const results = await burst(N, () => request('GET', `/api/v1/materials/${m.id}`), { oneBatch: true });
    split(results, 200, N, 0);
    expect(results.map((r) => r.body.view_count).sort((a, b) => a - b)).toEqual(ascending(1, N));
    expect((await materialRow(m.id))?.viewCount).toBe(N);
  });
});

describe(`${N} deletes of one material by its uploader at once`, () => {
  it('exactly one 204, the others 400 ALREADY_DELETED', async () => {
    const { owner, m } = await material();
    const results = await burst(N, () => request('DELETE', `/api/v1/materials/${m.id}`, { token: owner.access_token }));
    const [, lost] = split(results, 204, 1, 400);
    for (const r of lost) expect(r.body.error.code).toBe('ALREADY_DELETED');
    expect((await materialRow(m.id))?.status).not.toBe('active');
  });
});
