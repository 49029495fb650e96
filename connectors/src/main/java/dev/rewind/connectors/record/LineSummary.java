package dev.rewind.connectors.record;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What the indexer needs of a line: its time, level and service, and its message when asked. Filled
 * in place by {@link RecordDecoder#summarize} for every line of an archive, so it is a mutable
 * holder rather than a record: a six-month index reads nine million lines and most of them need no
 * string at all. Valid until the next line is summarised. Not thread-safe.
 */
public final class LineSummary {
    private long epochSecond;
    private int nano;
    private Level level;
    private String service;
    private String message;
    private byte[] messageBytes;
    private int messageFrom;
    private int messageTo;

    public long epochSecond() {
        return epochSecond;
    }

    public int nano() {
        return nano;
    }

    public Instant timestamp() {
        return Instant.ofEpochSecond(epochSecond, nano);
    }

    public Level level() {
        return level;
    }

    /** Empty when the line names none, as {@link LogRecord#service()}. */
    public String service() {
        return service;
    }

    /** The message as {@link LogRecord#message()} gives it, made into a string only when asked. */
    public String message() {
        if (message == null) {
            message = messageBytes == null ? ""
                    : new String(messageBytes, messageFrom, messageTo - messageFrom, StandardCharsets.ISO_8859_1);
        }
        return message;
    }

    /** True when the message is plain ASCII in the line's bytes: {@link #line}[{@link #messageFrom}, {@link #messageTo}). */
    public boolean asciiMessage() {
        return messageBytes != null;
    }

    public byte[] line() {
        return messageBytes;
    }

    public int messageFrom() {
        return messageFrom;
    }

    public int messageTo() {
        return messageTo;
    }

    void time(long epochSecond, int nano) {
        this.epochSecond = epochSecond;
        this.nano = nano;
    }

    /** @param messageBytes the ASCII line holding the message at [from, to), or null for none */
    void set(Level level, String service, byte[] messageBytes, int from, int to) {
        this.level = level;
        this.service = service;
        this.message = null;
        this.messageBytes = messageBytes;
        this.messageFrom = from;
        this.messageTo = to;
    }

    void set(LogRecord record) {
        time(record.timestamp().getEpochSecond(), record.timestamp().getNano());
        this.level = record.level();
        this.service = record.service();
        this.message = record.message();
        this.messageBytes = null;
    }
}
