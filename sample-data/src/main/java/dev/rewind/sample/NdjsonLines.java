package dev.rewind.sample;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.rewind.connectors.record.Level;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;

/**
 * Encodes sample lines of one day as NDJSON through a Jackson generator into one reused buffer,
 * so a line costs no allocation: the timestamp and trace id are written as characters, the
 * message from a reused builder. Not thread-safe: one per generating thread.
 */
final class NdjsonLines implements AutoCloseable {
    private static final JsonFactory FACTORY = new JsonFactoryBuilder().rootValueSeparator((String) null).build();
    private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializedString LEVEL = new SerializedString("level");
    private static final SerializedString SERVICE = new SerializedString("service");
    private static final SerializedString HOST = new SerializedString("host");
    private static final SerializedString MESSAGE = new SerializedString("message");
    private static final SerializedString TRACE_ID = new SerializedString("trace_id");
    private static final SerializedString[] LEVEL_NAMES = new SerializedString[Level.COUNT];
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static {
        for (Level level : Level.values()) {
            LEVEL_NAMES[level.ordinal()] = new SerializedString(level.name());
        }
    }

    private final LineBuffer buffer = new LineBuffer();
    private final JsonGenerator json;
    /** {@code YYYY-MM-DDTHH:MM:SS.mmmZ}; the date part is fixed for the day. */
    private final char[] timestamp;
    private final char[] traceId = new char[16];
    private char[] message = new char[512];

    NdjsonLines(LocalDate day) throws IOException {
        this.json = FACTORY.createGenerator(buffer);
        this.timestamp = (day + "T00:00:00.000Z").toCharArray();
        if (timestamp.length != 24) {
            throw new IllegalArgumentException("sample days must have four-digit years, not " + day);
        }
    }

    /**
     * Encodes one line and hands it to {@code sink}.
     *
     * @param text    the message; slot {@code i}'s value is {@code text[starts[i], ends[i])}
     * @param numbers slot values of numeric slots
     */
    void write(int millisOfDay, Level level, ServiceProfile service, int host, long traceId,
               MessageTemplate template, StringBuilder text, int[] starts, int[] ends, long[] numbers,
               LineSink sink) throws IOException {
        formatTime(millisOfDay);
        for (int i = 0; i < 16; i++) {
            this.traceId[i] = HEX[(int) (traceId >>> (60 - 4 * i)) & 0xF];
        }
        int length = text.length();
        if (length > message.length) {
            message = new char[Math.max(length, message.length * 2)];
        }
        text.getChars(0, length, message, 0);

        json.writeStartObject();
        json.writeFieldName(TIMESTAMP);
        json.writeString(timestamp, 0, timestamp.length);
        json.writeFieldName(LEVEL);
        json.writeString(LEVEL_NAMES[level.ordinal()]);
        json.writeFieldName(SERVICE);
        json.writeString(service.jsonName());
        json.writeFieldName(HOST);
        json.writeString(service.host(host));
        json.writeFieldName(MESSAGE);
        json.writeString(message, 0, length);
        json.writeFieldName(TRACE_ID);
        json.writeString(this.traceId, 0, 16);
        for (int i = 0; i < template.slotCount(); i++) {
            SerializedString field = template.fieldName(i);
            if (field == null) {
                continue;
            }
            json.writeFieldName(field);
            if (template.slot(i).numeric()) {
                json.writeNumber(numbers[i]);
            } else {
                json.writeString(message, starts[i], ends[i] - starts[i]);
            }
        }
        json.writeEndObject();
        json.flush();
        buffer.write('\n');
        sink.accept(buffer.bytes(), buffer.length());
        buffer.reset();
    }

    private void formatTime(int millis) {
        int h = millis / 3_600_000;
        int m = millis / 60_000 % 60;
        int s = millis / 1000 % 60;
        int ms = millis % 1000;
        timestamp[11] = (char) ('0' + h / 10);
        timestamp[12] = (char) ('0' + h % 10);
        timestamp[14] = (char) ('0' + m / 10);
        timestamp[15] = (char) ('0' + m % 10);
        timestamp[17] = (char) ('0' + s / 10);
        timestamp[18] = (char) ('0' + s % 10);
        timestamp[20] = (char) ('0' + ms / 100);
        timestamp[21] = (char) ('0' + ms / 10 % 10);
        timestamp[22] = (char) ('0' + ms % 10);
    }

    @Override
    public void close() throws IOException {
        json.close();
    }

    /** A growable byte array the generator writes into; one line at a time. */
    private static final class LineBuffer extends OutputStream {
        private byte[] bytes = new byte[1024];
        private int length;

        @Override
        public void write(int b) {
            ensure(1);
            bytes[length++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, length, len);
            length += len;
        }

        private void ensure(int extra) {
            if (length + extra > bytes.length) {
                byte[] bigger = new byte[Math.max(bytes.length * 2, length + extra)];
                System.arraycopy(bytes, 0, bigger, 0, length);
                bytes = bigger;
            }
        }

        byte[] bytes() {
            return bytes;
        }

        int length() {
            return length;
        }

        void reset() {
            length = 0;
        }
    }
}
