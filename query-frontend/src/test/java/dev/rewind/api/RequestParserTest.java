package dev.rewind.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.connectors.record.Level;
import dev.rewind.job.query.Aggregation;
import dev.rewind.job.query.Bucket;
import dev.rewind.query.BadRequestException;
import dev.rewind.query.QueryRequest;
import dev.rewind.query.SortOrder;
import dev.rewind.query.Sources;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static QueryRequest parse(String body) throws Exception {
        return RequestParser.parse(JSON.readTree(body));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2024-06-30|2024-06-30T00:00:00Z|2024-06-30T23:59:59.999999999Z",
            "2024-06-30T23:59:59|2024-06-30T23:59:59Z|2024-06-30T23:59:59.999999999Z",
            "2024-06-30T23:59|2024-06-30T23:59:00Z|2024-06-30T23:59:59.999999999Z",
            "2024-06-30T23:59:59.5|2024-06-30T23:59:59.500Z|2024-06-30T23:59:59.599999999Z",
            "2024-06-30T23:59:59.123+02:00|2024-06-30T21:59:59.123Z|2024-06-30T21:59:59.123999999Z",
            "2024-06-30 10:00:00Z|2024-06-30T10:00:00Z|2024-06-30T10:00:00.999999999Z",
            "1719705600000|2024-06-30T00:00:00Z|2024-06-30T00:00:00.000999999Z"})
    void timesAreInclusiveToThePrecisionWritten(String text, String start, String end) {
        assertEquals(Instant.parse(start), QueryTimes.start("start_time", text));
        assertEquals(Instant.parse(end), QueryTimes.end("end_time", text));
    }

    @Test
    void fullBodyParses() throws Exception {
        QueryRequest r = parse("{\"start_time\":\"2024-01-01T00:00:00\",\"end_time\":\"2024-06-30T23:59:59\","
                + "\"filters\":{\"level\":[\"ERROR\",\"fatal\"],\"service\":\"auth\",\"text\":\"timeout\","
                + "\"regex\":\"conn.*refused\",\"fields\":{\"status\":503}},\"page_size\":1000,\"order\":\"asc\","
                + "\"sources\":\"archive\",\"aggregate\":{\"type\":\"trend\",\"bucket\":\"week\",\"by\":[\"service\"]}}");
        assertEquals(Set.of(Level.ERROR, Level.FATAL), r.levels());
        assertEquals(Set.of("auth"), r.services());
        assertEquals("503", r.fields().get("status"));
        assertEquals(1000, r.pageSize());
        assertEquals(SortOrder.ASC, r.order());
        assertEquals(Sources.ARCHIVE, r.sources());
        assertEquals(new Aggregation.Trend(Bucket.WEEK, false, true), r.aggregation().orElseThrow());
        assertEquals(Instant.parse("2024-06-30T23:59:59.999999999Z"), r.end());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"start_time\":\"2024-02-01\",\"end_time\":\"2024-01-01\"}|end_time|before start_time",
            "{\"end_time\":\"2024-01-01\"}|start_time|required",
            "{\"start_time\":\"yesterday\",\"end_time\":\"2024-01-01\"}|start_time|not an ISO-8601",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\",\"filters\":{\"level\":\"EROR\"}}|filters.level|unknown level 'EROR'",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\",\"page_size\":0}|page_size|1 to 10000",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\",\"page_size\":100000}|page_size|1 to 10000",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\",\"filters\":{\"regex\":\"(a\"}}|filters.regex|invalid regular expression",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\",\"order\":\"up\"}|order|desc",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\",\"filter\":{}}|filter|not a known field",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\",\"aggregate\":{\"type\":\"sum\"}}|aggregate.type|count, trend or patterns",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\",\"aggregate\":{\"type\":\"trend\",\"bucket\":\"year\"}}|aggregate.bucket|hour, day, week or month",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\",\"aggregate\":{\"type\":\"count\",\"bucket\":\"day\"}}|aggregate.bucket|not a known field",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\",\"aggregate\":{\"type\":\"patterns\",\"top\":5}}|aggregate.top|not a known field",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\",\"page_size\":4294967396}|page_size|1 to 10000",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\"} {\"x\":1}|body|one valid JSON object",
            "{\"start_time\":\"2024-01-01\",\"end_time\":\"2024-01-02\"} garbage|body|one valid JSON object",
            "{\"start_time\":\"2024-01-01\",\"start_time\":\"2024-01-02\",\"end_time\":\"2024-01-03\"}|body|Duplicate field"})
    void badRequestsNameTheField(String body, String field, String message) {
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> RequestParser.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(field, e.field());
        assertTrue(e.reason().contains(message), e.getMessage());
    }
}
