package dev.rewind.connectors.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The bytes {@code [offset, offset + length)} of a remote object, through the {@link RegionCache}:
 * the regions ahead of the reader (up to {@link #WINDOW} of them) are claimed at once, so the
 * missing ones are fetched by coalesced GETs in parallel while the reader decodes; each region is
 * checked before a byte of it is served; a damaged region, or one evicted under the reader, is
 * claimed and fetched again. Memory: one region's buffer. Not thread-safe.
 */
final class RegionStream extends InputStream {
    /** Regions claimed ahead of the reader: 8 MiB of 256 KiB regions, several GETs in flight. */
    static final int WINDOW = 32;
    private static final int ATTEMPTS = 3;

    private final RegionCache cache;
    private final Storage remote;
    private final StoredFile file;
    private final IoCounts counts;
    private final long object;
    private final int regionSize;
    private final long end;
    private final int lastRegion;
    private final Map<Integer, RegionCache.Claim> claimed = new HashMap<>();
    private int claimedUpTo;
    private final byte[] buffer;
    private int bufferRegion = -1;
    private int bufferLength;
    private long pos;

    RegionStream(RegionCache cache, Storage remote, StoredFile file, long offset, long length, IoCounts counts) {
        this.cache = cache;
        this.remote = remote;
        this.file = file;
        this.counts = counts;
        this.object = RegionCache.objectKey(file);
        this.regionSize = cache.regionSize();
        this.pos = offset;
        this.end = Math.min(offset + length, file.length());
        this.lastRegion = end <= offset ? -1 : (int) ((end - 1) / regionSize);
        this.claimedUpTo = (int) (offset / regionSize);
        this.buffer = new byte[(int) Math.min(regionSize, Math.max(1, file.length()))];
    }

    /** Claims regions up to {@code upTo} (inclusive) not claimed yet, and fetches those this reader owns. */
    private void claimThrough(int upTo) {
        List<RegionCache.Claim> owned = new ArrayList<>();
        for (int i = claimedUpTo; i <= Math.min(upTo, lastRegion); i++) {
            RegionCache.Claim c = cache.claim(object, i);
            claimed.put(i, c);
            if (c.owned()) {
                owned.add(c);
            }
        }
        claimedUpTo = Math.max(claimedUpTo, Math.min(upTo, lastRegion) + 1);
        if (!owned.isEmpty()) {
            cache.fetch(remote, file, owned, counts);
        }
    }

    private void load(int index) throws IOException {
        claimedUpTo = Math.max(claimedUpTo, index); // regions skipped over are not fetched
        claimThrough(index + WINDOW - 1);
        for (int attempt = 1; ; attempt++) {
            RegionCache.Claim claim = claimed.get(index);
            RegionCache.Region region = await(claim);
            try {
                cache.readInto(region, buffer);
                bufferRegion = index;
                bufferLength = region.length();
                claimed.remove(index);
                if (!claim.owned()) { // served from disk: the part of the region this read wants
                    long from = Math.max(pos, (long) index * regionSize);
                    long to = Math.min(end, (long) index * regionSize + region.length());
                    counts.cached(Math.max(0, to - from));
                    StorageStats.SSD_HIT_BYTES.addAndGet(Math.max(0, to - from));
                }
                return;
            } catch (RegionCache.DamagedRegion | NoSuchFileException e) {
                cache.drop(claim.key(), region, e instanceof RegionCache.DamagedRegion);
                if (attempt >= ATTEMPTS) {
                    throw new IOException(file.path() + ": cached bytes at " + ((long) index * regionSize)
                            + " are unreadable: " + e.getMessage(), e);
                }
                RegionCache.Claim again = cache.claim(object, index);
                claimed.put(index, again);
                if (again.owned()) {
                    cache.fetch(remote, file, List.of(again), counts);
                }
            }
        }
    }

    private RegionCache.Region await(RegionCache.Claim claim) throws IOException {
        try {
            return claim.future().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(file.path() + ": interrupted while fetching");
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof NoSuchFileException gone) {
                throw new NoSuchFileException(gone.getFile(), null, gone.getReason());
            }
            if (cause instanceof IOException io) {
                throw new IOException(io.getMessage(), io);
            }
            throw new IOException(file.path() + ": " + cause, cause);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos >= end) {
            return -1;
        }
        int index = (int) (pos / regionSize);
        if (index != bufferRegion) {
            load(index);
        }
        int inRegion = (int) (pos - (long) index * regionSize);
        int n = (int) Math.min(Math.min(len, bufferLength - inRegion), end - pos);
        if (n <= 0) {
            throw new java.io.EOFException(file.path() + " ended at " + pos + ", before " + end + ": it changed");
        }
        System.arraycopy(buffer, inRegion, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - pos));
        pos += skipped;
        return skipped;
    }

    @Override
    public void close() {
        claimed.clear(); // fetches already started finish and stay cached for the next reader
    }
}
