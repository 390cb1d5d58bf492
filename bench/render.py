#!/usr/bin/env python3
"""Renders the inputs of bench/bringup.sh (nothing here touches the network).

  render.py lab LABNAME NODES PODS FILE
      A podwire lab file: one segment, NODES host-gw nodes, one Deployment `web` with PODS replicas.

  render.py baseline OUTDIR PREFIX NODES PODS PROBE
      The baseline: one `ip -batch` file per namespace plus run.sh, which runs them in order, enables
      ip_forward in each node and proves traffic to every pod. PROBE is `sweep` (one `ip netns exec` per
      source pod running icmp_sweep.py over its targets) or `ping` (one `ip netns exec ... ping -c1 -W1`
      per pod). Also writes namespaces.txt (every namespace run.sh creates, for clean-up).

Layout shared by both (what podwire builds for the same lab):
  segment 192.168.100.0/24; node i (1-based) has 192.168.100.(10+i) on eth0 and podCIDR 10.244.(i-1).0/24
  (the kube subnet manager hands out 10.244.0.0/24 first); pod j (0-based) lands on node (j mod N)+1 as its
  k-th pod (k = j div N) with address 10.244.(i-1).(k+2), default route via 10.244.(i-1).1 (cni0).
"""
import os
import sys

SEGMENT = "192.168.100.0/24"


def node_addr(i):
    return f"192.168.100.{10 + i}"


def pod_layout(nodes, pods):
    """[(node i, k, ip)] in pod order j = 0..pods-1."""
    out = []
    for j in range(pods):
        i, k = j % nodes + 1, j // nodes
        out.append((i, k, f"10.244.{i - 1}.{k + 2}"))
    return out


def render_lab(lab, nodes, pods, path):
    lines = [
        "apiVersion: podwire.dev/v1alpha1",
        "kind: Lab",
        f"metadata: {{name: {lab}}}",
        "spec:",
        "  underlay:",
        f"    segments: [{{name: lan, subnet: {SEGMENT}}}]",
        "  nodes:",
    ]
    for i in range(1, nodes + 1):
        lines.append(f"  - {{name: n{i}, segment: lan, address: {node_addr(i)}, interface: eth0}}")
    lines += [
        "  podNetwork: {Network: 10.244.0.0/16, Backend: {Type: host-gw}}",
        "---",
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: {name: web, labels: {app: web}}",
        "spec:",
        f"  replicas: {pods}",
        "  selector: {matchLabels: {app: web}}",
        "  template:",
        "    metadata: {labels: {app: web}}",
        "    spec:",
        "      containers:",
        "      - name: web",
        "        image: httpd",
        "        ports: [{containerPort: 80}]",
    ]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def render_baseline(out, prefix, nodes, pods, probe):
    if nodes < 2:
        sys.exit("render.py: the baseline needs at least 2 nodes (traffic is proven across nodes)")
    if pods > nodes * 253:
        sys.exit("render.py: more than 253 pods per node do not fit a /24")
    fabric = f"{prefix}-fabric"
    node_ns = {i: f"{prefix}-n{i}" for i in range(1, nodes + 1)}
    layout = pod_layout(nodes, pods)
    pod_ns = {(i, k): f"{prefix}-p{i}-{k}" for i, k, _ in layout}
    namespaces = [fabric] + list(node_ns.values()) + [pod_ns[(i, k)] for i, k, _ in layout]
    batches = []  # (namespace or None for the host, file name, lines)

    batches.append((None, "host.batch", [f"netns add {ns}" for ns in namespaces]))

    fab = ["link set lo up", "link add br-lan type bridge", "link set br-lan up"]
    for i in range(1, nodes + 1):
        fab += [f"link add vn{i} type veth peer name eth0 netns {node_ns[i]}",
                f"link set vn{i} master br-lan", f"link set vn{i} up"]
    batches.append((fabric, "fabric.batch", fab))

    for i in range(1, nodes + 1):
        nb = ["link set lo up", f"address add {node_addr(i)}/24 dev eth0", "link set eth0 up",
              "link add cni0 type bridge", f"address add 10.244.{i - 1}.1/24 dev cni0", "link set cni0 up"]
        for pi, k, _ in layout:
            if pi == i:
                nb += [f"link add vp{k} type veth peer name eth0 netns {pod_ns[(i, k)]}",
                       f"link set vp{k} master cni0", f"link set vp{k} up"]
        for j in range(1, nodes + 1):
            if j != i:
                nb.append(f"route add 10.244.{j - 1}.0/24 via {node_addr(j)} dev eth0")
        batches.append((node_ns[i], f"node-{i}.batch", nb))

    for i, k, ip in layout:
        batches.append((pod_ns[(i, k)], f"pod-{i}-{k}.batch",
                        ["link set lo up", f"address add {ip}/24 dev eth0", "link set eth0 up",
                         f"route add default via 10.244.{i - 1}.1"]))

    for _, name, lines in batches:
        with open(os.path.join(out, name), "w") as f:
            f.write("\n".join(lines) + "\n")

    # Traffic: every pod from a pod on another node (as podwire's readiness does): pods on node 1 from
    # node 2's first pod, all others from node 1's first pod.
    src1, src2 = pod_ns[(1, 0)], pod_ns[(2, 0)]
    from_src1 = [ip for i, _, ip in layout if i != 1]
    from_src2 = [ip for i, _, ip in layout if i == 1]
    sweep = os.path.join(os.path.dirname(os.path.abspath(__file__)), "icmp_sweep.py")

    run = ["#!/bin/bash", "# Rendered by bench/render.py; times nothing itself.", "set -e"]
    for ns, name, _ in batches:
        path = os.path.join(os.path.abspath(out), name)
        run.append(f"ip -batch {path}" if ns is None else f"ip -n {ns} -batch {path}")
    for i in range(1, nodes + 1):
        run.append(f"ip netns exec {node_ns[i]} sysctl -qw net.ipv4.ip_forward=1")
    for src, ips in ((src1, from_src1), (src2, from_src2)):
        if probe == "sweep":
            run.append(f"ip netns exec {src} python3 {sweep} {' '.join(ips)}")
        else:
            run += [f"ip netns exec {src} ping -c1 -W1 -q {ip} >/dev/null" for ip in ips]
    with open(os.path.join(out, "run.sh"), "w") as f:
        f.write("\n".join(run) + "\n")
    with open(os.path.join(out, "namespaces.txt"), "w") as f:
        f.write("\n".join(namespaces) + "\n")


def main(argv):
    if len(argv) == 6 and argv[1] == "lab":
        render_lab(argv[2], int(argv[3]), int(argv[4]), argv[5])
    elif len(argv) == 7 and argv[1] == "baseline" and argv[6] in ("sweep", "ping"):
        render_baseline(argv[2], argv[3], int(argv[4]), int(argv[5]), argv[6])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
