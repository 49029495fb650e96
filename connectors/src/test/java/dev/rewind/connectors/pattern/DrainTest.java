package dev.rewind.connectors.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The parse tree, the threshold, generalisation, ids, merging and order, each on messages made to show it. */
class DrainTest {
    /** Drain's usual shape: one layer of first tokens, no masks, so each test sees the tree alone. */
    private static DrainConfig plain(double threshold) {
        return new DrainConfig(4, threshold, 100, Masking.none());
    }

    private static List<String> texts(Drain drain) {
        return drain.templates().stream().map(Template::text).toList();
    }

    @Test
    void messagesOfDifferentLengthNeverShareATemplate() {
        Drain drain = new Drain(plain(0.0)); // a threshold of 0 would join anything in the same leaf
        drain.add("connection closed");
        drain.add("connection closed by peer");
        drain.add("connection reset");
        assertEquals(List.of("connection <*>", "connection closed by peer"), texts(drain));
    }

    @Test
    void firstTokensRouteToSeparateLeaves() {
        Drain routed = new Drain(plain(0.0));
        routed.add("alpha started worker pool");
        routed.add("beta started worker pool");
        assertEquals(2, routed.templates().size(), "depth 4: the first token picks the leaf");

        Drain flat = new Drain(new DrainConfig(3, 0.5, 100, Masking.none()));
        flat.add("alpha started worker pool");
        flat.add("beta started worker pool");
        assertEquals(List.of("<*> started worker pool"), texts(flat), "depth 3: no token layer, one leaf per length");
    }

    @Test
    void tokensWithDigitsGoDownTheWildcardBranch() {
        Drain drain = new Drain(plain(0.5));
        drain.add("node1 heartbeat ok");
        drain.add("node2 heartbeat ok");
        drain.add("gateway heartbeat ok"); // no child named "gateway": it searches the <*> branch
        assertEquals(List.of("<*> heartbeat ok"), texts(drain));
        assertEquals(3, drain.templates().get(0).count());
    }

    @Test
    void aFullNodeSendsNewTokensToTheWildcardBranch() {
        Drain drain = new Drain(new DrainConfig(4, 0.5, 2, Masking.none())); // one named child, then <*>
        drain.add("a x y");
        drain.add("b x y");
        drain.add("c x y");
        assertEquals(List.of("<*> x y", "a x y"), texts(drain));
    }

    @Test
    void theThresholdDecidesWhetherAMessageJoins() {
        // 3 of 4 tokens agree: similarity 0.75.
        Drain strict = new Drain(plain(0.8));
        strict.add("disk sda is full");
        strict.add("disk sdb is full");
        assertEquals(List.of("disk sda is full", "disk sdb is full"), texts(strict));

        Drain loose = new Drain(plain(0.7));
        loose.add("disk sda is full");
        loose.add("disk sdb is full");
        assertEquals(List.of("disk <*> is full"), texts(loose));
    }

    @Test
    void wildcardsGeneraliseAndAcceptAnyToken() {
        Drain drain = new Drain(plain(0.7));
        LogCluster cluster = drain.add("user alice logged in from web");
        assertEquals("user alice logged in from web", cluster.template());
        assertSame(cluster, drain.add("user bob logged in from web"));
        assertEquals("user <*> logged in from web", cluster.template(), "the handle shows the cluster as it is now");
        // 5 of 6 agree with the wildcard counted: joins; without it (4 of 6, 0.67) it would not.
        assertSame(cluster, drain.add("user carol logged in from mobile"));
        assertEquals("user <*> logged in from <*>", cluster.template());
        assertEquals(3, cluster.count());
        assertEquals(MessageTemplates.idOf("user <*> logged in from <*>"), cluster.id());
    }

    @Test
    void masksApplyBeforeClustering() {
        Drain drain = new Drain(); // the defaults: standard masks
        drain.add("Served block blk_-1608999687919862906 to /10.250.19.102");
        drain.add("Served block blk_5008424215297853112 to /10.251.111.130");
        Template only = drain.templates().get(0);
        assertEquals(List.of("Served block <*> to /<*>"), texts(drain));
        assertEquals("Served block blk_-1608999687919862906 to /10.250.19.102", only.sample(), "the sample is unmasked");
    }

