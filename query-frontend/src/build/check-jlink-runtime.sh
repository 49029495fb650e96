#!/usr/bin/env bash
# Proves the Docker image's jlinked Java runtime runs Rewind, without Docker: builds the same runtime
# (jlink-runtime.sh, jlink-modules.txt) from this machine's JDK 17 into a temporary folder and runs
# Rewind's commands with it, through the ./rewind launcher as the image does:
#   sample; query --limit (a Flink MiniCluster job); query --count against the ground truth;
#   trends --month (the PNG report: java.desktop, fonts); query over s3:// from an S3-compatible
#   server (S3Proxy, Rewind's EmbeddedS3) through the S3 plugin; serve, until rewind-health (the
#   image's HEALTHCHECK) passes and /api/query answers.
# Then the native libraries the runtime links (headless) against the Dockerfile's apt-get list.
#   query-frontend/src/build/check-jlink-runtime.sh [--jdeps] [WORK_DIR]
# --jdeps also recomputes the module list with jdeps (about 3 minutes on 2 cores) and fails if a
# module it finds is missing from jlink-modules.txt. Needs a packaged query-frontend/target
# (rewind.jar, lib/, plugins/) and a JDK 17 with jmods (Debian: openjdk-17-jdk-headless) on PATH.
# Takes about 4 minutes on 2 busy cores.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
target="$root/query-frontend/target"
jdeps=false
if [ "${1:-}" = --jdeps ]; then jdeps=true; shift; fi
work="${1:-$(mktemp -d /tmp/rewind-jlink-check.XXXXXX)}"
mkdir -p "$work"
system_java="$(command -v java)"
pids=()
cleanup() { for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*" >&2; }
for f in "$target/rewind.jar" "$target/lib" "$target/plugins"; do
  [ -e "$f" ] || fail "$f missing: package query-frontend first (mvn -pl query-frontend -am package -DskipTests)"
done

step "jlink runtime into $work/jre"
"$here/jlink-runtime.sh" "$work/jre"
echo "runtime size: $(du -sb "$work/jre" | cut -f1) bytes" >&2
export PATH="$work/jre/bin:$PATH" REWIND_CDS=off
[ "$(command -v java)" = "$work/jre/bin/java" ] || fail "the launcher would not run the jlinked java"

run() { # name, then the rewind arguments; output in $work/name.out/.err, elapsed time printed
  local name="$1"; shift
  local t0=$SECONDS
  "$root/rewind" "$@" >"$work/$name.out" 2>"$work/$name.err" || { tail -20 "$work/$name.err" >&2; fail "rewind $*"; }
  echo "   $name: $((SECONDS - t0)) s" >&2
  if grep -E "NoClassDefFoundError|ClassNotFoundException|UnsatisfiedLinkError|module .* not found" "$work/$name.err"; then
    fail "$name: a class or library of a module left out (above)"
  fi
}

step "sample"
run sample sample --months 1 --lines-per-day 5000 --seed 42 --out "$work/archives"
expected="$(tr -d '\n ' < "$work/archives/ground-truth.json" | sed -n 's/.*"total_levels":{[^}]*"ERROR":\([0-9]*\).*/\1/p')"
[ -n "$expected" ] || fail "no ERROR total in ground-truth.json"

step "query --limit 5 (a MiniCluster job)"
run query query --archives "$work/archives" --from 2024-01-01 --to 2024-01-31 --level ERROR --limit 5 --no-cache
[ "$(grep -c ' ERROR ' "$work/query.out")" = 5 ] || fail "query: not 5 ERROR rows: $(cat "$work/query.out")"

step "query --count (a job over every frame) against the ground truth ($expected)"
run count query --archives "$work/archives" --from 2024-01-01 --to 2024-01-31T23:59:59 --level ERROR --count \
  --no-cache --format json
grep -q "\"count\" : $expected," "$work/count.out" || fail "count: expected $expected: $(grep '"count"' "$work/count.out")"

step "trends --month (PNG)"
run trends trends --archives "$work/archives" --month 2024-01 --out "$work/reports"
png="$work/reports/error-trends-2024-01.png"
[ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$png is not a PNG"
[ "$(stat -c %s "$png")" -gt 10000 ] || fail "$png is suspiciously small (no text drawn?)"

step "query over s3:// (S3Proxy; the S3 plugin in its own class loader)"
mkdir -p "$work/s3/rewind" && cp -r "$work/archives" "$work/s3/rewind/archives"
port=$((20000 + RANDOM % 20000))
"$system_java" -cp "$target/rewind.jar:$target/lib/*" "$here/S3ForCheck.java" "$work/s3" "$port" checkkey checksecret \
  >"$work/s3.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do grep -q "S3 ready" "$work/s3.log" && break; sleep 1; done
grep -q "S3 ready" "$work/s3.log" || fail "the S3 server did not start: $(tail -5 "$work/s3.log")"
AWS_ACCESS_KEY_ID=checkkey AWS_SECRET_ACCESS_KEY=checksecret run s3 query --archives s3://rewind/archives \
  "-Ds3.endpoint=http://127.0.0.1:$port" -Ds3.path.style.access=true --from 2024-01-01 --to 2024-01-31T23:59:59 \
  --level ERROR --count --no-cache --ssd-cache-dir "$work/ssd" --format json
grep -q "\"count\" : $expected," "$work/s3.out" || fail "s3 count: expected $expected: $(grep '"count"' "$work/s3.out")"
[ -n "$(ls "$work/ssd")" ] || fail "s3: nothing was fetched from the bucket"
kill "${pids[-1]}"

step "serve, the image's health check, /api/query"
port=$((20000 + RANDOM % 20000))
"$root/rewind" serve --archives "$work/archives" --port "$port" --cache-dir "$work/cache" >"$work/serve.log" 2>&1 &
pids+=($!)
healthy=false
for _ in $(seq 1 90); do
  if "$here/rewind-health" "$port" 2>/dev/null; then healthy=true; break; fi
  sleep 2
done
$healthy || fail "serve: rewind-health never passed: $(tail -5 "$work/serve.log")"
answer="$(curl -fsS -X POST "http://127.0.0.1:$port/api/query" -H 'Content-Type: application/json' \
  -d '{"start_time":"2024-01-01","end_time":"2024-01-31","filters":{"level":"ERROR"},"page_size":3}')"
[ "$(grep -o '"level":"ERROR"' <<<"$answer" | wc -l)" = 3 ] || fail "serve: /api/query answered $answer"
kill "${pids[-1]}"
if grep -E "NoClassDefFoundError|ClassNotFoundException|UnsatisfiedLinkError" "$work/serve.log"; then fail "serve (above)"; fi

step "native libraries against the Dockerfile's runtime packages"
# What the runtime links against headless (no X11 window, sound or splash libraries: those load only
# with a display), as Debian packages; each must be in the runtime stage's apt-get install, among
# their dependencies, or in debian:bookworm-slim itself (these few, from docker-library/repo-info's
# repos/debian/local/bookworm-slim.md).
slim="libc6 libgcc-s1 libstdc++6 zlib1g libpcre2-8-0 libmd0 libzstd1 liblzma5"
installed="$(awk '/^FROM /{last=(NR)} {line[NR]=$0} END{for(i=last;i<=NR;i++) printf "%s ", line[i]}' "$root/Dockerfile" \
  | sed 's/\\ */ /g' | grep -o 'apt-get install [^&]*' | tr ' ' '\n' | grep -vE '^(apt-get|install|-.*|)$' || true)"
[ -n "$installed" ] || fail "no apt-get install in the Dockerfile's runtime stage"
closure="$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
  --no-enhances $installed 2>/dev/null | grep -v '^ ' | sed 's/:.*//' | sort -u)"
