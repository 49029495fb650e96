package dev.rewind.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rewind.catalog.SidecarPlacement;
import dev.rewind.connectors.archive.format.ArchiveDamage;
import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.format.ArchiveSummary;
import dev.rewind.connectors.archive.format.FrameIndex;
import dev.rewind.connectors.archive.format.Sidecar;
import dev.rewind.connectors.archive.format.SidecarFormat;
import dev.rewind.connectors.archive.format.SidecarIndex;
import dev.rewind.connectors.record.Level;
import dev.rewind.connectors.storage.StoragePath;
import dev.rewind.connectors.storage.Storages;
import dev.rewind.connectors.storage.StoredFile;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rewind inspect}: an archive's sidecar summary, as text or JSON. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show an archive's sidecar summary: codec, lines, levels, time range, frames.")
final class InspectCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .findAndRegisterModules()
            .enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--frames", description = "list every frame too")
    boolean frames;

    @Option(names = "--index-dir", paramLabel = "DIR|URI", description = "where the sidecar is, if not beside the archive")
    String indexDir;

    @Parameters(paramLabel = "FILE|URI", description = "the archive (or its .idx sidecar), a path or a URI")
    String file;

    @picocli.CommandLine.Mixin
    StorageOptions storage = new StorageOptions();

    /** What {@code --json} prints; field names become snake_case. */
    record Summary(String archive, String codec, String format, long lines, long unparsed, Map<Level, Long> levels,
                   String minTs, String maxTs, int frames, long rawBytes, long compressedBytes, double ratio,
                   List<String> services, String pathDate, long sidecarBytes, int sidecarVersion,
                   boolean tokensIndexed, List<String> damage, List<Frame> frameList) {
    }

    record Frame(int ordinal, long offset, long length, long rawLength, long lines, String minTs, String maxTs,
                 Map<Level, Long> levels, boolean bloom) {
    }

    @Override
    public Integer call() throws IOException {
        Storages.configure(storage.settings());
        StoragePath given = StorageOptions.roots(List.of(file)).get(0);
        StoragePath archive = ArchiveFiles.isSidecar(given) ? given.sibling(given.name().replaceFirst("\\.idx$", ""))
                : given;
        StoragePath sidecar = given;
        if (!ArchiveFiles.isSidecar(given)) {
            SidecarPlacement placement = SidecarPlacement.of(indexDir == null ? null
                    : StorageOptions.roots(List.of(indexDir)).get(0));
            sidecar = ArchiveFiles.sidecarBeside(archive);
            for (StoragePath candidate : placement.candidates(archive)) {
                if (Storages.of(candidate).stat(candidate) != null) {
                    sidecar = candidate;
                    break;
                }
            }
        }
        StoredFile sidecarFile = Storages.of(sidecar).stat(sidecar);
        if (sidecarFile == null) {
            throw new IllegalArgumentException("no sidecar index for " + archive + " (looked for " + sidecar
                    + "); run `rewind index` first");
        }
        Sidecar read = Storages.of(archive).stat(archive) != null ? ArchiveFiles.readAll(archive, sidecar)
                : ArchiveFiles.readUnchecked(sidecar);
        Summary summary = summarise(archive, read, sidecarFile.length());
        if (json) {
            System.out.println(JSON.writeValueAsString(summary));
        } else {
            printText(summary);
        }
        return 0;
    }

    private Summary summarise(StoragePath archive, Sidecar sidecar, long sidecarBytes) {
        SidecarIndex index = sidecar.index();
        ArchiveSummary s = index.summary();
        List<Frame> frameList = frames ? index.frames().stream()
                .map(f -> frame(f, sidecar.details().bloom(f.ordinal()).isPresent())).toList() : null;
        return new Summary(archive.toString(), s.codec().name().toLowerCase(), s.format().describe(), s.lines(),
                s.unparsed(), levels(s.levels().asMap()), text(s.minTimestamp()), text(s.maxTimestamp()),
                index.frames().size(), s.rawBytes(), s.compressedBytes(), Math.round(s.ratio() * 100) / 100.0,
                s.services(), s.pathDate() == null ? null : s.pathDate().toString(), sidecarBytes, SidecarFormat.VERSION,
                s.tokensIndexed(), s.damage().stream().map(ArchiveDamage::describe).toList(), frameList);
    }

    private static Frame frame(FrameIndex f, boolean bloom) {
        return new Frame(f.ordinal(), f.offset(), f.length(), f.rawLength(), f.lines(), text(f.minTimestamp()),
                text(f.maxTimestamp()), levels(f.levels().asMap()), bloom);
    }

    private static Map<Level, Long> levels(Map<Level, Long> counts) {
        return new LinkedHashMap<>(counts);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static void printText(Summary s) {
        System.out.printf("archive     %s%n", s.archive());
        System.out.printf("codec       %s, %d frame%s%n", s.codec(), s.frames(), s.frames() == 1 ? "" : "s");
        System.out.printf("format      %s%n", s.format());
        System.out.printf("lines       %,d (%,d unparsed)%n", s.lines(), s.unparsed());
        System.out.printf("levels      %s%n", s.levels());
        System.out.printf("time        %s .. %s%n", s.minTs(), s.maxTs());
        System.out.printf("bytes       %,d raw, %,d compressed (ratio %.2f)%n", s.rawBytes(), s.compressedBytes(), s.ratio());
        System.out.printf("services    %s%n", s.services());
        if (s.pathDate() != null) {
            System.out.printf("path date   %s%n", s.pathDate());
        }
        System.out.printf("sidecar     %,d bytes (%.2f%% of archive), version %d%n", s.sidecarBytes(),
                s.compressedBytes() == 0 ? 0.0 : 100.0 * s.sidecarBytes() / s.compressedBytes(), s.sidecarVersion());
        System.out.printf("tokens      %s%n", s.tokensIndexed() ? "bloom filter per frame"
                : "not indexed yet (a text search reads every frame; the server or `rewind index` adds them)");
        for (String d : s.damage()) {
            System.out.printf("damage      %s%n", d);
        }
        if (s.frameList() != null) {
            for (Frame f : s.frameList()) {
                System.out.printf("  frame %4d  @%-12d %,10d bytes %,12d raw %,9d lines  %s .. %s%n", f.ordinal(),
                        f.offset(), f.length(), f.rawLength(), f.lines(), f.minTs(), f.maxTs());
            }
        }
    }
}