    @Test
    void idsDependOnTheTextAloneSoTheyAgreeAcrossMinersAndRuns() {
        Drain one = new Drain(plain(0.5));
        one.add("Connection to db1 closed after 31 ms");
        one.add("Connection to db2 closed after 480 ms");
        Drain other = new Drain(plain(0.5));
        other.add("something else entirely");
        other.add("Connection to cache closed after slow ms");
        other.add("Connection to queue closed after many ms");
        Template a = one.templates().get(0);
        Template b = other.templates().stream().filter(t -> t.text().startsWith("Connection")).findFirst().orElseThrow();
        assertEquals("Connection to <*> closed after <*> ms", a.text());
        assertEquals(a.text(), b.text());
        assertEquals(a.id(), b.id());
        // Fixed: XXH64 with Rewind's seed (LineHash). A change here changes every stored template id.
        assertEquals("c4a7b51269af", a.id());
        assertThrows(IllegalArgumentException.class, () -> new Template("000000000000", a.text(), 1, null, null, ""));
    }

    @Test
    void firstAndLastSeenFollowTheTimesGiven() {
        Drain drain = new Drain(plain(0.5));
        drain.add("job 7 done", Instant.parse("2024-03-01T10:00:00Z"));
        drain.add("job 9 done", Instant.parse("2024-02-01T10:00:00Z"));
        drain.add("job 8 done", Instant.parse("2024-04-01T10:00:00Z"));
        drain.add("job 6 done");
        Template t = drain.templates().get(0);
        assertEquals(Instant.parse("2024-02-01T10:00:00Z"), t.firstSeen());
        assertEquals(Instant.parse("2024-04-01T10:00:00Z"), t.lastSeen());
        assertEquals(4, t.count());

        Drain untimed = new Drain(plain(0.5));
        untimed.add("job 7 done");
        assertNull(untimed.templates().get(0).firstSeen());
    }

    @Test
    void emptyMessagesShareOneEmptyTemplate() {
        Drain drain = new Drain();
        drain.add("");
        drain.add("   ");
        assertEquals(List.of(""), texts(drain));
        assertEquals(2, drain.templates().get(0).count());
    }

