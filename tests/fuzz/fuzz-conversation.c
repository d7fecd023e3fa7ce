/* fuzz-conversation.c: rebuilding TCP conversations from packets.
 *
 * The input is a little program of frames fed to one SeqackCapture:
 * raw frames of any supported link type (or raw bytes as an IP packet),
 * well-formed IPv4 / IPv6 segments on four 4-tuples with chosen or
 * near-expected sequence numbers (so the fuzzer easily writes handshakes,
 * retransmissions, resets and port reuse), repeats, and clock jumps
 * forwards and backwards. Afterwards the capture must keep every promise
 * of fuzz-capture-check.h. A second capture fed the same frames defers
 * its traces (as `seqack-cli` does), but builds one now and then as it
 * goes: it must hold the same conversations and traces.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <pcap/pcap.h>

#include "fuzz-capture-check.h"
#include "seqack-capture-private.h"
#include "seqack-packet.h"

#define N_TUPLES 4
#define MAX_RECORDS 512

/* Link types the capture decodes, and -1 for "no link layer". */
static const int link_types[] = {
  -1, DLT_EN10MB, DLT_RAW, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_NULL, DLT_LOOP,
  12 /* LINKTYPE_RAW as some files give it */, 101,
};

typedef struct
{
  SeqackCapture *capture;
  SeqackCapture *deferred;           /* fed the same, traces deferred */
  guint64        n_ip;
  gint64         t_us;
  guint32        nxt[N_TUPLES][2];   /* next expected Seq, per direction */
  GByteArray    *last;               /* the last IP packet built */
  guint8         payload[256];
} Run;

static void
feed_ip (Run          *run,
         const guint8 *ip,
         gsize         len)
{
  gint index = seqack_capture_add_ip (run->capture, run->t_us, ip, len);

  run->n_ip++;
  FUZZ_CHECK (index < (gint) seqack_capture_get_n_conversations (run->capture));
  FUZZ_CHECK (seqack_capture_add_ip (run->deferred, run->t_us, ip, len) ==
              index);
}

static void
feed_frame (Run          *run,
            int           link,
            const guint8 *frame,
            gsize         len)
{
  gint index = seqack_capture_add_frame (run->capture, link, run->t_us,
                                         frame, len);

  FUZZ_CHECK (seqack_capture_add_frame (run->deferred, link, run->t_us,
                                        frame, len) == index);
}

/* An IPv6 header (RFC 8200 §3) in front of an encoded TCP segment. The
 * TCP checksum is left 0: captures hold offloaded checksums too. */
static void
build_ipv6 (guint                   tuple,
            gboolean                reverse,
            const SeqackTcpSegment *seg,
            GByteArray             *out)
{
  guint8 tcp[SEQACK_TCP_HEADER_MAX + 256];
  guint8 header[40] = { 0x60 };
  gsize tcp_len = seqack_tcp_header_encode (seg, tcp);

  header[4] = (guint8) (tcp_len >> 8);
  header[5] = (guint8) tcp_len;
  header[6] = 6;       /* next header: TCP */
  header[7] = 64;
  /* 2001:db8::1 and 2001:db8::2 (RFC 3849), one pair per tuple. */
  header[8] = header[24] = 0x20;
  header[9] = header[25] = 0x01;
  header[10] = header[26] = 0x0d;
  header[11] = header[27] = 0xb8;
  header[22] = (guint8) tuple;
  header[38] = (guint8) tuple;
  header[23] = reverse ? 2 : 1;
  header[39] = reverse ? 1 : 2;

  g_byte_array_set_size (out, 0);
  g_byte_array_append (out, header, sizeof header);
  g_byte_array_append (out, tcp, tcp_len);
}

