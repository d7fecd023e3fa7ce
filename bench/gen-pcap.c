/* gen-pcap.c: writes a large capture of real-looking TCP conversations
 * for bench-ingest.
 *
 *   gen-pcap [--packets N] [--seed S] [--concurrent C] [--shape SHAPE]
 *            FILE.pcap
 *
 * SHAPE web (the default): N packets (1,000,000) on Ethernet, C
 * conversations (200) interleaved at
 * any time, each from a client in 10.0.0.0/8 to a server in 192.0.2.0/24
 * or 198.51.100.0/24 on port 80 or 8080: SYN (MSS, SACK-permitted,
 * timestamps, window scale), SYN,ACK, ACK; one to five requests (60-400
 * bytes) each answered by 200-8000 bytes in MSS-sized segments, ACKed
 * every second segment; 2 % of answer segments lost (a duplicate ACK, then
 * the retransmission); a FIN from each side (three segments when the
 * server's FIN rides on its ACK), or now and then a RST. Packets are built
 * with the wire layer's packet builder, so every checksum is right.
 *
 * SHAPE short: small packets (about 110 bytes) in many short
 * conversations (one small request, one small answer) and a few long ones
 * (LONG_CONVS, one in three packets, hundreds of thousands of small
 * exchanges each); one short conversation in five reuses the 4-tuple of
 * the one before it in its slot, which has ended: its new SYN starts a new
 * conversation (as tshark counts them).
 *
 * Deterministic for a seed. Not a test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <pcap/pcap.h>

#include "seqack-packet.h"

#define MSS 1448
#define SNAPLEN 65535

/* The long conversations of the short shape. */
#define LONG_CONVS 4

typedef enum
{
  P_SYN, P_SYN_ACK, P_ACK, P_REQUEST, P_ANSWER, P_ANSWER_ACK, P_DUP_ACK,
  P_RETRANSMIT, P_FIN, P_FIN_ACK, P_SERVER_FIN, P_LAST_ACK, P_DONE,
} Phase;

typedef struct
{
  guint32 caddr, saddr;
  guint16 cport, sport;
  guint32 cnxt, snxt;        /* next sequence number of each side */
  Phase   phase;
  guint   requests_left;
  guint   answer_left;       /* bytes of the current answer to send */
  guint   unacked;           /* answer segments since the last ACK */
  guint32 lost_seq;          /* the lost answer segment, to retransmit */
  guint   lost_len;
  gboolean lost_psh;
  gboolean fin_with_ack;     /* the server's FIN rides on its ACK */
  gboolean ends_with_rst;
  gboolean small;            /* the short shape: small requests, answers */
} Conv;

typedef struct
{
  GRand      *rand;
  gint64      now_us;
  guint16     ip_id;
  guint8      payload[MSS];
  GByteArray *packet;
  guint8     *frame;
  pcap_dumper_t *dumper;
  gboolean    short_shape;
} Gen;

static void
conv_start (Gen  *gen,
            Conv *conv)
{
  memset (conv, 0, sizeof *conv);
  conv->small = gen->short_shape;
  conv->caddr = 0x0a000000u | (g_rand_int (gen->rand) & 0x00ffffffu);
  conv->saddr = (g_rand_boolean (gen->rand) ? 0xc0000200u : 0xc6336400u) |
                (guint32) g_rand_int_range (gen->rand, 1, 255);
  conv->cport = (guint16) g_rand_int_range (gen->rand, 32768, 61000);
  conv->sport = g_rand_boolean (gen->rand) ? 8080 : 80;
  conv->cnxt = g_rand_int (gen->rand);
  conv->snxt = g_rand_int (gen->rand);
  conv->requests_left = g_rand_int_range (gen->rand, 1, 6);
  conv->fin_with_ack = g_rand_int_range (gen->rand, 0, 10) < 3;
  conv->ends_with_rst = g_rand_int_range (gen->rand, 0, 100) < 3;
  conv->phase = P_SYN;
}

/* Writes one segment as an Ethernet frame at the current time. */
static void
emit (Gen              *gen,
      const Conv       *conv,
      gboolean          from_client,
      SeqackTcpSegment *seg)
{
  static const guint8 macs[12] = { 0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1 };
  struct pcap_pkthdr header;

  seg->src_port = from_client ? conv->cport : conv->sport;
  seg->dst_port = from_client ? conv->sport : conv->cport;
  seg->window = from_client ? 64240 : 65160;
  seg->options.has_timestamps = TRUE;
  seg->options.ts_val = (guint32) (gen->now_us / 1000);
  seg->options.ts_ecr = seg->options.ts_val - 1;
  if (seg->payload == NULL)
    seg->payload = gen->payload;

  g_byte_array_set_size (gen->packet, 0);
  seqack_packet_build_ipv4 (from_client ? conv->caddr : conv->saddr,
                            from_client ? conv->saddr : conv->caddr,
                            gen->ip_id++, 64, seg, gen->packet);

  memcpy (gen->frame, macs, 12);
  gen->frame[12] = 0x08;
  gen->frame[13] = 0x00;
  memcpy (gen->frame + 14, gen->packet->data, gen->packet->len);

  header.ts.tv_sec = gen->now_us / G_USEC_PER_SEC;
  header.ts.tv_usec = gen->now_us % G_USEC_PER_SEC;
  header.caplen = header.len = 14 + gen->packet->len;
  pcap_dump ((u_char *) gen->dumper, &header, gen->frame);
}

