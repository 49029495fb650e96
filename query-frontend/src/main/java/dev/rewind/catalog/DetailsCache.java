package dev.rewind.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.rewind.connectors.archive.format.ArchiveFiles;
import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.connectors.archive.format.SidecarDetails;
import dev.rewind.connectors.archive.format.TokenBloom;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The larger parts of sidecars — hourly pre-aggregates, error templates, token bloom filters —
 * read when a question needs them and kept within a byte budget (Caffeine, weighed by their size),
 * so the catalog's memory does not grow with what the archives hold, only with how many there are.
 * Keyed by sidecar and archive identity: a rewritten sidecar is a new entry. Thread-safe.
 */
public final class DetailsCache {
    private final Cache<Key, SidecarDetails> cache;

    private record Key(String sidecar, long length, long modified, long content, boolean tokens, boolean blooms) {
    }

    DetailsCache(long maxBytes) {
        this.cache = Caffeine.newBuilder().maximumWeight(maxBytes)
                .weigher((Key k, SidecarDetails d) -> (int) Math.min(Integer.MAX_VALUE, d.weight())).build();
    }

    void resize(long maxBytes) {
        cache.policy().eviction().ifPresent(e -> e.setMaximum(maxBytes));
    }

    /** Hours and templates of {@code archive}. */
    public SidecarDetails of(IndexedArchive archive) {
        return load(archive, false);
    }

    /** The token bloom filters of {@code archive}, one per frame (empty when it has none). */
    public List<TokenBloom> blooms(IndexedArchive archive) throws IOException {
        try {
            return load(archive, true).blooms();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private SidecarDetails load(IndexedArchive a, boolean blooms) {
        var id = a.index().identity();
        Key key = new Key(a.sidecar().toString(), id.length(), id.modifiedMillis(), id.contentHash(),
                a.index().summary().tokensIndexed(), blooms);
        SidecarDetails found = cache.getIfPresent(key);
        if (found == null && !blooms) {
            // Details read with blooms hold the hours and templates too.
            found = cache.getIfPresent(new Key(key.sidecar, key.length, key.modified, key.content, key.tokens, true));
        }
        if (found != null) {
            return found;
        }
        return cache.get(key, k -> {
            try {
                return ArchiveFiles.readDetails(a.sidecar(), blooms);
            } catch (IOException e) {
                throw new UncheckedIOException(a.sidecar() + ": cannot read the sidecar's details: " + e.getMessage(), e);
            }
        });
    }

    /** Bytes held now. */
    public long bytes() {
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }
}