static void
build_segment (Run        *run,
               FuzzReader *r,
               gboolean    relative)
{
  guint8 how = fuzz_u8 (r);
  guint tuple = how % N_TUPLES;
  gboolean reverse = (how >> 2) & 1;
  gboolean ipv6 = (how >> 3) & 1;
  guint8 opts = how >> 4;
  SeqackTcpSegment seg;

  memset (&seg, 0, sizeof seg);
  seg.src_port = reverse ? 80 : (guint16) (40000 + tuple);
  seg.dst_port = reverse ? (guint16) (40000 + tuple) : 80;
  if (relative)
    {
      seg.seq = run->nxt[tuple][reverse] + (gint8) fuzz_u8 (r);
      seg.ack = run->nxt[tuple][!reverse] + (gint8) fuzz_u8 (r);
    }
  else
    {
      seg.seq = fuzz_u32 (r);
      seg.ack = fuzz_u32 (r);
    }
  seg.flags = fuzz_u8 (r);
  seg.window = fuzz_u16 (r);
  seg.payload_len = fuzz_u8 (r);
  seg.payload = run->payload;
  seg.options.has_mss = opts & 1;
  seg.options.mss = 1460;
  seg.options.sack_permitted = (opts >> 1) & 1;
  seg.options.has_timestamps = (opts >> 2) & 1;
  seg.options.ts_val = seg.seq;
  seg.options.has_wscale = (opts >> 3) & 1;
  seg.options.wscale = 7;

  run->nxt[tuple][reverse] = seg.seq + seqack_tcp_segment_seg_len (&seg);

  if (ipv6)
    build_ipv6 (tuple, reverse, &seg, run->last);
  else
    {
      g_byte_array_set_size (run->last, 0);
      seqack_packet_build_ipv4 (reverse ? 0xc0000202u : 0xc0000201u,
                                reverse ? 0xc0000201u : 0xc0000202u,
                                (guint16) tuple, 64, &seg, run->last);
    }

  feed_ip (run, run->last->data, run->last->len);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autoptr(SeqackCapture) deferred = seqack_capture_new ();
  g_autoptr(GByteArray) last = g_byte_array_new ();
  FuzzReader r = { data, size, 0 };
  Run run = { 0 };

  seqack_capture_set_deferred (deferred, TRUE);
  run.capture = capture;
  run.deferred = deferred;
  run.last = last;
  run.t_us = G_GINT64_CONSTANT (1700000000000000);
  memset (run.payload, 'x', sizeof run.payload);

  for (guint n = 0; n < MAX_RECORDS && !fuzz_reader_done (&r); n++)
    {
      switch (fuzz_u8 (&r) % 6)
        {
        case 0:
          {
            int link = link_types[fuzz_u8 (&r) % G_N_ELEMENTS (link_types)];
            gsize len;
            const guint8 *frame = fuzz_bytes (&r, fuzz_u16 (&r) % 2048,
                                              &len);

            if (link < 0)
              feed_ip (&run, frame, len);
            else
              feed_frame (&run, link, frame, len);
          }
          break;

        case 1:
          build_segment (&run, &r, FALSE);
          break;

        case 2:
        case 3:
          build_segment (&run, &r, TRUE);
          break;

        case 4:
          {
            guint16 step = fuzz_u16 (&r);

            /* A clock that steps back must be taken as not moving. */
            if (step & 0x8000)
              run.t_us -= step & 0x7fff;
            else
              run.t_us += (gint64) step * 1000;
          }
          break;

        case 5:
          if (last->len > 0)
            feed_ip (&run, last->data, last->len);
          break;
        }

      /* Now and then a deferred trace is asked for while its
       * conversation still grows: it goes on building as it reads. */
      if (n % 16 == 15 && seqack_capture_get_n_conversations (deferred) > 0)
        (void) seqack_conversation_get_trace (
          seqack_capture_get_conversation (
            deferred, n / 16 % seqack_capture_get_n_conversations (deferred)));
    }

  /* First: the other checks read checksums, which settles them. */
  fuzz_check_same_capture (capture, deferred);
  fuzz_check_capture (capture, run.n_ip);

  return 0;
}
