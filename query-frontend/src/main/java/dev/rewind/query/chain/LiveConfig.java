package dev.rewind.query.chain;

import dev.rewind.connectors.record.LineFormat;

/** Where the live topic is, when there is one. */
public record LiveConfig(String bootstrapServers, String topic, LineFormat format) {
}
