package dev.rewind.analysis;

import dev.rewind.connectors.archive.IndexedArchive;
import dev.rewind.connectors.archive.TemplateInfo;
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
 * Immutable.
 */
public final class ArchiveTypes {
    private final TypeMining mining;

    private ArchiveTypes(TypeMining mining) {
        this.mining = mining;
    }

    /** @param archives every archive of the catalog, for ids that do not depend on the range */
    public static ArchiveTypes of(Collection<IndexedArchive> archives) {
        TypeMiner miner = new TypeMiner();
        for (IndexedArchive archive : archives) {
            for (TemplateInfo t : archive.index().templates()) {
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
