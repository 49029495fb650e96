package dev.rewind.connectors.archive.format;

/**
 * A place where an archive could not be decoded, found while indexing it: the lines before it
 * (and, where the codec allows, after it, from the next intact frame) are indexed and answered;
 * the bytes from {@code offset} to {@code resumedAt} are lost, and every answer touching the
 * archive says so.
 *
 * @param offset    byte offset in the compressed file where decoding failed
 * @param resumedAt where decoding started again (the next intact frame), or -1 when nothing
 *                  after the damage could be read
 * @param reason    what the decoder found, as a person can act on it
 */
public record ArchiveDamage(long offset, long resumedAt, String reason) implements java.io.Serializable {

    /** "damaged at byte 37000 (reason); 1,234 bytes skipped to the next frame" and the like. */
    public String describe() {
        return "damaged at byte " + offset + " (" + reason + ")"
                + (resumedAt < 0 ? "; nothing after it could be read" : "; read again from byte " + resumedAt);
    }
}
