#!/bin/sh
# Captures the iproute2 JSON fixtures of this directory from the real tools, in throw-away namespaces that are
# deleted on exit. Run as root from this directory: sh capture.sh. Captured with iproute2 6.1.0, kernel 6.18.
set -eu
A=fxip-$$-a
B=fxip-$$-b
trap 'ip netns del $A 2>/dev/null || true; ip netns del $B 2>/dev/null || true' EXIT
ip netns add $A
ip netns add $B
a() { ip -n $A "$@"; }
a link set dev lo up
# Underlay: eth0 is a veth into namespace B, like a node's interface into the segment bridge.
a link add name eth0 address 02:00:00:00:00:01 type veth peer name eth0 netns $B
a addr add 192.168.50.1/24 dev eth0
a link set dev eth0 up
ip -n $B addr add 192.168.50.2/24 dev eth0
ip -n $B link set dev eth0 up
# cni0 with one pod-side veth port, as the CNI wiring leaves a node.
a link add name cni0 address 02:00:00:00:00:02 mtu 1450 type bridge
a addr add 10.244.0.1/24 dev cni0
a link set dev cni0 up
a link add name veth0123abcd mtu 1450 address 02:00:00:00:00:03 type veth peer name vethpeer mtu 1450 \
    address 02:00:00:00:00:04
a link set dev veth0123abcd master cni0 up
a link set dev vethpeer up
# flannel's VTEP, plus a second vxlan with the options flannel calls incompatible.
a link add name flannel.1 address d6:60:8c:f3:ba:37 mtu 1450 type vxlan id 1 local 192.168.50.1 dev eth0 \
    nolearning dstport 8472
a addr add 10.244.0.0/32 dev flannel.1
a link set dev flannel.1 up
a link add name flannel.7 address 0e:00:00:00:00:07 type vxlan id 7 local 192.168.50.1 dev eth0 learning \
    dstport 4789 gbp l2miss
# Routes: default, blackhole, host-gw style, onlink through the VTEP, scope link, a static one with a metric,
# a host route, and one in another table.
a route add default via 192.168.50.254 dev eth0
a route add blackhole 10.244.9.0/24
a route add 10.244.2.0/24 via 192.168.50.2 dev eth0
a route add 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink
a route add 10.244.4.0/24 dev eth0 scope link
a route add 10.244.5.0/24 via 192.168.50.3 dev eth0 proto static metric 100
a route add 10.244.6.6 dev eth0
a route add 10.99.0.0/16 via 192.168.50.2 dev eth0 table 100
# The VTEP's peer: neighbour and FDB entries as flannel writes them, plus entries flannel never writes.
a neigh replace 10.244.1.0 lladdr 4a:4a:ee:b9:cb:2d dev flannel.1 nud permanent
a neigh replace 10.244.3.0 lladdr 6e:00:00:00:00:03 dev flannel.1 nud stale
a neigh replace 10.244.8.0 dev flannel.1 nud failed
bridge -n $A fdb append 4a:4a:ee:b9:cb:2d dev flannel.1 dst 192.168.50.2 self permanent
bridge -n $A fdb append 00:00:00:00:00:00 dev flannel.1 dst 192.168.50.9 self permanent

a -j route show > route-show.json
a -j route show table 100 > route-show-table-100.json
a -j route show table all > route-show-table-all.json
a -j route get 10.244.2.7 > route-get-via.json
a -j route get 192.168.50.1 > route-get-local.json
a -j route get 10.244.1.5 > route-get-onlink.json
a -j addr show dev eth0 > addr-show-eth0.json
a -j -d addr show dev flannel.1 > addr-show-details-flannel.1.json
a -j -d addr show dev flannel.7 > addr-show-details-flannel.7.json
a -j -d addr show dev cni0 > addr-show-details-cni0.json
a -j link show > link-show.json
a -j link show type veth > link-show-type-veth.json
a -j neigh show dev flannel.1 > neigh-show-flannel.1.json
bridge -n $A -j fdb show dev flannel.1 > fdb-show-flannel.1.json
a -j addr show dev nosuch > /dev/null 2> addr-show-nosuch.stderr || echo "exit $?" >> addr-show-nosuch.stderr
