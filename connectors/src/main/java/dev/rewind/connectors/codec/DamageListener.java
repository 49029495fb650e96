package dev.rewind.connectors.codec;

/**
 * Told by a decoder (under {@link DamagePolicy#resync}) of each damaged place it went past. Called
 * on the reading thread, inside {@code read}, after every good byte before the damage was returned
 * and before any byte after it is.
 */
@FunctionalInterface
public interface DamageListener {
    /**
     * @param rawOffset decoded bytes handed out before the damage, counted as {@link FrameListener}
     *                  counts them: where the bytes after the damage begin in the decoded stream
     */
    void damaged(Damage damage, long rawOffset);
}
