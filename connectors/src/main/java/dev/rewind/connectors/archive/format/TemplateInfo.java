package dev.rewind.connectors.archive.format;

import dev.rewind.connectors.record.Level;

/**
 * A message template (shape) of WARN-and-above lines in one archive, at one level: a template
 * logged at two levels has two entries, so counts by level are exact. (Sidecars written before
 * that hold one entry per template, at the most severe level it was seen at.) Error types are
 * mined from these across archives ({@code dev.rewind.connectors.pattern.TypeMiner}).
 *
 * @param id       stable id derived from the template text
 * @param level    the level of the lines counted here
 * @param count    lines in the archive with this template at this level
 * @param sample   one raw message with this template
 */
public record TemplateInfo(String id, String template, Level level, long count, String sample) {
}
