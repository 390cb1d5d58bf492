#!/usr/bin/env bash
# Runs every test: pure unit tests, root-only namespace tests and end-to-end lab tests (as root, real namespaces).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
"$here/install.sh" >/dev/null
for c in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25*; do [ -x "$c/bin/javac" ] && { export JAVA_HOME="$c"; break; }; done
cd "$here"
mvn -B -ntp verify -Pnetns "$@"
