package dev.rewind.query;

/** The order of records in an answer: newest first ({@link #DESC}, the default) or oldest first. */
public enum SortOrder {
    ASC, DESC
}
