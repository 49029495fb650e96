import { describe, expect, it } from 'vitest';
import { CATALOG } from '../test/fakes';
import { ALL, coverage } from './coverage';

describe('archive coverage', () => {
  it('shows the missing day as a gap, overall and per service', () => {
    const c = coverage(CATALOG.archives);
    expect(c).not.toBeNull();
    const day = (t: number) => new Date(t).toISOString().slice(0, 10);
    const all = c?.rows.find((r) => r.label === ALL);
    expect(all?.covered).toHaveLength(2);
    expect(all?.gaps.map((g) => [day(g.start), day(g.end)])).toEqual([['2024-01-02', '2024-01-04']]);
    // orders stops after 2024-01-02: that is the end of its coverage, not a gap
    expect(c?.rows.find((r) => r.label === 'orders')?.gaps).toEqual([]);
    expect(c?.rows.find((r) => r.label === 'auth')?.gaps).toHaveLength(1);
  });

  it('joins archives a few seconds apart', () => {
    const c = coverage(CATALOG.archives.slice(0, 2));
    expect(c?.rows[0]?.gaps).toEqual([]);
  });
});
