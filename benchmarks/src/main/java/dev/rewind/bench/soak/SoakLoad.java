package dev.rewind.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.bench.harness.Directories;
import dev.rewind.bench.harness.Http;
import dev.rewind.connectors.record.Level;
import dev.rewind.sample.CodecMode;
import dev.rewind.sample.DayTruth;
import dev.rewind.sample.SampleGenerator;
import dev.rewind.sample.SampleSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The soak's clients and what each kind of request checks in its answer. A check compares with
 * {@link Expectations}: exact answers must hold the right numbers (within the bounds of files still
 * being picked up), inexact ones must say why, and damaged files in force must be named. Anything
 * else is a {@link Problem}. Thread-safe: the clients share one instance; changes to the store are
 * made one at a time.
 */
final class SoakLoad {
    static final LocalDate FIRST = SoakCorpus.START;
    static final String START_TIME = "2024-01-01T00:00:00";
    static final String END_TIME = "2024-06-30T23:59:59";
    /** The seed's question, as the issue and the README write it. */
    static final String SEED_PAGE = "{\"start_time\":\"" + START_TIME + "\",\"end_time\":\"" + END_TIME + "\","
            + "\"filters\":{\"level\":\"ERROR\"},\"page_size\":1000}";
    /** A six-month question may scan 1.6 GB under load; the server stops it at 2 min (its default). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);
    /** How long the server may take to list an added file, or flag a damaged one, before it is an error. */
    private static final Duration LISTING_TIMEOUT = Duration.ofSeconds(90);
    private static final int INFO_PAGE = 10_000;
    private static final int FRESH_LINES_PER_DAY = 400;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Http http;
    private final SoakCorpus corpus;
    private final Expectations expect;
    private final Path store;
    private final Path incoming;
    private final LoadKind.Picker picker;
    private final Duration damageLifetime;
    private final Instant loadStart;
    private final BooleanSupplier serverAlive;
    private final Map<String, KindTally> tallies = new LinkedHashMap<>();
    private final KindTally cursorTally = new KindTally("seed-error-page (cursor)");
    private final List<Problem> problems = new CopyOnWriteArrayList<>();
    private final Object storeLock = new Object();
    private final AtomicInteger additions = new AtomicInteger();
    private final AtomicInteger damages = new AtomicInteger();
    private final ScheduledExecutorService removals = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-removals");
        t.setDaemon(true);
        return t;
    });
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> warningCounts = new java.util.concurrent.ConcurrentHashMap<>();

    SoakLoad(Http http, SoakCorpus corpus, Expectations expect, Path store, Path incoming, long seed,
             Duration damageLifetime, Instant loadStart, BooleanSupplier serverAlive) {
        this.http = http;
        this.corpus = corpus;
        this.expect = expect;
        this.store = store;
        this.incoming = incoming;
        this.picker = new LoadKind.Picker(seed);
        this.damageLifetime = damageLifetime;
        this.loadStart = loadStart;
        this.serverAlive = serverAlive;
        for (LoadKind k : LoadKind.values()) {
            tallies.put(k.label(), new KindTally(k.label()));
            if (k == LoadKind.SEED_ERROR_PAGE) {
                tallies.put(cursorTally.label(), cursorTally);
            }
        }
    }

    /** Runs one client until {@code until} or until the server is gone. */
    void client(Instant until) throws InterruptedException {
        while (Instant.now().isBefore(until) && serverAlive.getAsBoolean()) {
            LoadKind kind = picker.next();
            try {
                run(kind);
            } catch (IOException | RuntimeException e) {
                problem(kind.label(), "the benchmark itself failed: " + e, null, null);
            }
        }
    }

    void run(LoadKind kind) throws IOException, InterruptedException {
        switch (kind) {
            case SEED_ERROR_PAGE -> seedErrorPage();
            case SEED_ERROR_COUNT -> count(tally(kind), errorCountBody(), Level.ERROR);
            case TREND_DAY -> trendDay();
            case PATTERNS -> patterns(tally(kind), true);
            case PATTERNS_SCAN -> patterns(tally(kind), false);
            case NEEDLE -> needle();
            case TEXT_COUNT -> textCount();
            case INFO_PAGE -> infoPage();
            case CACHE_CLEAR -> cacheClear();
            case ARCHIVE_ADDED -> archiveAdded();
            case ARCHIVE_DAMAGED -> archiveDamaged();
        }
    }

    List<KindTally.View> tallies() {
        return tallies.values().stream().map(KindTally::view).toList();
    }

    List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** What the soak did to the store, in order, for the report. */
    List<String> events() {
        return List.copyOf(events);
    }

    void problem(String kind, String what, String request, String answer) {
        problems.add(new Problem(Duration.between(loadStart, Instant.now()), kind, what, Problem.shorten(request, 300),
                Problem.shorten(answer, 600)));
    }

    /** Stops the scheduled removals of damaged files (those still there stay, as the report says). */
    void close() {
        removals.shutdownNow();
    }

    private KindTally tally(LoadKind kind) {
        return tallies.get(kind.label());
    }

    // ---- requests ----

    /** One request and its answer; {@code json} null when the body was not JSON. */
    record Exchange(String request, int status, String body, JsonNode json, Instant sent, Instant answered) {
        List<String> warnings() {
            List<String> out = new ArrayList<>();
            if (json != null) {
                json.path("warnings").forEach(w -> out.add(w.asText()));
            }
            return out;
        }

        String answer() {
            return status + " " + body;
        }
    }

    /** Sends a request; null when no answer came (counted, and a problem unless the server had died). */
    Exchange ask(KindTally tally, String method, String path, String body) throws InterruptedException {
        Instant sent = Instant.now();
        Http.Timed r;
        try {
            r = http.exchange(method, path, body, REQUEST_TIMEOUT);
        } catch (IOException e) {
            tally.noAnswer();
            if (serverAlive.getAsBoolean()) {
                problem(tally.label(), "no answer: " + e, body == null ? method + " " + path : body, null);
            }
            return null;
        }
        tally.answered(r.status(), r.millis());
        JsonNode json;
        try {
            json = JSON.readTree(r.body());
        } catch (IOException e) {
            json = null;
        }
        return new Exchange(body == null ? method + " " + path : body, r.status(), r.body(), json, sent, Instant.now());
    }

    /** True for a 200 with a JSON body; a 429 is counted only; anything else is a problem. */
    private boolean ok(Exchange x, KindTally t) {
        if (x == null) {
            return false;
        }
        if (x.status() == 429) {
            return false;
        }
        if (x.status() != 200 || x.json() == null) {
            problem(t.label(), x.status() >= 500 ? "server error" : "unexpected status " + x.status(), x.request(), x.answer());
            return false;
        }
        return true;
    }

    private void fail(KindTally t, Exchange x, String what) {
        t.checkFailed();
        problem(t.label(), what, x.request(), x.answer());
    }

    /**
     * The checks every answer gets: inexact only with a warning (but for a records total that is a
     * lower bound, where {@code lowerBoundAllowed}) (and, where {@code exactWhenSettled},
     * not at all while nothing was changing), exact never while a damaged file of the range is in
     * force, which a warning must name, and no warning for a damaged file removed long ago.
     *
     * @return whether its numbers may be compared with the bounds (exact, and no damaged file coming or going)
     */
    private boolean honest(Exchange x, KindTally t, boolean exact, LocalDate from, LocalDate to, boolean exactWhenSettled,
                           boolean lowerBoundAllowed) {
        List<String> warnings = x.warnings();
        warnings.forEach(w -> warningCounts.merge(fold(w), 1, Integer::sum));
        boolean settled = expect.settled(from, to, x.sent(), x.answered());
        if (!exact && warnings.isEmpty() && lowerBoundAllowed) {
            t.lowerBound(); // the page is right; its total counts only what was read before the job stopped early
        } else if (!exact) {
            t.inexact(settled);
            if (warnings.isEmpty()) {
                fail(t, x, "exact:false without a warning");
            } else if (settled && exactWhenSettled) {
                fail(t, x, "inexact although nothing of the range was changing: " + warnings);
            }
        }
        for (Expectations.Damage d : expect.inForce(from, to, x.sent(), x.answered())) {
            if (exact) {
                fail(t, x, "exact:true although the damaged " + d.path + " (" + d.how + ") was in the range, since "
                        + offset(d.inForceFrom()));
            }
            if (warnings.stream().noneMatch(w -> w.contains(d.path))) {
                fail(t, x, "no warning names the damaged " + d.path + " (" + d.how + "), in force since " + offset(d.inForceFrom()));
            }
        }
        for (Expectations.Damage d : expect.goneBefore(x.sent())) {
            if (warnings.stream().anyMatch(w -> w.contains(d.path))) {
                fail(t, x, "a warning still names " + d.path + ", removed at " + offset(d.removed));
            }
        }
        return exact && !expect.damageInTransition(from, to, x.sent(), x.answered());
    }

    private String offset(Instant at) {
        Duration d = Duration.between(loadStart, at);
        return String.format(java.util.Locale.ROOT, "%s%d:%02d", d.isNegative() ? "-" : "", Math.abs(d.toMinutes()),
                Math.abs(d.toSecondsPart()));
    }

    private static ObjectNode sixMonths() {
        ObjectNode body = JSON.createObjectNode();
        body.put("start_time", START_TIME);
        body.put("end_time", END_TIME);
        return body;
    }

    private LocalDate last() {
        return corpus.last();
    }

    static String errorCountBody() {
        ObjectNode body = sixMonths();
        body.putObject("filters").put("level", "ERROR");
        body.putObject("aggregate").put("type", "count");
        return body.toString();
    }

    // ---- the kinds ----

    /** The seed's page of 1,000 ERROR lines and two more by cursor: right lines, no id twice, newest first. */
    private void seedErrorPage() throws InterruptedException, IOException {
        KindTally t = tally(LoadKind.SEED_ERROR_PAGE);
        Exchange x = ask(t, "POST", "/api/query", SEED_PAGE);
        if (!ok(x, t)) {
            return;
        }
        Set<String> ids = new HashSet<>();
        Instant last = checkRecordsPage(x, t, "ERROR", FIRST, last(), 1000, ids, null);
        String cursor = x.json().path("page").path("next_cursor").asText(null);
        for (int page = 2; page <= 3 && cursor != null; page++) {
            ObjectNode body = (ObjectNode) JSON.readTree(SEED_PAGE);
            body.put("cursor", cursor);
            Exchange y = ask(cursorTally, "POST", "/api/query", body.toString());
            if (y == null) {
                return;
            }
            if (y.status() == 400 && y.body().contains("cursor") && expect.catalogChanged(x.sent(), y.answered())) {
                cursorTally.cursorRefused(); // the archives changed since the first page: documented
                return;
            }
            if (!ok(y, cursorTally)) {
                return;
            }
            last = checkRecordsPage(y, cursorTally, "ERROR", FIRST, last(), 1000, ids, last);
            cursor = y.json().path("page").path("next_cursor").asText(null);
        }
    }

    /**
     * A page of records: each of {@code level}, inside the days, newest first (after {@code after}
     * when a page continues another), no id seen before; and when exact, the total and the page's
     * size right.
     *
     * @return the last row's time, where the next page must continue
     */
    private Instant checkRecordsPage(Exchange x, KindTally t, String level, LocalDate from, LocalDate to, int pageSize,
                                     Set<String> ids, Instant after) {
        JsonNode total = x.json().path("total");
        boolean exact = total.path("exact").asBoolean(false);
        boolean checkable = honest(x, t, exact, from, to, false, true);
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant previous = after;
        List<String> wrong = new ArrayList<>();
        JsonNode rows = x.json().path("results");
        for (JsonNode row : rows) {
            Instant ts = Instant.parse(row.path("timestamp").asText());
            String id = row.path("id").asText();
            if (!level.equals(row.path("level").asText())) {
                wrong.add("a " + row.path("level").asText() + " line (id " + id + ")");
            }
            if (ts.isBefore(start) || !ts.isBefore(end)) {
                wrong.add("a line outside the range at " + ts + " (id " + id + ")");
            }
            if (previous != null && ts.isAfter(previous)) {
                wrong.add("a line at " + ts + " after one at " + previous + " (newest first was asked)");
            }
            if (!ids.add(id)) {
                wrong.add("id " + id + " twice");
            }
            previous = ts;
            if (wrong.size() >= 3) {
                break;
            }
        }
        if (!wrong.isEmpty()) {
            fail(t, x, "wrong rows: " + String.join("; ", wrong));
        }
        if (checkable && after == null) {
            Expectations.Bounds b = expect.level(from, to, Level.valueOf(level), x.sent(), x.answered());
            long value = total.path("value").asLong(-1);
            if (!b.contains(value)) {
                fail(t, x, "total " + value + " but the data holds " + b + " " + level + " lines");
            }
            if (x.warnings().isEmpty() && rows.size() != Math.min(pageSize, value)) {
                fail(t, x, rows.size() + " rows for a page of " + pageSize + " out of " + value + ", with no warning");
            }
        }
        return previous;
    }

    /** A six-month aggregate count: when exact, within the bounds of the data. */
    private void count(KindTally t, String body, Level level) throws InterruptedException {
        Exchange x = ask(t, "POST", "/api/query", body);
        if (!ok(x, t)) {
            return;
        }
        JsonNode agg = x.json().path("aggregate");
        if (!honest(x, t, agg.path("exact").asBoolean(false), FIRST, last(), false, false)) {
            return;
        }
        Expectations.Bounds b = level == null ? expect.text(FIRST, last(), x.sent(), x.answered())
                : expect.level(FIRST, last(), level, x.sent(), x.answered());
        long value = agg.path("count").asLong(-1);
        if (!b.contains(value)) {
            fail(t, x, "count " + value + " but the data holds " + b);
        }
    }

    private void textCount() throws InterruptedException {
        ObjectNode body = sixMonths();
        body.putObject("filters").put("text", SoakCorpus.TEXT_WORD);
        body.putObject("aggregate").put("type", "count");
        count(tally(LoadKind.TEXT_COUNT), body.toString(), null);
    }

    /** Counts per day and level: when exact, every day's every level within its bounds. */
    private void trendDay() throws InterruptedException {
        KindTally t = tally(LoadKind.TREND_DAY);
        ObjectNode body = sixMonths();
        ObjectNode agg = body.putObject("aggregate");
        agg.put("type", "trend");
        agg.put("bucket", "day");
        agg.putArray("by").add("level");
        Exchange x = ask(t, "POST", "/api/query", body.toString());
        if (!ok(x, t)) {
            return;
        }
        JsonNode answer = x.json().path("aggregate");
        if (!honest(x, t, answer.path("exact").asBoolean(false), FIRST, last(), false, false)) {
            return;
        }
        Map<String, Long> got = new TreeMap<>();
        Set<Level> levels = new HashSet<>(List.of(Level.values()));
        for (JsonNode series : answer.path("series")) {
            String level = series.path("key").path("level").asText();
            for (JsonNode point : series.path("points")) {
                LocalDate day = Instant.parse(point.path("t").asText()).atZone(ZoneOffset.UTC).toLocalDate();
                got.merge(day + " " + level, point.path("count").asLong(), Long::sum);
            }
        }
        List<String> wrong = new ArrayList<>();
        for (LocalDate day = FIRST; !day.isAfter(last()) && wrong.size() < 5; day = day.plusDays(1)) {
            for (Level level : levels) {
                Expectations.Bounds b = expect.level(day, day, level, x.sent(), x.answered());
                long value = got.getOrDefault(day + " " + level.name(), 0L);
                if (!b.contains(value)) {
                    wrong.add(day + " " + level + ": " + value + " but the data holds " + b);
                }
            }
        }
        for (String key : got.keySet()) {
            LocalDate day = LocalDate.parse(key.substring(0, 10));
            if (day.isBefore(FIRST) || day.isAfter(last())) {
                wrong.add("a bucket outside the range: " + key);
            }
        }
        if (!wrong.isEmpty()) {
            fail(t, x, "wrong counts: " + String.join("; ", wrong.subList(0, Math.min(5, wrong.size()))));
        }
    }

    /**
     * Top 20 patterns over six months. With WARN/ERROR/FATAL (answered from the sidecars' templates):
     * when exact, each one a template the generator wrote, with its exact count, and the 20 largest.
     * With every level (a scan): 1 to 20, largest first.
     */
    private void patterns(KindTally t, boolean warnAndAbove) throws InterruptedException {
        ObjectNode body = sixMonths();
        if (warnAndAbove) {
            body.putObject("filters").putArray("level").add("WARN").add("ERROR").add("FATAL");
        }
        ObjectNode agg = body.putObject("aggregate");
        agg.put("type", "patterns");
        agg.put("limit", 20);
        Exchange x = ask(t, "POST", "/api/query", body.toString());
        if (!ok(x, t)) {
            return;
        }
        JsonNode answer = x.json().path("aggregate");
        boolean exact = answer.path("exact").asBoolean(false);
        boolean checkable = honest(x, t, exact, FIRST, last(), false, false);
        JsonNode patterns = answer.path("patterns");
        List<Long> counts = new ArrayList<>();
        patterns.forEach(p -> counts.add(p.path("count").asLong()));
        List<Long> sorted = new ArrayList<>(counts);
        sorted.sort(Comparator.reverseOrder());
        boolean noneWhenExact = counts.isEmpty() && exact; // an inexact answer (stopped at its deadline) may hold none
        if (noneWhenExact || counts.size() > 20 || !counts.equals(sorted) || (!counts.isEmpty() && counts.get(counts.size() - 1) <= 0)) {
            fail(t, x, "expected 1 to 20 patterns, largest first, each counted: counts " + counts);
            return;
        }
        if (!checkable || !warnAndAbove) {
            return;
        }
        Set<String> known = expect.templates(FIRST, last(), x.answered());
        List<String> wrong = new ArrayList<>();
        boolean allExact = true;
        for (JsonNode p : patterns) {
            String template = p.path("template").asText();
            if (!known.contains(template)) {
                wrong.add("\"" + template + "\" is no template the generator wrote");
                continue;
            }
            Expectations.Bounds b = expect.template(FIRST, last(), template, x.sent(), x.answered());
            allExact &= b.exact();
            if (!b.contains(p.path("count").asLong())) {
                wrong.add("\"" + template + "\": " + p.path("count").asLong() + " but the data holds " + b);
            }
        }
        if (wrong.isEmpty() && allExact) {
            List<Long> top = new ArrayList<>();
            for (String template : known) {
                top.add(expect.template(FIRST, last(), template, x.sent(), x.answered()).low());
            }
            top.sort(Comparator.reverseOrder());
            List<Long> expected = top.subList(0, Math.min(20, top.size()));
            if (!expected.equals(counts)) {
                wrong.add("counts " + counts + " are not the 20 largest, " + expected);
            }
        }
        if (!wrong.isEmpty()) {
            fail(t, x, String.join("; ", wrong.subList(0, Math.min(5, wrong.size()))));
        }
    }

    /** A planted token over six months: exactly its one line; exact whenever nothing was changing. */
    private void needle() throws InterruptedException {
        KindTally t = tally(LoadKind.NEEDLE);
        if (corpus.needles().isEmpty()) {
            return;
        }
        Needle needle = corpus.needles().get(picker.nextInt(corpus.needles().size()));
        ObjectNode body = sixMonths();
        body.putObject("filters").put("text", needle.token());
        body.put("page_size", 100);
        Exchange x = ask(t, "POST", "/api/query", body.toString());
        if (!ok(x, t)) {
            return;
        }
        JsonNode total = x.json().path("total");
        boolean exact = total.path("exact").asBoolean(false);
        honest(x, t, exact, FIRST, last(), true, false);
        JsonNode rows = x.json().path("results");
        List<String> wrong = new ArrayList<>();
        for (JsonNode row : rows) {
            if (!needle.id().equals(row.path("id").asText()) || !needle.message().equals(row.path("message").asText())
                    || !needle.timestamp().equals(Instant.parse(row.path("timestamp").asText()))) {
                wrong.add("a line that is not the needle: " + row);
            }
        }
        if (rows.size() > 1) {
            wrong.add(rows.size() + " lines for a token planted once");
        }
        if (exact && (rows.size() != 1 || total.path("value").asLong() != 1)) {
            wrong.add("exact, but " + rows.size() + " lines and a total of " + total.path("value").asLong() + " (planted in "
                    + needle.file() + ")");
        }
        if (!wrong.isEmpty()) {
            fail(t, x, String.join("; ", wrong));
        }
    }

    /** One random day's INFO lines, a page of 10,000. */
    private void infoPage() throws InterruptedException {
        KindTally t = tally(LoadKind.INFO_PAGE);
        LocalDate day = FIRST.plusDays(picker.nextInt((int) (last().toEpochDay() - FIRST.toEpochDay() + 1)));
        ObjectNode body = JSON.createObjectNode();
        body.put("start_time", day + "T00:00:00");
        body.put("end_time", day + "T23:59:59");
        body.putObject("filters").put("level", "INFO");
        body.put("page_size", INFO_PAGE);
        Exchange x = ask(t, "POST", "/api/query", body.toString());
        if (ok(x, t)) {
            checkRecordsPage(x, t, "INFO", day, day, INFO_PAGE, new HashSet<>(), null);
        }
    }

    private void cacheClear() throws InterruptedException {
        KindTally t = tally(LoadKind.CACHE_CLEAR);
        Exchange x = ask(t, "DELETE", "/api/cache", null);
        if (ok(x, t) && !x.json().path("cleared").asBoolean(false)) {
            fail(t, x, "the cache was not cleared");
        }
    }

    // ---- changes to the store ----

    /**
     * A new file for an existing day, moved in whole (as {@code mv} does): every other time a
     * byte-identical copy of a corpus file (to be listed as a duplicate and counted once), else 400
     * fresh lines of the day from the generator with another seed, by the next CLI tool. Its
     * "latency" is the time until {@code /api/archives} lists it.
     */
    private void archiveAdded() throws IOException, InterruptedException {
        KindTally t = tally(LoadKind.ARCHIVE_ADDED);
        synchronized (storeLock) {
            int n = additions.incrementAndGet();
            Files.createDirectories(incoming);
            Path staged = incoming.resolve("added-" + n);
            String name;
            DayCounts delta;
            LocalDate day;
            boolean copy = n % 2 == 1;
            if (copy) {
                String original = corpus.files().get(picker.nextInt(corpus.files().size()));
                day = SoakCorpus.dayOf(original);
                name = original.substring(0, original.indexOf('/') + 1) + "copy-" + n + "-"
                        + original.substring(original.indexOf('/') + 1);
                Files.copy(store.resolve(original), staged, StandardCopyOption.REPLACE_EXISTING);
                delta = DayCounts.NONE;
            } else {
                day = FIRST.plusDays(picker.nextInt((int) (last().toEpochDay() - FIRST.toEpochDay() + 1)));
                SampleGenerator fresh = new SampleGenerator(new SampleSpec(FIRST, corpus.truth().spec().months(),
                        FRESH_LINES_PER_DAY, 1000 + n, CodecMode.ZSTD));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                DayTruth truth = fresh.writeDay(day, out);
                byte[] raw = out.toByteArray();
                CliCompressor tool = CliCompressor.inTurn(n);
                name = "dt=" + day + "/added-" + n + ".ndjson" + tool.extension();
                tool.compress(raw, raw.length, staged);
                delta = DayCounts.of(truth, new TokenLines(SoakCorpus.TEXT_WORD).count(raw, raw.length));
            }
            Expectations.Addition added = expect.added(name, day, delta, Instant.now());
            Files.move(staged, store.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            events.add(offset(added.written) + " added " + name + (copy ? " (a byte-identical copy)"
                    : " (" + delta.levels().values().stream().mapToLong(Long::longValue).sum() + " fresh lines, "
                    + delta.count(Level.ERROR) + " ERROR)"));
            awaitListing(t, name, copy ? Listing.DUPLICATE : Listing.ARCHIVE, added.written, at -> added.listed = at, null);
        }
    }

    /**
     * A damaged copy of a corpus file in a new folder: 4 KiB in the middle overwritten with random
     * bytes, or cut at 60% of its bytes, in turn. Answers over its day must then be inexact and
     * name it; it is removed after the damage lifetime, and then no answer may name it. Its
     * "latency" is the time until {@code /api/archives} flags it.
     */
    private void archiveDamaged() throws IOException, InterruptedException {
        KindTally t = tally(LoadKind.ARCHIVE_DAMAGED);
        synchronized (storeLock) {
            int n = damages.incrementAndGet();
            String original = corpus.files().get(picker.nextInt(corpus.files().size()));
            byte[] bytes = Files.readAllBytes(store.resolve(original));
            String how;
            byte[] damaged;
            if (n % 2 == 0) {
                damaged = Arrays.copyOf(bytes, bytes.length * 6 / 10);
                how = "cut at " + damaged.length + " of " + bytes.length + " bytes";
            } else {
                damaged = bytes.clone();
                int from = bytes.length / 2;
                byte[] noise = new byte[Math.min(4096, bytes.length - from)];
                new Random(n).nextBytes(noise);
                System.arraycopy(noise, 0, damaged, from, noise.length);
                how = noise.length + " bytes overwritten at byte " + from + " of " + bytes.length;
            }
            String folder = "damaged-" + n;
            String name = folder + "/" + original;
            Files.createDirectories(incoming);
            Path staged = incoming.resolve("damaged-" + n);
            Files.write(staged, damaged);
            Files.createDirectories(store.resolve(name).getParent());
            Expectations.Damage damage = expect.damaged(name, SoakCorpus.dayOf(original), how, Instant.now());
            Files.move(staged, store.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            events.add(offset(damage.written) + " damaged copy " + name + ": " + how);
            removals.schedule(() -> remove(damage, store.resolve(folder)), damageLifetime.toMillis(), TimeUnit.MILLISECONDS);
            awaitListing(t, name, Listing.FLAGGED, damage.written, at -> damage.noticed = at, as -> damage.noticedAs = as);
        }
    }

    private void remove(Expectations.Damage damage, Path folder) {
        synchronized (storeLock) {
            try {
                Directories.deleteTree(folder); // the copy and whatever sidecar the server wrote beside it
                damage.removed = Instant.now();
                events.add(offset(damage.removed) + " removed " + damage.path);
            } catch (IOException e) {
                problem("archive-damaged", "the benchmark could not remove " + folder + ": " + e, null, null);
            }
        }
    }

    private enum Listing { ARCHIVE, DUPLICATE, FLAGGED }

    /**
     * Polls {@code GET /api/archives} until {@code name} is listed as {@code want}; a problem when it
     * is listed otherwise or not within {@link #LISTING_TIMEOUT}.
     */
    private void awaitListing(KindTally t, String name, Listing want, Instant written,
                              java.util.function.Consumer<Instant> listed, java.util.function.Consumer<String> as)
            throws InterruptedException {
        Instant deadline = written.plus(LISTING_TIMEOUT);
        String seen = "not listed";
        while (Instant.now().isBefore(deadline) && serverAlive.getAsBoolean()) {
            Http.Timed r;
            try {
                r = http.exchange("GET", "/api/archives", null, Duration.ofSeconds(30));
            } catch (IOException e) {
                Thread.sleep(1000);
                continue;
            }
            if (r.status() == 200) {
                JsonNode catalog;
                try {
                    catalog = JSON.readTree(r.body());
                } catch (IOException e) {
                    throw new IllegalStateException("/api/archives is not JSON: " + Problem.shorten(r.body(), 200), e);
                }
                seen = where(catalog, name);
                boolean done = switch (want) {
                    case ARCHIVE -> seen.equals("an archive");
                    case DUPLICATE -> seen.startsWith("a duplicate") || seen.startsWith("the original of a duplicate");
                    case FLAGGED -> seen.startsWith("a problem") || seen.startsWith("an archive with damage");
                };
                if (done) {
                    Instant at = Instant.now();
                    listed.accept(at);
                    if (as != null) {
                        as.accept(seen);
                    }
                    t.answered(200, Duration.between(written, at).toNanos() / 1e6);
                    return;
                }
            }
            Thread.sleep(1000);
        }
        t.checkFailed();
        problem(t.label(), name + " was not listed as " + switch (want) {
            case ARCHIVE -> "an archive";
            case DUPLICATE -> "one of a pair of duplicates";
            case FLAGGED -> "a problem or an archive with damage";
        } + " within " + LISTING_TIMEOUT.toSeconds() + " s; the catalog shows it as " + seen, "GET /api/archives", null);
    }

    /**
     * How the catalog lists a file: "a duplicate of …" or "the original of a duplicate, …" (of two
     * byte-identical files the first by path is kept, so a copy may be kept and the file it copies
     * set aside), "an archive", "an archive with damage: …", "a problem: …", "pending" or "not listed".
     */
    static String where(JsonNode catalog, String name) {
        for (JsonNode d : catalog.path("duplicates")) {
            if (d.path("archive").asText().endsWith("/" + name)) {
                return "a duplicate of " + d.path("duplicate_of").asText();
            }
            if (d.path("duplicate_of").asText().endsWith("/" + name)) {
                return "the original of a duplicate, " + d.path("archive").asText();
            }
        }
        for (JsonNode a : catalog.path("archives")) {
            if (a.path("archive").asText().endsWith("/" + name)) {
                List<String> damage = new ArrayList<>();
                a.path("damage").forEach(d -> damage.add(d.asText()));
                return damage.isEmpty() ? "an archive" : "an archive with damage: " + String.join("; ", damage);
            }
        }
        for (JsonNode p : catalog.path("problems")) {
            if (p.asText().contains("/" + name + ":")) {
                return "a problem: " + p.asText();
            }
        }
        for (JsonNode p : catalog.path("indexing")) {
            if (p.asText().endsWith("/" + name)) {
                return "pending";
            }
        }
        return "not listed";
    }

    /** A warning with its numbers and paths folded, so answers that said the same thing count together. */
    static String fold(String warning) {
        return warning.replaceAll("/\\S+", "<path>").replaceAll("\\d+", "N");
    }

    /** What the answers warned about (folded), most frequent first. */
    Map<String, Integer> warnings() {
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(warningCounts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        Map<String, Integer> out = new LinkedHashMap<>();
        sorted.forEach(e -> out.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(out);
    }

    // ---- the first questions, while the catalog is still indexing ----

    /**
     * The answer to one of the seed's questions sent right after {@code /api/health} turned 200.
     *
     * @param afterHealth from health's first 200 to this question being sent
     * @param value       the total (a page) or the count (an aggregate); -1 without an answer
     */
    record StartAnswer(String question, Duration afterHealth, int status, double millis, Boolean exact, long value,
                       Expectations.Bounds expected, int rows, List<String> warnings, String verdict, boolean ok) {
    }

    /** Sends the seed's question ({@code page}: the page of 1,000, else the count) and judges it as the issue asks. */
    StartAnswer atStart(boolean page, Instant healthy) throws InterruptedException {
        KindTally t = new KindTally(page ? "start: seed-error-page" : "start: seed-error-count");
        Instant sent = Instant.now();
        Exchange x = ask(t, "POST", "/api/query", page ? SEED_PAGE : errorCountBody());
        String question = page ? "the seed's six-month ERROR page of 1,000" : "the same range, aggregate count";
        Duration after = Duration.between(healthy, sent);
        Expectations.Bounds expected = expect.level(FIRST, last(), Level.ERROR, sent, Instant.now());
        if (x == null) {
            return new StartAnswer(question, after, 0, 0, null, -1, expected, 0, List.of(), "no answer", false);
        }
        double ms = Duration.between(x.sent(), x.answered()).toNanos() / 1e6;
        if (x.status() != 200 || x.json() == null) {
            problem(t.label(), "answered " + x.status() + " at start", x.request(), x.answer());
            return new StartAnswer(question, after, x.status(), ms, null, -1, expected, 0, x.warnings(), "status " + x.status(),
                    false);
        }
        JsonNode node = page ? x.json().path("total") : x.json().path("aggregate");
        boolean exact = node.path("exact").asBoolean(false);
        long value = node.path(page ? "value" : "count").asLong(-1);
        int rows = x.json().path("results").size();
        List<String> warnings = x.warnings();
        warnings.forEach(w -> warningCounts.merge(fold(w), 1, Integer::sum));
        String verdict;
        boolean ok;
        if (exact) {
            ok = expected.contains(value) && (!page || rows == Math.min(1000, value));
            verdict = ok ? "exact, with the right count" : "exact, but " + value + " where the data holds " + expected
                    + (page ? " (" + rows + " rows)" : "");
        } else if (warnings.isEmpty() && page) {
            ok = rows == 1000; // a page found without reading everything: its total counts what was read
            verdict = ok ? "a full page; its total a lower bound (inexact, nothing missing, so no warning)"
                    : "inexact without a warning, and " + rows + " rows";
        } else {
            ok = !warnings.isEmpty();
            verdict = ok ? "marked inexact, with a warning" : "marked inexact, without a warning";
        }
        if (!ok) {
            problem(t.label(), "at start: " + verdict, x.request(), x.answer());
        }
        return new StartAnswer(question, after, x.status(), ms, exact, value, expected, rows, warnings, verdict, ok);
    }
}