    /** Lines of eight templates with variable parts, in a seeded random order. */
    private static List<String> syntheticLog(int lines, long seed) {
        String[] users = {"alice", "bob", "carol", "dave", "erin"};
        String[] hosts = {"db-primary", "db-replica", "cache", "queue"};
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            String user = users[r.nextInt(users.length)];
            String host = hosts[r.nextInt(hosts.length)];
            switch (r.nextInt(8)) {
                case 0 -> out.add("User " + user + " logged in from " + r.nextInt(256) + "." + r.nextInt(256) + ".0.1");
                case 1 -> out.add("Connection to " + host + " timed out after " + r.nextInt(5000) + " ms");
                case 2 -> out.add("Connection to " + host + " refused");
                case 3 -> out.add("Request req-" + r.nextInt(100000) + " for user " + user + " took " + r.nextInt(900) + " ms");
                case 4 -> out.add("Cache miss for key session:" + Integer.toHexString(r.nextInt()) + " in region eu-west");
                case 5 -> out.add("Disk usage on volume /data/vol" + r.nextInt(9) + "/shard is at " + r.nextInt(100) + " percent");
                case 6 -> out.add("Scheduler started job nightly-report with " + r.nextInt(64) + " workers");
                default -> out.add("GC pause of " + r.nextInt(900) + " ms exceeded target");
            }
        }
        return out;
    }

    @Test
    void twoMinersMergedEqualOneMinerOverAllLines() {
        List<String> lines = syntheticLog(4000, 7);
        Drain all = new Drain();
        lines.forEach(all::add);

        Drain first = new Drain();
        Drain second = new Drain();
        for (int i = 0; i < lines.size(); i++) {
            (i < lines.size() / 2 ? first : second).add(lines.get(i));
        }
        List<Template> secondBefore = second.templates();
        first.merge(second);
        assertEquals(all.templates().stream().map(t -> t.text() + " x" + t.count()).toList(),
                first.templates().stream().map(t -> t.text() + " x" + t.count()).toList());
        assertEquals(secondBefore, second.templates(), "the merged-in miner is left as it was");
        assertThrows(IllegalArgumentException.class, () -> first.merge(first));
    }

    @Test
    void mergingJoinsNearIdenticalTemplatesFromDifferentMiners() {
        // Two archives saw different users; each miner alone kept its one user's line as text.
        Drain monday = new Drain(plain(0.7));
        monday.add("Session expired for user alice on web", Instant.parse("2024-01-01T08:00:00Z"));
        Drain tuesday = new Drain(plain(0.7));
        tuesday.add("Session expired for user bob on web", Instant.parse("2024-01-02T09:00:00Z"));
        tuesday.add("Session expired for user bob on web", Instant.parse("2024-01-02T10:00:00Z"));
        monday.merge(tuesday);
        List<Template> merged = monday.templates();
        assertEquals(1, merged.size());
        Template t = merged.get(0);
        assertEquals("Session expired for user <*> on web", t.text());
        assertEquals(3, t.count());
        assertEquals(Instant.parse("2024-01-01T08:00:00Z"), t.firstSeen());
        assertEquals(Instant.parse("2024-01-02T10:00:00Z"), t.lastSeen());
        assertEquals("Session expired for user alice on web", t.sample());
    }

    @Test
    void mergeOrderDoesNotMatterForWellSeparatedTemplates() {
        List<String> lines = syntheticLog(3000, 11);
        List<Drain> parts = List.of(new Drain(), new Drain(), new Drain());
        for (int i = 0; i < lines.size(); i++) {
            parts.get(i % 3).add(lines.get(i));
        }
        Drain forward = new Drain();
        parts.forEach(forward::merge);
        Drain backward = new Drain();
        for (int i = parts.size() - 1; i >= 0; i--) {
            backward.merge(parts.get(i));
        }
        assertEquals(forward.templates().stream().map(t -> t.text() + " x" + t.count()).toList(),
                backward.templates().stream().map(t -> t.text() + " x" + t.count()).toList());
    }

    @Test
    void templatesComeMostFrequentFirstThenByTextTheSameEveryRun() {
        Drain drain = new Drain(plain(0.5));
        drain.add("zeta happened");
        drain.add("alpha happened twice");
        drain.add("beta happened once");
        drain.add("alpha happened twice");
        assertEquals(List.of("alpha happened twice", "beta happened once", "zeta happened"), texts(drain));

        List<String> lines = syntheticLog(2000, 3);
        Drain again = new Drain();
        Drain once = new Drain();
        lines.forEach(again::add);
        lines.forEach(once::add);
        assertEquals(once.templates(), again.templates());
        List<Template> templates = once.templates();
        for (int i = 1; i < templates.size(); i++) {
            Template before = templates.get(i - 1);
            Template after = templates.get(i);
            boolean ordered = before.count() > after.count()
                    || (before.count() == after.count() && before.text().compareTo(after.text()) < 0);
            assertTrue(ordered, before + " before " + after);
        }
        assertTrue(templates.size() > 8, "users split some templates: more than the eight shapes");
    }

    @Test
    void configRejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> new DrainConfig(2, 0.5, 100, Masking.none()));
        assertThrows(IllegalArgumentException.class, () -> new DrainConfig(4, 1.5, 100, Masking.none()));
        assertThrows(IllegalArgumentException.class, () -> new DrainConfig(4, Double.NaN, 100, Masking.none()));
        assertThrows(IllegalArgumentException.class, () -> new DrainConfig(4, 0.5, 1, Masking.none()));
    }
}
