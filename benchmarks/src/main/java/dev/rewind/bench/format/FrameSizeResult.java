package dev.rewind.bench.format;

import dev.rewind.connectors.codec.Codec;

/** One codec written at one frame size, against the same codec's single-frame file. */
record FrameSizeResult(int frameSize, Codec codec, long rawBytes, long singleFrameBytes, long archiveBytes,
                       long sidecarBytes, int frames, int days) {

    double ratio() {
        return (double) rawBytes / archiveBytes;
    }

    double ratioLost() {
        return 1 - ratio() / ((double) rawBytes / singleFrameBytes);
    }

    double sidecarShare() {
        return (double) sidecarBytes / archiveBytes;
    }

    double framesPerDay() {
        return (double) frames / days;
    }
}
