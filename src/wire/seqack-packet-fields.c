/* seqack-packet-fields.c: header field byte ranges.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "seqack-packet-fields.h"

#include <glib/gi18n-lib.h>

static const char *const names[SEQACK_N_FIELDS] = {
  [SEQACK_FIELD_IP_VERSION] = N_("IP version"),
  [SEQACK_FIELD_IP_HEADER_LENGTH] = N_("Header length"),
  [SEQACK_FIELD_IP_DSCP_ECN] = N_("DSCP / ECN"),
  [SEQACK_FIELD_IP_TOTAL_LENGTH] = N_("Total length"),
  [SEQACK_FIELD_IP_IDENTIFICATION] = N_("Identification"),
  [SEQACK_FIELD_IP_FRAGMENT] = N_("Fragment flags / offset"),
  [SEQACK_FIELD_IP_TTL] = N_("Time to live"),
  [SEQACK_FIELD_IP_PROTOCOL] = N_("Protocol"),
  [SEQACK_FIELD_IP_CHECKSUM] = N_("Header checksum"),
  [SEQACK_FIELD_IP_SOURCE] = N_("Source address"),
  [SEQACK_FIELD_IP_DESTINATION] = N_("Destination address"),
  [SEQACK_FIELD_IP_OPTIONS] = N_("IP options"),
  [SEQACK_FIELD_IP_HOP_LIMIT] = N_("Hop limit"),
  [SEQACK_FIELD_TCP_SOURCE_PORT] = N_("Source port"),
  [SEQACK_FIELD_TCP_DESTINATION_PORT] = N_("Destination port"),
  [SEQACK_FIELD_TCP_SEQ] = N_("Sequence number"),
  [SEQACK_FIELD_TCP_ACK] = N_("Acknowledgment number"),
  [SEQACK_FIELD_TCP_DATA_OFFSET] = N_("Data offset"),
  [SEQACK_FIELD_TCP_FLAGS] = N_("Flags"),
  [SEQACK_FIELD_TCP_WINDOW] = N_("Window"),
  [SEQACK_FIELD_TCP_CHECKSUM] = N_("TCP checksum"),
  [SEQACK_FIELD_TCP_URGENT] = N_("Urgent pointer"),
  [SEQACK_FIELD_TCP_OPTIONS] = N_("TCP options"),
  [SEQACK_FIELD_TCP_PAYLOAD] = N_("Payload"),
};

const char *
seqack_packet_field_name (SeqackFieldId id)
{
  g_return_val_if_fail (id < SEQACK_N_FIELDS, "");

  return names[id];
}

static void
add (SeqackPacketField *out,
     guint             *n,
     SeqackFieldId      id,
     gsize              offset,
     gsize              len)
{
  out[*n].id = id;
  out[*n].offset = offset;
  out[*n].len = len;
  (*n)++;
}

guint
seqack_packet_fields (const SeqackPacket *packet,
                      SeqackPacketField   out[SEQACK_N_FIELDS])
{
  guint n = 0;
  gsize t, hlen;

  g_return_val_if_fail (packet != NULL && out != NULL, 0);

  if (packet->family == 4)
    {
      /* RFC 791 §3.1: version and IHL share byte 0, DSCP and ECN byte 1,
       * the flags and fragment offset bytes 6-7. */
      add (out, &n, SEQACK_FIELD_IP_VERSION, 0, 1);
      add (out, &n, SEQACK_FIELD_IP_HEADER_LENGTH, 0, 1);
      add (out, &n, SEQACK_FIELD_IP_DSCP_ECN, 1, 1);
      add (out, &n, SEQACK_FIELD_IP_TOTAL_LENGTH, 2, 2);
      add (out, &n, SEQACK_FIELD_IP_IDENTIFICATION, 4, 2);
      add (out, &n, SEQACK_FIELD_IP_FRAGMENT, 6, 2);
      add (out, &n, SEQACK_FIELD_IP_TTL, 8, 1);
      add (out, &n, SEQACK_FIELD_IP_PROTOCOL, 9, 1);
      add (out, &n, SEQACK_FIELD_IP_CHECKSUM, 10, 2);
      add (out, &n, SEQACK_FIELD_IP_SOURCE, 12, 4);
      add (out, &n, SEQACK_FIELD_IP_DESTINATION, 16, 4);
      if (packet->ip4.options_len > 0)
        add (out, &n, SEQACK_FIELD_IP_OPTIONS, 20, packet->ip4.options_len);
    }
  else
    {
      /* RFC 8200 §3: the fixed 40-byte header. */
      add (out, &n, SEQACK_FIELD_IP_VERSION, 0, 1);
      add (out, &n, SEQACK_FIELD_IP_HOP_LIMIT, 7, 1);
      add (out, &n, SEQACK_FIELD_IP_SOURCE, 8, 16);
      add (out, &n, SEQACK_FIELD_IP_DESTINATION, 24, 16);
    }

  /* RFC 9293 §3.1: the TCP header after the IP header and its
   * extensions. */
  t = packet->ip_header_len;
  hlen = packet->tcp.data_offset * 4u;
  add (out, &n, SEQACK_FIELD_TCP_SOURCE_PORT, t, 2);
  add (out, &n, SEQACK_FIELD_TCP_DESTINATION_PORT, t + 2, 2);
  add (out, &n, SEQACK_FIELD_TCP_SEQ, t + 4, 4);
  add (out, &n, SEQACK_FIELD_TCP_ACK, t + 8, 4);
  add (out, &n, SEQACK_FIELD_TCP_DATA_OFFSET, t + 12, 1);
  add (out, &n, SEQACK_FIELD_TCP_FLAGS, t + 13, 1);
  add (out, &n, SEQACK_FIELD_TCP_WINDOW, t + 14, 2);
  add (out, &n, SEQACK_FIELD_TCP_CHECKSUM, t + 16, 2);
  add (out, &n, SEQACK_FIELD_TCP_URGENT, t + 18, 2);
  if (hlen > SEQACK_TCP_HEADER_MIN)
    add (out, &n, SEQACK_FIELD_TCP_OPTIONS, t + SEQACK_TCP_HEADER_MIN,
         hlen - SEQACK_TCP_HEADER_MIN);
  if (packet->tcp.payload_len > 0)
    add (out, &n, SEQACK_FIELD_TCP_PAYLOAD, t + hlen,
         packet->tcp.payload_len);

  g_assert (n <= SEQACK_N_FIELDS);
  return n;
}
