package dev.rewind.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile as its stages and instructions: continuation lines joined, comments and parser
 * directives dropped. Enough of the format to check references between stages and to the build
 * context; not a builder.
 */
record DockerfileModel(List<Stage> stages) {

    /** One instruction: its keyword (upper case), its arguments as written, its first line. */
    record Instruction(String keyword, String args, int line) {}

    /** One {@code FROM} and what follows it until the next. */
    record Stage(int index, String image, String name, int line, List<Instruction> instructions) {
        /** {@code COPY} instructions, with their flags split off. */
        List<Copy> copies() {
            List<Copy> out = new ArrayList<>();
            String workdir = "/";
            for (Instruction i : instructions) {
                if (i.keyword().equals("WORKDIR")) {
                    workdir = i.args().startsWith("/") ? i.args() : workdir + "/" + i.args();
                }
                if (i.keyword().equals("COPY") || i.keyword().equals("ADD")) {
                    out.add(Copy.parse(i, workdir));
                }
            }
            return out;
        }

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }
    }

    /** A {@code COPY [--from=X] [--chown=…] SRC… DEST}, DEST resolved against the stage's WORKDIR. */
    record Copy(String from, List<String> sources, String dest, String workdir, int line) {
        static Copy parse(Instruction i, String workdir) {
            List<String> words = new ArrayList<>(List.of(i.args().trim().split("\\s+")));
            String from = null;
            while (!words.isEmpty() && words.get(0).startsWith("--")) {
                String flag = words.remove(0);
                if (flag.startsWith("--from=")) {
                    from = flag.substring("--from=".length());
                }
            }
            if (words.size() < 2) {
                throw new IllegalArgumentException("line " + i.line() + ": COPY needs a source and a destination");
            }
            String dest = words.remove(words.size() - 1);
            String base = workdir.endsWith("/") ? workdir : workdir + "/";
            String resolved = dest.startsWith("/") ? dest : base + dest;
            String normal = java.nio.file.Path.of(resolved).normalize().toString();
            return new Copy(from, List.copyOf(words), resolved.endsWith("/") && !normal.equals("/") ? normal + "/" : normal,
                    workdir, i.line());
        }
    }

    private static final Pattern FROM = Pattern.compile("(?i)(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?");

    static DockerfileModel parse(String text) {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int first = n + 1;
            StringBuilder joined = new StringBuilder();
            while (line.endsWith("\\") && n + 1 < lines.length) {
                joined.append(line, 0, line.length() - 1).append(' ');
                line = lines[++n].strip();
                while (line.startsWith("#") && n + 1 < lines.length) {
                    line = lines[++n].strip(); // comments inside a continued instruction are dropped
                }
            }
            joined.append(line);
            String whole = joined.toString().strip();
            int space = whole.indexOf(' ');
            String keyword = (space < 0 ? whole : whole.substring(0, space)).toUpperCase(java.util.Locale.ROOT);
            String args = space < 0 ? "" : whole.substring(space + 1).strip();
            if (keyword.equals("FROM")) {
                Matcher m = FROM.matcher(args);
                if (!m.matches()) {
                    throw new IllegalArgumentException("line " + first + ": FROM '" + args + "' is not IMAGE [AS NAME]");
                }
                current = new ArrayList<>();
                stages.add(new Stage(stages.size(), m.group(1), m.group(2), first, current));
            } else if (current == null) {
                if (!keyword.equals("ARG")) {
                    throw new IllegalArgumentException("line " + first + ": " + keyword + " before the first FROM");
                }
            } else {
                current.add(new Instruction(keyword, args, first));
            }
        }
        return new DockerfileModel(List.copyOf(stages));
    }

    Stage last() {
        return stages.get(stages.size() - 1);
    }

    /** The stage a {@code --from=} names, by name or index, only among those before {@code before}. */
    Stage earlier(String ref, int before) {
        for (Stage s : stages.subList(0, before)) {
            if (ref.equals(s.name()) || ref.equals(Integer.toString(s.index()))) {
                return s;
            }
        }
        return null;
    }
}
