package dev.rewind.analysis;

import dev.rewind.catalog.DetailsCache;
import dev.rewind.connectors.archive.format.IndexedArchive;
import dev.rewind.connectors.archive.format.TemplateInfo;
import dev.rewind.connectors.pattern.MinedType;
import dev.rewind.connectors.pattern.TypeMiner;
import dev.rewind.connectors.pattern.TypeMining;
import java.util.Collection;

/**
 * The error types of a set of archives: every WARN+ message shape their sidecars hold (mined at
 * archive time, with hourly counts), mined into types ({@link TypeMiner}) once, from metadata
 * alone. Mined over all the archives given rather than a query's range, so a type's id and text
 * do not change with the range asked about (a variable needs its distinct words, and one hour may
 * show only two of them). Memory is bounded by the miner's bound on shapes, however many archives.
 * Immutable and thread-safe.
 */
public final class ArchiveTypes {
    private final TypeMining mining;

    private ArchiveTypes(TypeMining mining) {
        this.mining = mining;
    }

    /** The last mining and the archives it was of: a catalog's list of archives is one object until it changes. */
    private record Last(Collection<IndexedArchive> archives, int size, ArchiveTypes types) {
    }

    private static volatile Last last;

    /**
     * The types of {@code archives}. The mining of the same list object (a catalog's archives, until
     * the catalog changes) is remembered, so repeated analyses of one catalog mine once.
     *
     * @param archives every archive of the catalog, for ids that do not depend on the range; not
     *                 changed afterwards (a catalog's list is immutable)
     */
    public static ArchiveTypes of(Collection<IndexedArchive> archives, DetailsCache details) {
        Last remembered = last;
        if (remembered != null && remembered.archives() == archives && remembered.size() == archives.size()) {
            return remembered.types();
        }
        ArchiveTypes types = mine(archives, details);
        last = new Last(archives, archives.size(), types);
        return types;
    }

    private static ArchiveTypes mine(Collection<IndexedArchive> archives, DetailsCache details) {
        TypeMiner miner = new TypeMiner();
        for (IndexedArchive archive : archives) {
            for (TemplateInfo t : details.of(archive).templates()) {
                if (t.count() > 0) {
                    miner.add(t.template(), t.count());
                }
            }
        }
        return new ArchiveTypes(miner.mine());
    }

    /** The type of a sidecar template; shapes beyond the miner's bound share {@link TypeMiner#OTHER}'s type. */
    public MinedType typeOf(String shape) {
        MinedType type = mining.typeOf(shape);
        return type != null ? type : mining.typeOf(TypeMiner.OTHER);
    }

    public TypeMining mining() {
        return mining;
    }
}
