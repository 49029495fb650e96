package dev.rewind.catalog;

import dev.rewind.connectors.archive.format.PathDates;
import dev.rewind.connectors.storage.Storage;
import dev.rewind.connectors.storage.StoragePath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Which folders of an archive root a listing goes into: all of them (the server, which knows every
 * archive), or only those whose path date ({@code dt=2024-03-15/}, {@code hour=07/},
 * {@code 2024/03/15/}) may hold records of a range — so a one-day question over a bucket of six
 * months lists that day's prefixes, not the bucket. A path date is a hint, trusted with the slack
 * the catalog gives it anywhere (lines of a day's folder may spill a day either side; an hour's, an
 * hour): what the sidecars' own times then decide.
 *
 * @param from null for every folder
 */
public record ListingScope(Instant from, Instant to) {
    public static final ListingScope ALL = new ListingScope(null, null);

    public ListingScope {
        if ((from == null) != (to == null)) {
            throw new IllegalArgumentException("a listing scope needs both ends, or neither");
        }
    }

    /** The folders of {@code root} that may hold records of the scope. */
    public Storage.Descend descend(StoragePath root) {
        if (from == null) {
            return Storage.Descend.ALL;
        }
        return folder -> mayHold(folder.relativeTo(root));
    }

    boolean mayHold(String relative) {
        if (from == null || relative == null) {
            return true;
        }
        PathDates.Span span = PathDates.folderSpan(relative);
        if (span == null) {
            return true;
        }
        Duration slack = span.unit() == ChronoUnit.HOURS ? Duration.ofHours(1) : Duration.ofDays(1);
        return !span.start().minus(slack).isAfter(to) && span.end().plus(slack).isAfter(from);
    }
}
