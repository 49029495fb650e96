package dev.rewind.connectors.archive.format;

import java.io.IOException;

/**
 * A sidecar index cannot be used: not a sidecar, damaged, of a version this build does not read,
 * or no longer matching its archive. The message names the file; the remedy is {@code rewind index}.
 */
public class SidecarException extends IOException {
    public SidecarException(String message) {
        super(message);
    }
}