/* Emits the next packet of @conv and moves it on. */
static void
conv_step (Gen  *gen,
           Conv *conv)
{
  SeqackTcpSegment seg = { 0 };
  gboolean from_client = TRUE;

  seg.flags = SEQACK_TCP_ACK;
  switch (conv->phase)
    {
    case P_SYN:
      seg.flags = SEQACK_TCP_SYN;
      seg.seq = conv->cnxt++;
      seg.options.has_mss = TRUE;
      seg.options.mss = 1460;
      seg.options.sack_permitted = TRUE;
      seg.options.has_wscale = TRUE;
      seg.options.wscale = 7;
      conv->phase = P_SYN_ACK;
      break;

    case P_SYN_ACK:
      from_client = FALSE;
      seg.flags = SEQACK_TCP_SYN | SEQACK_TCP_ACK;
      seg.seq = conv->snxt++;
      seg.ack = conv->cnxt;
      seg.options.has_mss = TRUE;
      seg.options.mss = 1460;
      seg.options.sack_permitted = TRUE;
      seg.options.has_wscale = TRUE;
      seg.options.wscale = 7;
      conv->phase = P_ACK;
      break;

    case P_ACK:
      seg.seq = conv->cnxt;
      seg.ack = conv->snxt;
      conv->phase = P_REQUEST;
      break;

    case P_REQUEST:
      seg.flags |= SEQACK_TCP_PSH;
      seg.seq = conv->cnxt;
      seg.ack = conv->snxt;
      seg.payload_len = conv->small ? g_rand_int_range (gen->rand, 20, 160)
                                    : g_rand_int_range (gen->rand, 60, 400);
      conv->cnxt += seg.payload_len;
      conv->requests_left--;
      conv->answer_left = conv->small ? g_rand_int_range (gen->rand, 40, 300)
                                      : g_rand_int_range (gen->rand, 200,
                                                          8000);
      conv->phase = P_ANSWER;
      break;

    case P_ANSWER:
      from_client = FALSE;
      seg.seq = conv->snxt;
      seg.ack = conv->cnxt;
      seg.payload_len = MIN (conv->answer_left, MSS);
      conv->answer_left -= seg.payload_len;
      if (conv->answer_left == 0)
        seg.flags |= SEQACK_TCP_PSH;
      conv->snxt += seg.payload_len;
      conv->unacked++;
      if (conv->lost_len == 0 && g_rand_int_range (gen->rand, 0, 100) < 2)
        {
          /* Lost before the capture point: only its retransmission is
           * seen, after the receiver's duplicate ACK. */
          conv->lost_seq = seg.seq;
          conv->lost_len = seg.payload_len;
          conv->lost_psh = (seg.flags & SEQACK_TCP_PSH) != 0;
          conv->phase = P_DUP_ACK;
          conv_step (gen, conv);
          return;
        }
      if (conv->unacked == 2 || conv->answer_left == 0)
        conv->phase = P_ANSWER_ACK;
      break;

    case P_DUP_ACK:
      seg.seq = conv->cnxt;
      seg.ack = conv->lost_seq;
      conv->phase = P_RETRANSMIT;
      break;

    case P_RETRANSMIT:
      from_client = FALSE;
      seg.seq = conv->lost_seq;
      seg.ack = conv->cnxt;
      seg.payload_len = conv->lost_len;
      if (conv->lost_psh)
        seg.flags |= SEQACK_TCP_PSH;
      conv->lost_len = 0;
      conv->phase = P_ANSWER_ACK;
      break;

    case P_ANSWER_ACK:
      seg.seq = conv->cnxt;
      seg.ack = conv->snxt;
      conv->unacked = 0;
      if (conv->answer_left > 0)
        conv->phase = P_ANSWER;
      else if (conv->requests_left > 0)
        conv->phase = P_REQUEST;
      else
        conv->phase = P_FIN;
      break;

    case P_FIN:
      seg.seq = conv->cnxt;
      seg.ack = conv->snxt;
      if (conv->ends_with_rst)
        {
          seg.flags = SEQACK_TCP_RST | SEQACK_TCP_ACK;
          conv->phase = P_DONE;
          break;
        }
      seg.flags |= SEQACK_TCP_FIN;
      conv->cnxt++;
      conv->phase = conv->fin_with_ack ? P_SERVER_FIN : P_FIN_ACK;
      break;

    case P_FIN_ACK:
      from_client = FALSE;
      seg.seq = conv->snxt;
      seg.ack = conv->cnxt;
      conv->phase = P_SERVER_FIN;
      break;

    case P_SERVER_FIN:
      from_client = FALSE;
      seg.flags |= SEQACK_TCP_FIN;
      seg.seq = conv->snxt++;
      seg.ack = conv->cnxt;
      conv->phase = P_LAST_ACK;
      break;

    case P_LAST_ACK:
      seg.seq = conv->cnxt;
      seg.ack = conv->snxt;
      conv->phase = P_DONE;
      break;

    case P_DONE:
    default:
      g_assert_not_reached ();
    }

  emit (gen, conv, from_client, &seg);
}

