package dev.rewind.connectors.archive.format;

/** A whole sidecar as written or read in one go: the index a catalog keeps, and its details. */
public record Sidecar(SidecarIndex index, SidecarDetails details) {
}
