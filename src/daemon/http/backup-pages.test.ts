import { describe, expect, it } from 'vitest';
import { MAX_PAGE_SIZE, parsePageRequest, type RenderedRow, renderBackupPage } from './backup-pages.ts';
import { HttpError } from './server.ts';

// Oldest first, as the catalog keeps them; every third row is of `other`.
const rows: RenderedRow[] = Array.from({ length: 10 }, (_, i) => {
  const databases = [i % 3 === 0 ? 'other' : 'shop'];
  return { databases, json: JSON.stringify({ id: `b${i}`, databases }) };
});
const ids = (body: string) => (JSON.parse(body) as { id: string }[]).map((r) => r.id);

describe('parsePageRequest', () => {
  it.each([
    ['', { limit: 100, offset: 0 }],
    ['limit=5&offset=10', { limit: 5, offset: 10 }],
    ['limit=1000', { limit: 1000, offset: 0 }],
    ['database=shop', { limit: 100, offset: 0, database: 'shop' }],
  ])('%s', (query, expected) => {
    expect(parsePageRequest(new URLSearchParams(query))).toEqual(expected);
  });

  it.each(['limit=0', 'limit=-1', `limit=${MAX_PAGE_SIZE + 1}`, 'limit=1.5', 'offset=x', 'limit=1e3'])(
    '%s is a 400',
    (query) => {
      let caught: unknown;
      try {
        parsePageRequest(new URLSearchParams(query));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(HttpError);
      expect((caught as HttpError).status).toBe(400);
    },
  );
});

describe('renderBackupPage', () => {
  it('pages newest first with the total and a link to the next page', () => {
    const first = renderBackupPage(rows, { limit: 4, offset: 0 });
    expect(ids(first.body)).toEqual(['b9', 'b8', 'b7', 'b6']);
    expect(first.headers['x-total-count']).toBe('10');
    expect(first.headers.link).toBe('</api/v1/backups?limit=4&offset=4>; rel="next"');
    const last = renderBackupPage(rows, { limit: 4, offset: 8 });
    expect(ids(last.body)).toEqual(['b1', 'b0']);
    expect(last.headers.link).toBeUndefined();
    expect(renderBackupPage(rows, { limit: 4, offset: 20 }).body).toBe('[]');
  });

  it('filters by database before paging, and the link keeps the filter', () => {
    const page = renderBackupPage(rows, { limit: 3, offset: 0, database: 'shop' });
    expect(ids(page.body)).toEqual(['b8', 'b7', 'b5']);
    expect(page.headers['x-total-count']).toBe('6');
    expect(page.headers.link).toContain('database=shop');
  });

  it('every row appears exactly once across the pages, for any page size', () => {
    for (let limit = 1; limit <= 11; limit++) {
      const seen: string[] = [];
      for (let offset = 0; offset < rows.length; offset += limit) {
        seen.push(...ids(renderBackupPage(rows, { limit, offset }).body));
      }
      expect(seen).toEqual(rows.map((_, i) => `b${i}`).reverse());
    }
  });
});