int
main (int    argc,
      char **argv)
{
  gint64 n_packets = 1000000, seed = 1, concurrent = 200;
  g_autofree char *shape = NULL;
  const GOptionEntry entries[] = {
    { "packets", 0, 0, G_OPTION_ARG_INT64, &n_packets,
      "Packets to write (1000000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed (1)", "S" },
    { "concurrent", 0, 0, G_OPTION_ARG_INT64, &concurrent,
      "Conversations interleaved at any time (200)", "C" },
    { "shape", 0, 0, G_OPTION_ARG_STRING, &shape,
      "web (the default) or short", "SHAPE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE.pcap");
  g_autoptr(GError) error = NULL;
  g_autofree Conv *convs = NULL;
  g_autofree char *tmp = NULL;
  guint64 n_conversations = 0, bytes = 0;
  pcap_t *dead;
  Gen gen = { 0 };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 ||
      n_packets < 1 || concurrent < 1 ||
      (shape != NULL && strcmp (shape, "web") != 0 &&
       strcmp (shape, "short") != 0) ||
      (shape != NULL && strcmp (shape, "short") == 0 &&
       concurrent <= LONG_CONVS))
    {
      fprintf (stderr, "usage: gen-pcap [--packets N] [--seed S] "
               "[--concurrent C] [--shape web|short] FILE.pcap\n");
      return 2;
    }

  /* Written to a temporary name and renamed: a half-written file never
   * passes for a finished one. */
  tmp = g_strconcat (argv[1], ".part", NULL);
  dead = pcap_open_dead (DLT_EN10MB, SNAPLEN);
  gen.dumper = pcap_dump_open (dead, tmp);
  if (gen.dumper == NULL)
    {
      fprintf (stderr, "gen-pcap: %s\n", pcap_geterr (dead));
      return 1;
    }

  gen.rand = g_rand_new_with_seed ((guint32) seed);
  gen.now_us = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;
  gen.packet = g_byte_array_sized_new (SNAPLEN);
  gen.frame = g_malloc (SNAPLEN);
  for (guint i = 0; i < sizeof gen.payload; i++)
    gen.payload[i] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                     "<p>hello</p>"[i % 56];

  gen.short_shape = shape != NULL && strcmp (shape, "short") == 0;
  convs = g_new (Conv, concurrent);
  for (gint64 i = 0; i < concurrent; i++)
    {
      conv_start (&gen, &convs[i]);
      if (gen.short_shape)
        convs[i].requests_left = i < LONG_CONVS ? G_MAXUINT : 1;
      n_conversations++;
    }

  for (gint64 n = 0; n < n_packets; n++)
    {
      gint64 i;
      Conv *conv;

      /* The short shape: one packet in three is a long conversation's. */
      if (gen.short_shape && g_rand_int_range (gen.rand, 0, 3) == 0)
        i = g_rand_int_range (gen.rand, 0, LONG_CONVS);
      else if (gen.short_shape)
        i = g_rand_int_range (gen.rand, LONG_CONVS, (gint32) concurrent);
      else
        i = g_rand_int_range (gen.rand, 0, (gint32) concurrent);
      conv = &convs[i];

      gen.now_us += g_rand_int_range (gen.rand, 1, 40);
      conv_step (&gen, conv);
      bytes += 14 + gen.packet->len;
      if (conv->phase == P_DONE)
        {
          Conv ended = *conv;

          conv_start (&gen, conv);
          if (gen.short_shape)
            conv->requests_left = 1;
          if (gen.short_shape && g_rand_int_range (gen.rand, 0, 5) == 0)
            {
              /* Its 4-tuple again, after the close: a new connection. */
              conv->caddr = ended.caddr;
              conv->saddr = ended.saddr;
              conv->cport = ended.cport;
              conv->sport = ended.sport;
            }
          n_conversations++;
        }
    }

  if (pcap_dump_flush (gen.dumper) != 0)
    {
      fprintf (stderr, "gen-pcap: writing %s failed\n", tmp);
      return 1;
    }
  pcap_dump_close (gen.dumper);
  pcap_close (dead);
  if (g_rename (tmp, argv[1]) != 0)
    {
      fprintf (stderr, "gen-pcap: cannot rename %s\n", tmp);
      return 1;
    }

  printf ("gen-pcap: %s: %" G_GINT64_FORMAT " packets, %" G_GUINT64_FORMAT
          " bytes of frames, %" G_GUINT64_FORMAT " conversations started\n",
          argv[1], n_packets, bytes, n_conversations);

  g_rand_free (gen.rand);
  g_byte_array_unref (gen.packet);
  g_free (gen.frame);

  return 0;
}
