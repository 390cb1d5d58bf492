#!/usr/bin/env python3
"""icmp_sweep.py IP...: proves each address answers an ICMP echo, one after the other, from this namespace.

The baseline's readiness check: a faster equivalent of one `ping -c1 -W1 IP` per pod (one process for all targets
instead of one per target). Per target: send an echo request, wait up to 1 s for the matching reply; up to 20
attempts 100 ms apart (podwire's TCP readiness probe retries the same way). Exit 0 when all answered, 1 otherwise.
Needs root (raw socket).
"""
import os
import select
import socket
import struct
import sys
import time


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def echo(sock, ip, ident, seq, timeout):
    payload = b"podwire-bench"
    hdr = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
    pkt = struct.pack("!BBHHH", 8, 0, checksum(hdr + payload), ident, seq) + payload
    sock.sendto(pkt, (ip, 0))
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([sock], [], [], left)[0]:
            return False
        data, addr = sock.recvfrom(2048)
        ihl = (data[0] & 0x0F) * 4
        typ, _, _, rid, rseq = struct.unpack("!BBHHH", data[ihl:ihl + 8])
        if addr[0] == ip and typ == 0 and rid == ident and rseq == seq:
            return True


def main(ips):
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    ident, seq, failed = os.getpid() & 0xFFFF, 0, []
    for ip in ips:
        for attempt in range(20):
            seq = (seq + 1) & 0xFFFF
            if echo(sock, ip, ident, seq, 1.0):
                break
            time.sleep(0.1)
        else:
            failed.append(ip)
    if failed:
        print("icmp_sweep: no answer from " + " ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
