package dev.rewind.connectors.source.enumerator;

import org.apache.flink.api.connector.source.SourceEvent;

/** A reader tells the enumerator that a split is done and how many records matched in it. */
public record SplitFinishedEvent(String splitId, long matches) implements SourceEvent {
}
