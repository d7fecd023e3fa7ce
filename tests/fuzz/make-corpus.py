#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora into tests/fuzz/corpus/.

Usage: tests/fuzz/make-corpus.py SEQACK_CLI [EXTRA.pcap ...]

Seeds come from the built-in scenarios (`seqack-cli run NAME --pcap`),
from capture files given on the command line (the capture tests' files),
and from a few hand-written inputs for cases the scenarios never show
(IPv6, IP options, every TCP option, other link types, pcapng). Run again
after adding a scenario; the output is deterministic for a given
seqack-cli. Files stay small (libFuzzer works best from small seeds).
Inputs a campaign found that add coverage are merged in by name (SHA-1)
with `fuzz-TARGET -merge=1 tests/fuzz/corpus/TARGET NEW_INPUTS` and kept.
"""
import hashlib
import os
import re
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
SCENARIOS = os.path.join(HERE, "..", "..", "data", "scenarios")


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read_pcap(data):
    """(linktype, [(ts_us, frame)]) of a little-endian classic pcap."""
    magic, _, _, _, _, _, link = struct.unpack_from("<IHHiIII", data, 0)
    assert magic in (0xA1B2C3D4, 0xA1B23C4D), "classic pcap expected"
    nano = magic == 0xA1B23C4D
    off, frames = 24, []
    while off + 16 <= len(data):
        sec, frac, caplen, _ = struct.unpack_from("<IIII", data, off)
        off += 16
        frames.append((sec * 1000000 + (frac // 1000 if nano else frac),
                       data[off:off + caplen]))
        off += caplen
    return link, frames


def make_pcap(link, frames):
    out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, link)
    for ts, frame in frames:
        out += struct.pack("<IIII", ts // 1000000, ts % 1000000, len(frame),
                           len(frame)) + frame
    return out


def pcap_records(link, records, big=False, nano=False, snaplen=65535):
    """A classic pcap of version 2.4 from (sec, frac, caplen, len, data)
    records, written as stated (data may be shorter than caplen)."""
    e = ">" if big else "<"
    out = struct.pack(e + "IHHiIII", 0xA1B23C4D if nano else 0xA1B2C3D4,
                      2, 4, 0, 0, snaplen, link)
    for sec, frac, caplen, length, data in records:
        out += struct.pack(e + "IIII", sec, frac, caplen, length) + data
    return out


def odd_record_pcaps(link, frames):
    """Seeds for reading a mapped pcap's records without libpcap
    (seqack-capture.c, read_record()): either byte order, nanoseconds,
    and records libpcap treats specially (cut, refused, truncated), each
    with ordinary records after it where the file goes on."""
    def records(nano=False):
        return [[ts // 1000000, ts % 1000000 * (1000 if nano else 1),
                 len(f), len(f), f] for ts, f in frames]

    out = {
        "fast-big-endian.pcap": pcap_records(link, records(), big=True),
        "fast-nanoseconds.pcap": pcap_records(link, records(True),
                                              nano=True),
        "fast-big-endian-nanoseconds.pcap":
            pcap_records(link, records(True), big=True, nano=True),
    }
    # The last record's data cut short; another's header cut short.
    r = records()
    r[-1][4] = r[-1][4][:len(r[-1][4]) // 2]
    out["fast-truncated-last.pcap"] = pcap_records(link, r)
    out["fast-truncated-header.pcap"] = pcap_records(link, records())[:-len(
        frames[-1][1]) - 9]
    # A caplen above the length on the wire, records after it.
    r = records()
    r[2][3] = r[2][2] - 1
    out["fast-caplen-over-len.pcap"] = pcap_records(link, r)
    # One record longer than the snapshot length (libpcap cuts it).
    r = records()
    longest = max(range(len(r)), key=lambda i: r[i][2])
    snaplen = max([x[2] for x in r if x[2] < r[longest][2]] or [1])
    out["fast-caplen-over-snaplen.pcap"] = pcap_records(link, r,
                                                        snaplen=snaplen)
    # Times libpcap versions read differently (signed or unsigned
    # seconds) and a fraction of a second of more than a second, then
    # ordinary records; then a record longer than any libpcap reads.
    r = records(True)
    r[1][1] = 1999999999
    r[3][0] = 0x80000001
    r.append([r[-1][0], 0, 300000, 300000, b"\0" * 64])
    out["fast-odd-records.pcap"] = pcap_records(link, r, nano=True)
    return out


def tcp_options_of(ip):
    ihl = (ip[0] & 0x0F) * 4
    doff = (ip[ihl + 12] >> 4) * 4
    return ip[ihl + 20:ihl + doff]


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def tcp(sport, dport, seq, ack, flags, options=b"", payload=b""):
    options += b"\0" * (-len(options) % 4)
    doff = (20 + len(options)) // 4
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, doff << 4,
                       flags, 64240, 0, 0) + options + payload


CLIENT, SERVER = b"\xc0\0\2\1", b"\xc0\0\2\2"


def ipv4(segment, ip_options=b"", src=CLIENT, dst=SERVER):
    ihl = (20 + len(ip_options)) // 4
    pseudo = src + dst + struct.pack("!BBH", 0, 6, len(segment))
    c = checksum(pseudo + segment)
    segment = segment[:16] + struct.pack("!H", c) + segment[18:]
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, ihl * 4 + len(segment),
                      1, 0x4000, 64, 6, 0, src, dst) + ip_options
    hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
    return hdr + segment


def ipv6(segment, ext=b""):
    src = bytes.fromhex("20010db8000000000000000000000001")
    dst = bytes.fromhex("20010db8000000000000000000000002")
    nh = 0 if ext else 6
    return struct.pack("!IHBB", 6 << 28, len(ext) + len(segment), nh,
                       64) + src + dst + ext + segment


SYN, ACK, FIN, RST, PSH = 0x02, 0x10, 0x01, 0x04, 0x08
ALL_OPTIONS = (b"\x02\x04\x05\xb4" b"\x04\x02" b"\x08\x0a\0\0\0\1\0\0\0\0"
               b"\x01\x03\x03\x07")
SACK = b"\x01\x01\x05\x12" + struct.pack("!IIII", 100, 200, 300, 400)


def hand_packets():
    return {
        "v4-syn-all-options": ipv4(tcp(40000, 80, 1000, 0, SYN, ALL_OPTIONS)),
        "v4-ip-options": ipv4(tcp(40000, 80, 1, 2, ACK, payload=b"hi"),
                              ip_options=b"\x01\x01\x01\x00"),
        "v4-sack": ipv4(tcp(80, 40000, 5, 6, ACK, SACK), src=SERVER,
                        dst=CLIENT),
        "v4-rst": ipv4(tcp(80, 40000, 0, 1001, RST | ACK), src=SERVER,
                       dst=CLIENT),
        "v6-syn": ipv6(tcp(40000, 80, 1000, 0, SYN, ALL_OPTIONS)),
        "v6-hop-by-hop": ipv6(tcp(40000, 80, 1, 2, ACK | PSH, payload=b"x"),
                              ext=bytes([6, 0, 1, 4, 0, 0, 0, 0])),
    }


def conversation_program(frames, link):
    """fuzz-conversation.c records: op 0 (raw frame, link index 0 = IP)
    and op 4 (clock step in ms) between frames that are apart."""
    out, last = b"", None
    for ts, frame in frames:
        if last is not None and ts > last:
            out += bytes([4]) + struct.pack("!H", min((ts - last) // 1000,
                                                      0x7FFF))
        last = ts
        ip = frame[{12: 0, 101: 0, 1: 14, 113: 16}.get(link, 0):]
        out += bytes([0, 0]) + struct.pack("!H", len(ip)) + ip
    return out


def tcp_conn_programs():
    """fuzz-tcp-conn.c programs: two u32 ISNs, then ops (bit 7: server,
    bits 4-6: send length factor, bits 0-3: operation)."""
    C, S = 0x00, 0x80
    LISTEN, CONNECT, SEND, CLOSE, ABORT = 0, 1, 2, 3, 4
    HEAD, PICK, DROP, DUP, MUTATE, INJECT = 5, 6, 7, 8, 9, 10
    WAIT, DEADLINE, RUN, CONFIG, DEADLINE_RUN = 11, 12, 14, 13, 15
    isns = struct.pack("!II", 1000, 0xFFFFFF00)
    establish = [S | LISTEN, C | CONNECT, RUN]
    progs = {
        "hello-goodbye": establish + [C | SEND | 0x10, 5, RUN,
                                      S | SEND | 0x10, 6, RUN, C | CLOSE, RUN,
                                      S | CLOSE, RUN, DEADLINE, DEADLINE],
        "lost-syn": [S | LISTEN, C | CONNECT, C | DROP, 0, DEADLINE_RUN, RUN,
                     C | CLOSE, RUN, S | CLOSE, RUN, DEADLINE_RUN],
        "lost-final-ack": establish + [C | CLOSE, RUN, S | CLOSE, S | HEAD,
                                       C | DROP, 0, DEADLINE_RUN,
                                       DEADLINE_RUN, DEADLINE_RUN],
        "simultaneous-open": [C | CONNECT, S | CONNECT, RUN, C | CLOSE,
                              S | CLOSE, RUN, DEADLINE_RUN, DEADLINE_RUN],
        "simultaneous-close": establish + [C | CLOSE, S | CLOSE, RUN,
                                           DEADLINE_RUN],
        "abort": establish + [C | SEND | 0x30, 40, C | ABORT, RUN,
                              DEADLINE_RUN],
        "reorder-dup": establish + [C | SEND | 0x70, 255, C | PICK, 1,
                                    C | DUP, 0, RUN, C | CLOSE, RUN,
                                    S | CLOSE, RUN, DEADLINE_RUN],
        "mutate-inject": establish + [C | SEND | 0x10, 3, C | MUTATE, 0, 1,
                                      0xFF, 0x01, 0, 0x10, S | INJECT, 0x00,
                                      0, 0, 0, SYN, 0x10, 0, 0, C | INJECT,
                                      0x00, 0, 0, 0, RST, 0, 0, 0, RUN],
        "config-timeouts": [C | CONFIG, 1, 0, 2, 1, 2, 0, 0, 0, 5, 0xB4,
                            0, 100, S | LISTEN, C | CONNECT, C | DROP, 0,
                            DEADLINE_RUN, DEADLINE_RUN, DEADLINE_RUN,
                            DEADLINE_RUN, WAIT, 0xFF, 0xFF],
        "half-close": establish + [C | CLOSE, RUN, S | SEND | 0x20, 9, RUN,
                                   S | SEND | 0x20, 9, WAIT, 0x10, 0x00, RUN,
                                   S | CLOSE, RUN, DEADLINE_RUN],
    }
    return {k: isns + bytes(v) for k, v in progs.items()}


def main():
    cli = sys.argv[1]
    extras = sys.argv[2:]
    for d in ("packet", "tcp-options", "pcap", "conversation", "tcp-conn"):
        os.makedirs(os.path.join(CORPUS, d), exist_ok=True)
        # Files named by a SHA-1 came from libFuzzer (-merge=1 of a
        # campaign's finds); they stay. The rest is ours to rewrite.
        for f in os.listdir(os.path.join(CORPUS, d)):
            if not re.fullmatch(r"[0-9a-f]{40}", f):
                os.unlink(os.path.join(CORPUS, d, f))

    seen_packets, seen_options = set(), set()

    def add_packet(ip):
        h = hashlib.sha1(ip).hexdigest()[:16]
        if h not in seen_packets:
            seen_packets.add(h)
            write("packet", "scenario-" + h, ip)
        if (ip[0] >> 4) == 4 and len(ip) >= 40:
            opts = tcp_options_of(ip)
            if opts and opts not in seen_options:
                seen_options.add(opts)
                write("tcp-options", "scenario-" + hashlib.sha1(opts)
                      .hexdigest()[:16], opts)

    names = sorted(f[:-len(".scenario")] for f in os.listdir(SCENARIOS)
                   if f.endswith(".scenario"))
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            path = os.path.join(tmp, name + ".pcap")
            subprocess.run([cli, "run", name, "--seed", "1", "--pcap", path],
                           check=True, stdout=subprocess.DEVNULL)
            data = open(path, "rb").read()
            link, frames = read_pcap(data)
            write("pcap", "scenario-" + name + ".pcap", data)
            write("conversation", "scenario-" + name,
                  conversation_program(frames, link))
            for _, ip in frames:
                add_packet(ip)

        # Other link types and pcapng, made from one scenario.
        data = open(os.path.join(tmp, "hello-goodbye.pcap"), "rb").read()
        _, frames = read_pcap(data)
        eth = b"\x02\0\0\0\0\2\x02\0\0\0\0\1\x08\x00"
        write("pcap", "link-ethernet.pcap",
              make_pcap(1, [(t, eth + f) for t, f in frames]))
        sll = struct.pack("!HHH8sH", 0, 772, 6, b"\0" * 8, 0x0800)
        write("pcap", "link-linux-sll.pcap",
              make_pcap(113, [(t, sll + f) for t, f in frames]))
        write("pcap", "link-loopback.pcap",
              make_pcap(0, [(t, struct.pack("<I", 2) + f)
                            for t, f in frames]))
        link, _ = read_pcap(data)
        for name, odd in odd_record_pcaps(link, frames).items():
            write("pcap", name, odd)
        ng = os.path.join(tmp, "hello-goodbye.pcapng")
        if subprocess.run(["editcap", "-F", "pcapng",
                           os.path.join(tmp, "hello-goodbye.pcap"), ng],
                          stderr=subprocess.DEVNULL).returncode == 0:
            write("pcap", "scenario-hello-goodbye.pcapng",
                  open(ng, "rb").read())

    for name, ip in hand_packets().items():
        write("packet", name, ip)
        write("tcp-options", name, tcp_options_of(ip) if ip[0] >> 4 == 4
              else ALL_OPTIONS)
        write("conversation", "packet-" + name,
              bytes([0, 0]) + struct.pack("!H", len(ip)) + ip)
    write("pcap", "hand-ipv6.pcap",
          make_pcap(101, [(1, p) for n, p in sorted(hand_packets().items())]))

    for path in extras:
        data = open(path, "rb").read()
        h = hashlib.sha1(data).hexdigest()[:8]
        base = os.path.basename(path)
        write("pcap", "test-" + base.split(".")[0] + "-" + h + "."
              + base.split(".")[-1], data)

    for name, prog in tcp_conn_programs().items():
        write("tcp-conn", name, prog)


if __name__ == "__main__":
    main()
