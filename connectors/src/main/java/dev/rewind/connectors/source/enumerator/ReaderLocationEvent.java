package dev.rewind.connectors.source.enumerator;

import org.apache.flink.api.connector.source.SourceEvent;

/**
 * A reader tells the enumerator where it runs, before its first split request: the TaskManager
 * (see {@code ReaderLocation}). Flink's own {@code ReaderInfo.getLocation()} is the host name, the
 * same for every TaskManager of a host, where an SSD tier belongs to one TaskManager.
 */
public record ReaderLocationEvent(String location) implements SourceEvent {
}
