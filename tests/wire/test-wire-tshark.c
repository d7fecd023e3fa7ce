/* test-wire-tshark.c: packets SeqAck builds, judged by Wireshark.
 *
 * Writes a whole connection (handshake, data with SACK, four-way
 * teardown) to a LINKTYPE_RAW pcap and asks tshark to verify both
 * checksums of every packet and report anything malformed. The tshark
 * path comes from meson in $TSHARK; without it the test is skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <pcap/pcap.h>
#include <string.h>

#include "seqack-packet.h"

#define CLIENT 0xc0000201u   /* 192.0.2.1 */
#define SERVER 0xc0000202u   /* 192.0.2.2 */

typedef struct
{
  gboolean from_client;
  guint8   flags;
  guint32  seq, ack;
  const char *payload;
  SeqackTcpOptions options;
} Step;

static const Step connection[] = {
  { TRUE, SEQACK_TCP_SYN, 1000, 0, NULL,
    { .has_mss = TRUE, .mss = 1460, .sack_permitted = TRUE,
      .has_timestamps = TRUE, .ts_val = 1, .has_wscale = TRUE,
      .wscale = 7 } },
  { FALSE, SEQACK_TCP_SYN | SEQACK_TCP_ACK, 5000, 1001, NULL,
    { .has_mss = TRUE, .mss = 1460, .sack_permitted = TRUE,
      .has_timestamps = TRUE, .ts_val = 2, .ts_ecr = 1, .has_wscale = TRUE,
      .wscale = 7 } },
  { TRUE, SEQACK_TCP_ACK, 1001, 5001, NULL,
    { .has_timestamps = TRUE, .ts_val = 3, .ts_ecr = 2 } },
  /* "hello" (1001..1005) is lost on the way; "world" arrives first. */
  { TRUE, SEQACK_TCP_PSH | SEQACK_TCP_ACK, 1006, 5001, "world",
    { .has_timestamps = TRUE, .ts_val = 4, .ts_ecr = 2 } },
  { FALSE, SEQACK_TCP_ACK, 5001, 1001, NULL,
    { .has_timestamps = TRUE, .ts_val = 5, .ts_ecr = 4, .n_sack = 1,
      .sack = { { 1006, 1011 } } } },
  { TRUE, SEQACK_TCP_PSH | SEQACK_TCP_ACK, 1001, 5001, "hello",
    { .has_timestamps = TRUE, .ts_val = 6, .ts_ecr = 5 } },
  { FALSE, SEQACK_TCP_ACK, 5001, 1011, NULL,
    { .has_timestamps = TRUE, .ts_val = 7, .ts_ecr = 6 } },
  { TRUE, SEQACK_TCP_FIN | SEQACK_TCP_ACK, 1011, 5001, NULL,
    { .has_timestamps = TRUE, .ts_val = 8, .ts_ecr = 7 } },
  { FALSE, SEQACK_TCP_ACK, 5001, 1012, NULL,
    { .has_timestamps = TRUE, .ts_val = 9, .ts_ecr = 8 } },
  { FALSE, SEQACK_TCP_FIN | SEQACK_TCP_ACK, 5001, 1012, NULL,
    { .has_timestamps = TRUE, .ts_val = 10, .ts_ecr = 8 } },
  { TRUE, SEQACK_TCP_ACK, 1012, 5002, NULL,
    { .has_timestamps = TRUE, .ts_val = 11, .ts_ecr = 10 } },
};

static void
write_pcap (const char *path)
{
  pcap_t *dead;
  pcap_dumper_t *dumper;

  /* DLT_RAW: each record is an IP packet with no link-layer header. */
  dead = pcap_open_dead (DLT_RAW, 65535);
  g_assert_nonnull (dead);
  dumper = pcap_dump_open (dead, path);
  g_assert_nonnull (dumper);

  for (guint i = 0; i < G_N_ELEMENTS (connection); i++)
    {
      const Step *s = &connection[i];
      SeqackTcpSegment seg = {
        .src_port = s->from_client ? 45678 : 80,
        .dst_port = s->from_client ? 80 : 45678,
        .seq = s->seq, .ack = s->ack, .flags = s->flags, .window = 502,
        .options = s->options,
        .payload = (const guint8 *) s->payload,
        .payload_len = s->payload ? strlen (s->payload) : 0,
      };
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      struct pcap_pkthdr hdr = { 0 };

      seqack_packet_build_ipv4 (s->from_client ? CLIENT : SERVER,
                                s->from_client ? SERVER : CLIENT,
                                (guint16) (i + 1), 64, &seg, bytes);
      hdr.ts.tv_sec = 1700000000;
      hdr.ts.tv_usec = (suseconds_t) (i * 20000);
      hdr.caplen = hdr.len = bytes->len;
      pcap_dump ((u_char *) dumper, &hdr, bytes->data);
    }

  pcap_dump_close (dumper);
  pcap_close (dead);
}

static void
test_tshark_built_packets_are_valid (void)
{
  const char *tshark = g_getenv ("TSHARK");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines = 0;
  int status;

  if (tshark == NULL || *tshark == '\0')
    {
      g_test_skip ("tshark not found (TSHARK is unset)");
      return;
    }

  dir = g_dir_make_tmp ("seqack-wire-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "connection.pcap", NULL);
  write_pcap (path);

  {
    const char *argv[] = {
      tshark, "-n", "-r", path,
      "-o", "tcp.check_checksum:TRUE",
      "-o", "ip.check_checksum:TRUE",
      "-T", "fields",
      "-e", "tcp.checksum.status",
      "-e", "ip.checksum.status",
      "-e", "_ws.malformed",
      "-e", "_ws.col.Info",
      NULL,
    };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                  &out, &err, &status, &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_test_message ("tshark stderr: %s", err);
  g_assert_no_error (error);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (*lines[i] == '\0')
        continue;
      g_test_message ("tshark: %s", lines[i]);
      fields = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 4);
      /* -T fields prints the value of PROTO_CHECKSUM_E_GOOD, 1. */
      g_assert_true (g_str_equal (fields[0], "1") ||
                     g_str_equal (fields[0], "Good"));
      g_assert_true (g_str_equal (fields[1], "1") ||
                     g_str_equal (fields[1], "Good"));
      g_assert_cmpstr (fields[2], ==, "");
      n_lines++;
    }
  g_assert_cmpuint (n_lines, ==, G_N_ELEMENTS (connection));

  /* Wireshark names what it decoded the way SeqAck will. */
  g_assert_nonnull (strstr (lines[0], "[SYN]"));
  g_assert_nonnull (strstr (lines[0], "MSS=1460"));
  g_assert_nonnull (strstr (lines[0], "WS=128"));
  g_assert_nonnull (strstr (lines[1], "[SYN, ACK]"));
  g_assert_nonnull (strstr (lines[3], "[PSH, ACK]"));
  /* Relative numbers, as Wireshark shows them by default. */
  g_assert_nonnull (strstr (lines[4], "SLE=6 SRE=11"));
  g_assert_nonnull (strstr (lines[7], "[FIN, ACK]"));
  g_assert_nonnull (strstr (lines[10], "Seq=12 Ack=2"));

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wire/tshark/built-packets-are-valid",
                   test_tshark_built_packets_are_valid);

  return g_test_run ();
}
