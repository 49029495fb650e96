import { describe, expect, it } from 'vitest';
import { rows } from '../test/fakes';
import { appendPage, sortRows } from './rows';

describe('rows', () => {
  it('sort streamed rows into the server order (time, then id), whatever the precision written', () => {
    const [a, b, c] = rows(3);
    const sameSecond = { ...c!, id: 'id-0b', timestamp: '2024-06-30T23:59:59Z' };
    const sorted = sortRows([c!, a!, sameSecond, b!], 'desc').map((r) => r.id);
    expect(sorted).toEqual(['id-0b', 'id-0', 'id-1', 'id-2']);
    expect(sortRows([a!, c!, b!], 'asc').map((r) => r.id)).toEqual(['id-2', 'id-1', 'id-0']);
  });

  it('append a page without repeating a row', () => {
    expect(appendPage(rows(3), rows(3, 2)).map((r) => r.id)).toEqual(['id-0', 'id-1', 'id-2', 'id-3', 'id-4']);
  });
});
