package dev.rewind.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code .dockerignore} as the builder reads it: patterns relative to the context root, {@code *}
 * and {@code ?} within one path segment, {@code **} across segments, {@code !} re-including; the
 * last rule that matches a path, or any folder above it, decides.
 */
final class DockerIgnore {
    private record Rule(Pattern pattern, boolean include) {}

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean include = line.startsWith("!");
            String glob = (include ? line.substring(1) : line).strip();
            while (glob.startsWith("/")) {
                glob = glob.substring(1);
            }
            while (glob.endsWith("/")) {
                glob = glob.substring(0, glob.length() - 1);
            }
            rules.add(new Rule(Pattern.compile(regex(glob)), include));
        }
        return new DockerIgnore(rules);
    }

    /** Whether a path of the build context (relative, with {@code /}) is left out of it. */
    boolean excluded(String path) {
        String clean = path.replaceAll("^\\./", "").replaceAll("/+$", "");
        List<String> candidates = new ArrayList<>();
        int slash = -1;
        while ((slash = clean.indexOf('/', slash + 1)) >= 0) {
            candidates.add(clean.substring(0, slash));
        }
        candidates.add(clean);
        boolean excluded = false;
        for (Rule rule : rules) {
            if (candidates.stream().anyMatch(c -> rule.pattern().matcher(c).matches())) {
                excluded = !rule.include();
            }
        }
        return excluded;
    }

    private static String regex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                re.append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
