import { describe, expect, it } from 'vitest';
import { describeVariable, wordCount } from './typeVariables';

const to = {
  position: 3,
  label: 'to',
  values: [
    { value: 'auth', count: 576 },
    { value: 'api-gateway', count: 575 },
    { value: 'payments', count: 570 },
    { value: 'orders', count: 12 },
  ],
  other: 0,
};

describe('an error type variable as a person reads it', () => {
  it('names the most frequent words and counts the rest', () => {
    expect(describeVariable(to)).toBe('to {auth 576, api-gateway 575, payments 570, +1 more}');
    expect(describeVariable(to, 4)).toBe('to {auth 576, api-gateway 575, payments 570, orders 12}');
  });

  it('sums values masked at the source as other', () => {
    expect(describeVariable({ position: 0, label: null, values: [{ value: 'admin', count: 3 }], other: 1200 })).toBe('<*> {admin 3, other 1,200}');
  });

  it('counts the words of all variables', () => {
    expect(wordCount([to, { ...to, values: to.values.slice(0, 2) }])).toBe(6);
  });
});
