/**
 * Splits a byte stream into lines of NDJSON. A chunk may end in the middle of a line, or of a
 * multi-byte character, so the tail is kept until the next chunk (TextDecoder's stream mode takes
 * care of split characters).
 */
export class LineSplitter {
  private tail = '';

  /** The complete lines in `text` (with what was left over before), without their newlines. */
  push(text: string): string[] {
    const joined = this.tail + text;
    const lines = joined.split('\n');
    this.tail = lines.pop() ?? '';
    return lines.filter((line) => line.trim().length > 0);
  }

  /** The last line, when the stream ends without a newline. */
  end(): string[] {
    const rest = this.tail;
    this.tail = '';
    return rest.trim().length > 0 ? [rest] : [];
  }
}

/** Each line of `stream`, as it arrives. */
export async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const splitter = new LineSplitter();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        yield* splitter.push(decoder.decode());
        yield* splitter.end();
        return;
      }
      yield* splitter.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    if (!finished) {
      // The consumer stopped early (or the read failed): tell the server we are not reading.
      await reader.cancel().catch(() => undefined);
    }
    reader.releaseLock();
  }
}
