package dev.rewind.bench.format;

import dev.rewind.bench.harness.Timing;
import dev.rewind.connectors.codec.Codec;

/**
 * Everything measured for one codec at the chosen frame size. Throughputs are of raw (decoded)
 * bytes, so every column divides the same number.
 *
 * @param singleFrameBytes the CLI tool's own single-frame file of the same corpus
 * @param framedBytes      our framed archive
 * @param sidecarBytes     the framed archive's sidecar
 * @param ourDecode        our decoder over the framed archive
 * @param cliDecode        the CLI tool over the framed archive
 * @param ourDecodeSingle  our decoder over the single-frame file
 * @param cliDecodeSingle  the CLI tool over the single-frame file
 * @param indexForeign     indexing the single-frame file as a foreign archive (decode + sidecar)
 * @param framedWrite      writing the framed archive and its sidecar from raw text
 */
record CodecResult(Codec codec, long rawBytes, long singleFrameBytes, long framedBytes, long sidecarBytes,
                   int frames, Timing ourDecode, Timing cliDecode, Timing ourDecodeSingle, Timing cliDecodeSingle,
                   Timing indexForeign, Timing framedWrite) {

    /** Our decoder's throughput as a multiple of the CLI tool's, on the framed archive. */
    double decodeSpeedup() {
        return ourDecode.megabytesPerSecond(rawBytes) / cliDecode.megabytesPerSecond(rawBytes);
    }

    double sidecarShare() {
        return (double) sidecarBytes / framedBytes;
    }

    double singleFrameRatio() {
        return (double) rawBytes / singleFrameBytes;
    }

    double framedRatio() {
        return (double) rawBytes / framedBytes;
    }

    /** Share of the single-frame compression ratio that framing gives up (negative: framing won). */
    double ratioLost() {
        return 1 - framedRatio() / singleFrameRatio();
    }
}
