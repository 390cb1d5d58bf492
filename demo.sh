#!/usr/bin/env bash
# The demo: installs what is missing, builds, brings up seed 000's two-node flannel host-gw cluster and shows real
# traffic crossing it. The lab stays up afterwards; remove it with ./podwire down hostgw
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
pw="$here/podwire"
"$here/install.sh"
if "$pw" labs | grep -q "^hostgw "; then "$pw" down hostgw; fi
"$pw" up "$here/examples/seed-000-hostgw.yaml"
# Every command names the lab, so the demo works even when other labs are up.
run() { local verb=$1; shift; echo; echo "\$ podwire $verb $*"; "$pw" "$verb" --lab hostgw "$@"; }
run get nodes -o wide
run get pods -o wide
run exec node/hostgw-master -- ip route
run exec node/hostgw-node -- cat /run/flannel/subnet.env
pods=$("$pw" get pods --lab hostgw -o json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(p["metadata"]["name"]+"="+p["status"]["podIP"]+"="+p["spec"]["nodeName"] for p in d["items"]))')
first=${pods%% *}; src=${first%%=*}; srcnode=${first##*=}
for p in $pods; do
  ip=$(echo "$p" | cut -d= -f2); node=${p##*=}
  [ "$node" != "$srcnode" ] || continue
  run exec "pod/$src" -- curl -s -m 5 "http://$ip/"
  break
done
echo
echo "The lab is up. Try: ./podwire get pods -o wide ; ./podwire exec node/hostgw-node -- ip route ; ./podwire down hostgw"
