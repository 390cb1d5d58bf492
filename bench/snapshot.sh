# Sourced by the benchmarks. snapshot_podwire builds podwire if needed (./podwire does when its sources changed) and
# copies its jar and libraries into $work/podwire, setting $pwbin to a launcher of that copy, so that a rebuild of
# the working tree during a run (someone editing src/) cannot replace the jar under the lab daemons.
# Needs: $work (a scratch directory) and a die function; run from the repository root.
snapshot_podwire() {
  local c java="" v
  ./podwire labs >/dev/null || die "./podwire does not run (see above)"
  for c in "${PODWIRE_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
    v="$("$c/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
    if [ "${v:-0}" -ge 25 ] 2>/dev/null; then java="$c/bin/java"; break; fi
  done
  [ -n "$java" ] || die "no JDK 25 found (the same search as ./podwire's)"
  mkdir -p "$work/podwire"
  cp target/podwire.jar "$work/podwire/podwire.jar"
  cp -r target/lib "$work/podwire/lib"
  pwbin="$work/podwire/podwire"
  cat >"$pwbin" <<EOS
#!/bin/sh
exec "$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp "$work/podwire/podwire.jar:$work/podwire/lib/*" dev.podwire.cli.Main "\$@"
EOS
  chmod +x "$pwbin"
  "$pwbin" labs >/dev/null || die "the copy of podwire's jar does not run (a build was writing it?); run again"
}
