#!/usr/bin/env bash
# A Java runtime of only the modules in jlink-modules.txt (beside this script), into OUTPUT.
#   jlink-runtime.sh OUTPUT [JDK_HOME]
# JDK_HOME defaults to the JDK of the `jlink` on PATH; it needs its jmods/ (Debian:
# openjdk-17-jdk-headless). The Dockerfile's jre stage and check-jlink-runtime.sh both run this, so
# the image's runtime and the one checked locally are made the same way from the same list.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: jlink-runtime.sh OUTPUT [JDK_HOME]}"
jdk="${2:-$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")}"
if [ ! -d "$jdk/jmods" ]; then
  echo "jlink-runtime.sh: $jdk has no jmods/ (a JDK with its modules is needed, e.g. openjdk-17-jdk-headless)" >&2
  exit 2
fi
modules="$(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$here/jlink-modules.txt" | grep -v '^$' | paste -sd, -)"
# jlink refuses an existing output folder; a stale one from an earlier run is replaced.
rm -rf "$out"
# --compress=2: zip level compression of the module image (Java 17 syntax; 21+ spells it zip-6).
# Debug attributes, headers and man pages are not needed to run.
"$jdk/bin/jlink" --module-path "$jdk/jmods" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out"
echo "jlink-runtime.sh: $out ($("$out/bin/java" --list-modules | wc -l) modules, from $jdk)" >&2
