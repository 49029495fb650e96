package dev.rewind.sample;

import java.io.IOException;

/** Where generated lines go: an archive writer or a plain stream. */
@FunctionalInterface
interface LineSink {
    /** Takes one line, its {@code '\n'} included; {@code line} is reused once this returns. */
    void accept(byte[] line, int length) throws IOException;
}
