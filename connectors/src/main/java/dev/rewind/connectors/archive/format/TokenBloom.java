package dev.rewind.connectors.archive.format;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The token bloom filter of one frame (Guava's {@link BloomFilter} over the 64-bit token hashes of
 * {@link Tokens}). A frame whose distinct tokens exceed the builder's cap gets no filter: it may
 * hold any token, which costs only skipping, never correctness. Thread-safe for reads.
 */
public final class TokenBloom {
    /** No filter: every token may be present. */
    public static final TokenBloom ALL = new TokenBloom(null);

    private final BloomFilter<Long> filter;
    private final long bitBytes;

    private TokenBloom(BloomFilter<Long> filter) {
        this(filter, 0);
    }

    private TokenBloom(BloomFilter<Long> filter, long bitBytes) {
        this.filter = filter;
        this.bitBytes = bitBytes;
    }

    static TokenBloom of(LongSet distinctHashes, double falsePositiveRate) {
        BloomFilter<Long> filter = BloomFilter.create(Funnels.longFunnel(), Math.max(1, distinctHashes.size()),
                falsePositiveRate);
        distinctHashes.forEach(filter::put);
        return new TokenBloom(filter, bitsOf(distinctHashes.size(), falsePositiveRate));
    }

    /** False only when the frame certainly holds none of the lines with all these token hashes. */
    public boolean mightContainAll(List<Long> tokenHashes) {
        if (filter == null) {
            return true;
        }
        for (long hash : tokenHashes) {
            if (!filter.mightContain(hash)) {
                return false;
            }
        }
        return true;
    }

    public boolean isPresent() {
        return filter != null;
    }

    /** Bytes of the filter's bit array (0 for {@link #ALL}), for caches weighed by memory. */
    public long sizeInBytes() {
        return bitBytes;
    }

    /** Guava's optimal bit count for n elements at rate p, in bytes. */
    private static long bitsOf(long n, double p) {
        long bits = (long) (-Math.max(1, n) * Math.log(p) / (Math.log(2) * Math.log(2)));
        return bits / 8;
    }

    byte[] toBytes() {
        if (filter == null) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            filter.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static TokenBloom fromBytes(byte[] bytes) throws IOException {
        if (bytes.length == 0) {
            return ALL;
        }
        return new TokenBloom(BloomFilter.readFrom(new ByteArrayInputStream(bytes), Funnels.longFunnel()), bytes.length);
    }
}
