#!/usr/bin/env bash
# Installs what podwire needs on Debian 12 (as root) and builds it. Safe to run again: installs only what is missing.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
[ "$(id -u)" = 0 ] || { echo "error: run as root (sudo ./install.sh)" >&2; exit 1; }

packages=(iproute2 iptables nftables conntrack tcpdump tshark curl wget dnsutils iputils-ping procps util-linux
          netcat-openbsd python3 maven etcd-server etcd-client wrk)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # etcd-server's package would start a system etcd on 127.0.0.1:2379 where systemd runs; podwire starts its own
  # etcd inside the lab's namespaces and never uses that one, so keep the package from starting it.
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d.podwire
  chmod +x /usr/sbin/policy-rc.d.podwire
  had_policy=0; [ -e /usr/sbin/policy-rc.d ] && had_policy=1
  [ "$had_policy" = 1 ] || cp /usr/sbin/policy-rc.d.podwire /usr/sbin/policy-rc.d
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ "$had_policy" = 1 ] || rm -f /usr/sbin/policy-rc.d
  rm -f /usr/sbin/policy-rc.d.podwire
fi

# A JDK 25: the machine's Temurin 25 when present; otherwise say how to get one.
if ! ls -d /usr/lib/jvm/*25* >/dev/null 2>&1 && ! { [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"2[5-9]'; }; then
  echo "error: no JDK 25 found under /usr/lib/jvm; install Temurin 25 (temurin-25-jdk) and re-run" >&2
  exit 1
fi

rm -f "$here/target/podwire.jar"
"$here/podwire" --version
