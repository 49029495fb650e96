import { describe, expect, it } from 'vitest';
import { LineSplitter, readLines } from './ndjson';

describe('NDJSON lines', () => {
  it('keep a line split across chunks whole', () => {
    const s = new LineSplitter();
    expect(s.push('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
    expect(s.push(':2}\n\n{"c":3}')).toEqual(['{"b":2}']);
    expect(s.end()).toEqual(['{"c":3}']);
  });

  it('decode a character split between chunks', async () => {
    const bytes = new TextEncoder().encode('{"m":"café"}\n');
    const cut = bytes.length - 4; // inside the two bytes of é
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, cut));
        c.enqueue(bytes.slice(cut));
        c.close();
      },
    });
    const lines: string[] = [];
    for await (const line of readLines(stream)) lines.push(line);
    expect(lines).toEqual(['{"m":"café"}']);
  });
});
