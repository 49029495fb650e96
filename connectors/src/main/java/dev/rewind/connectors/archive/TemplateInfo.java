package dev.rewind.connectors.archive;

import dev.rewind.connectors.record.Level;

/**
 * A message template of WARN-and-above lines in one archive.
 *
 * @param id       stable id derived from the template text
 * @param level    the most severe level the template was seen at
 * @param count    lines in the archive with this template
 * @param sample   one raw message with this template
 */
public record TemplateInfo(String id, String template, Level level, long count, String sample) {
}
