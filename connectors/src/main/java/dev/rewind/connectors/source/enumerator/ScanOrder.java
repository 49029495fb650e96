package dev.rewind.connectors.source.enumerator;

/** The time order in which splits are handed out: newest first ({@code DESC}) or oldest first. */
public enum ScanOrder {
    DESC, ASC
}
