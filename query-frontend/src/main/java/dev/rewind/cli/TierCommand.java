package dev.rewind.cli;

import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.tier.TierReport;
import dev.rewind.tier.Tiering;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rewind tier}: moves archives older than a duration, with their sidecars, from a local root
 * to object storage at the same relative paths — copied, verified, recorded, then deleted locally
 * ({@link Tiering}). A running {@code rewind serve} over the local root follows without a restart.
 * Exit code 1 when an archive was refused (each is printed with the reason).
 */
@Command(name = "tier", mixinStandardHelpOptions = true,
        description = "Move archives older than a duration (and their sidecars) from a local folder to object storage.")
final class TierCommand implements Callable<Integer> {
    @Option(names = "--archives", required = true, paramLabel = "DIR", description = "the local archive root they leave")
    String archives;

    @Option(names = "--older-than", required = true, paramLabel = "DURATION",
            description = "move archives whose newest line is older than this (30d, 12h, P90D)")
    String olderThan;

    @Option(names = "--to", required = true, paramLabel = "URI", description = "where they go, at the same paths "
            + "below it (s3://bucket/prefix)")
    String to;

    @Option(names = "--dry-run", description = "say what would move, moving nothing")
    boolean dryRun;

    @Mixin
    StorageOptions storage = new StorageOptions();

    @Override
    public Integer call() throws Exception {
        Duration age = Durations.parse("--older-than", olderThan);
        StoragePath from = StorageOptions.roots(List.of(archives)).get(0);
        StoragePath target;
        try {
            target = StoragePath.of(to);
        } catch (IllegalArgumentException e) {
            throw new dev.rewind.query.BadRequestException("--to", e.getMessage());
        }
        Storages.configure(storage.settings());
        Instant cutoff = Instant.now().minus(age);
        Tiering tiering = Tiering.builder().from(from).to(target).olderThan(cutoff).dryRun(dryRun)
                .progress(System.out::println).build();
        long started = System.nanoTime();
        TierReport report = tiering.run();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (report.dryRun()) {
            report.moved().forEach(m -> System.out.printf("would move %s to %s (%,d bytes)%n", m.path(), m.to(),
                    m.bytes()));
        }
        System.out.printf("%s %d archive%s (%d files, %,d bytes) to %s in %.1f s; %d refused, %d newer than %s kept%n",
                report.dryRun() ? "would move" : "moved", report.moved().size(), report.moved().size() == 1 ? "" : "s",
                report.files(), report.bytes(), target, seconds, report.refused().size(), report.kept(), cutoff);
        report.refused().forEach(r -> System.err.println("rewind: refused " + r.path() + ": " + r.reason()));
        return report.refused().isEmpty() ? 0 : 1;
    }
}
