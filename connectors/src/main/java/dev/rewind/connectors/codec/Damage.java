package dev.rewind.connectors.codec;

/**
 * A place where a decoder could not decode an archive, as it tells a {@link DamageListener}: the
 * compressed bytes from {@code offset} to {@code resumedAt} gave nothing a reader may keep.
 *
 * @param offset    compressed offset where the lost bytes start: where the damage was found (a
 *                  truncation, a block that does not decode), or the start of a frame whose whole
 *                  content is in doubt (its checksum does not match, or a gzip member failed)
 * @param resumedAt compressed offset of the intact frame decoding went on with, or -1 when nothing
 *                  after the damage could be read
 * @param reason    what the decoder found, for a person; it names where it was found when that is
 *                  not {@code offset}
 * @param delivered true when the decoder had already handed out bytes of the lost region before it
 *                  could tell they were wrong (a frame's checksum comes at its end): a reader that
 *                  keeps what it read must drop them — from the damage on most are wrong, and
 *                  nothing tells which (the decoders' class comments give the measurements). False
 *                  when every byte handed out is good
 */
public record Damage(long offset, long resumedAt, String reason, boolean delivered) {
}
