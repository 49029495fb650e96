package dev.rewind.server;

/** The body of every error answer: {@code {error, field, message}} (DESIGN.md). */
public record ApiError(String error, String field, String message) {
}
