package dev.rewind.connectors.archive.format;

import java.util.List;

/**
 * The larger parts of a sidecar, read on demand: hourly pre-aggregates and error templates (for
 * counts, trends and error types answered from metadata) and, when asked for, the frames' token
 * bloom filters (for text searches; most of a sidecar's bytes). Immutable.
 *
 * @param blooms one per frame, in frame order; empty when not read
 */
public record SidecarDetails(List<HourAggregate> hours, List<TemplateInfo> templates, List<TokenBloom> blooms) {

    public SidecarDetails {
        hours = List.copyOf(hours);
        templates = List.copyOf(templates);
        blooms = List.copyOf(blooms);
    }

    /** The bloom filter of frame {@code ordinal}: {@link TokenBloom#ALL} (anything may be there) when not read. */
    public TokenBloom bloom(int ordinal) {
        return ordinal < blooms.size() ? blooms.get(ordinal) : TokenBloom.ALL;
    }

    /** Rough bytes held, for caches weighed by memory. */
    public long weight() {
        long w = 256 + hours.size() * 64L + templates.size() * 256L;
        for (HourAggregate h : hours) {
            w += h.counts().size() * 32L + h.templates().size() * 24L;
        }
        for (TemplateInfo t : templates) {
            w += 2L * (t.template().length() + t.sample().length());
        }
        for (TokenBloom b : blooms) {
            w += 48 + b.sizeInBytes();
        }
        return w;
    }
}
