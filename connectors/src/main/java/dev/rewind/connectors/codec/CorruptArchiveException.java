package dev.rewind.connectors.codec;

import java.io.IOException;

/**
 * An archive's bytes are not what its codec (or its sidecar) says: names the file and the byte
 * offset of the damage, so a person can look at it ({@code dd skip=}) and a query can report a
 * warning and go on with everything before it.
 */
public class CorruptArchiveException extends IOException {
    private final String source;
    private final long offset;

    public CorruptArchiveException(String source, long offset, String problem, Throwable cause) {
        super(source + ": " + problem + " at byte offset " + offset, cause);
        this.source = source;
        this.offset = offset;
    }

    public CorruptArchiveException(String source, long offset, String problem) {
        this(source, offset, problem, null);
    }

    /** The archive's path or URI. */
    public String source() {
        return source;
    }

    /**
     * Byte offset in the compressed file where the damage was found: where the input was cut, the
     * block that does not decode, the byte a deflate stream failed in; the start of the frame when
     * only its checksum shows it (the message then says which bytes the frame spans).
     */
    public long offset() {
        return offset;
    }
}