needed=""
for so in "$work"/jre/lib/*.so "$work"/jre/lib/server/*.so; do
  case "$(basename "$so")" in libawt_xawt.so|libjawt.so|libjsound.so|libsplashscreen.so) continue ;; esac
  for lib in $(ldd "$so" | awk '/=> \//{print $3}'); do
    case "$lib" in "$work"/*) continue ;; esac
    pkg="$(dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "/usr$lib" 2>/dev/null \
      || dpkg -S "${lib#/usr}" 2>/dev/null || echo "?: $lib")"
    needed="$needed ${pkg%%:*}"
  done
done
needed="$(tr ' ' '\n' <<<"$needed libfontconfig1" | grep -v '^$' | sort -u)" # fontconfig: loaded with dlopen
for pkg in $needed; do
  grep -qx "$pkg" <<<"$closure" || grep -qw "$pkg" <<<"$slim" || fail "$pkg (native library of the runtime) is not installed by the Dockerfile's runtime stage"
done
echo "   native packages needed: $(tr '\n' ' ' <<<"$needed")" >&2

if $jdeps; then
  step "jdeps over rewind.jar, lib/ and the S3 plugin"
  mkdir -p "$work/jdeps/app" "$work/jdeps/plugin"
  cp "$target/rewind.jar" "$target"/lib/*.jar "$work/jdeps/app/"
  cp "$target"/plugins/*/*.jar "$work/jdeps/plugin/"
  # Module descriptors make jdeps resolve modules the classpath does not hold; it reads classes alone.
  for j in "$work"/jdeps/*/*.jar; do zip -q -d "$j" module-info.class 'META-INF/versions/*/module-info.class' >/dev/null 2>&1 || true; done
  found="$( { jdeps --print-module-deps --ignore-missing-deps --multi-release 17 -q --class-path "$work/jdeps/app/*" "$work"/jdeps/app/*.jar
              jdeps --print-module-deps --ignore-missing-deps --multi-release 17 -q "$work"/jdeps/plugin/*.jar; } | tr ',' '\n' | sort -u)"
  listed="$(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$here/jlink-modules.txt" | grep -v '^$')"
  for m in $found; do grep -qx "$m" <<<"$listed" || fail "jdeps finds $m, which jlink-modules.txt leaves out"; done
  echo "   jdeps: $(tr '\n' ',' <<<"$found")" >&2
fi
echo "OK: the jlinked runtime ($(du -sb "$work/jre" | cut -f1) bytes) ran sample, query, count, trends (PNG), s3 query and serve; work in $work" >&2
