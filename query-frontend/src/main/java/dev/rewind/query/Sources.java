package dev.rewind.query;

/** Which data a query may read: both archives and the live topic as the range needs (AUTO), or one. */
public enum Sources {
    AUTO, ARCHIVE, LIVE
}
