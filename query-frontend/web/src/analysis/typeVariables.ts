import type { TypeVariable } from '../api/types';
import { formatCount } from '../format';

/**
 * One line per variable of an error type, as a person reads it: `to {auth 576, api-gateway 575,
 * +5 more}`. `shown` words are named; the rest, and values masked at the source, are summed.
 */
export function describeVariable(v: TypeVariable, shown = 3): string {
  const named = v.values.slice(0, shown).map((w) => `${w.value} ${formatCount(w.count)}`);
  const more = v.values.length - Math.min(shown, v.values.length);
  const rest = v.values.slice(shown).reduce((sum, w) => sum + w.count, 0) + v.other;
  const tail = more > 0 ? `+${more} more` : rest > 0 ? `other ${formatCount(rest)}` : null;
  return `${v.label ?? '<*>'} {${[...named, ...(tail ? [tail] : [])].join(', ')}}`;
}

/** How many words a type's variables took in all: what its expand button says. */
export function wordCount(variables: readonly TypeVariable[]): number {
  return variables.reduce((sum, v) => sum + v.values.length, 0);
}
