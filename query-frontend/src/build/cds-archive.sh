#!/usr/bin/env bash
# Builds target/rewind.jsa, the class-data-sharing archive ./rewind maps at start (called by the
# package phase, see pom.xml). Training runs go through what commands load: a month of samples is
# written, a text search runs a Flink job (MiniCluster), a count is answered from the sidecars and
# cached, then read back from the cache. Their class lists are merged and dumped as one *static*
# archive: unlike a dynamic one (-XX:ArchiveClassesAtExit), a static archive also holds classes
# compiled for old Java versions (picocli's, a third of a command's fixed cost when loaded from the jar).
# The archive holds the class path it was made with: the jar's absolute path, as ./rewind gives it.
set -euo pipefail
target="$(cd "$1" && pwd)"
jar="$target/rewind.jar"
work="$target/cds"
rm -rf "$work" "$target/rewind.jsa"
mkdir -p "$work"
cd "$target"
run() { # run NAME ARGS...: one training command, its class list in $work/NAME.lst
  local name=$1; shift
  java -Xmx512m -XX:+UseSerialGC -XX:DumpLoadedClassList="$work/$name.lst" -Drewind.cache.dir="$work/cache" \
    -jar "$jar" "$@" >"$work/$name.log" 2>&1
}
range=(--archives "$work/samples" --from 2024-01-01 --to 2024-01-31)
run sample sample --months 1 --lines-per-day 200 --out "$work/samples"
run scan query "${range[@]}" --text declined --limit 5 --no-cache
run count query "${range[@]}" --level ERROR --count --format json
run cached query "${range[@]}" --level ERROR --count --format json
run table query "${range[@]}" --level ERROR --limit 5
# One list: every line once, in first-seen order.
awk '/^#/ {next} !seen[$0]++' "$work"/{sample,scan,count,cached,table}.lst >"$work/classes.lst"
java -Xshare:dump -XX:SharedClassListFile="$work/classes.lst" -XX:SharedArchiveFile="$target/rewind.jsa" \
  -cp "$jar" >"$work/dump.log" 2>&1
echo "rewind.jsa: $(wc -l <"$work/classes.lst") classes listed, $(du -h "$target/rewind.jsa" | cut -f1)"
