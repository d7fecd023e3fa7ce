/* seqack-packet-fields.h: where each header field of a decoded packet
 * lies in its bytes.
 *
 * The inspector lists the fields and highlights their bytes in the hex
 * dump; the byte ranges come from here, next to the decoder that knows
 * them (RFC 791 §3.1 for IPv4, RFC 8200 §3 for IPv6, RFC 9293 §3.1 for
 * TCP), so no view hard-codes an offset.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "seqack-packet.h"

G_BEGIN_DECLS

typedef enum
{
  SEQACK_FIELD_IP_VERSION,
  SEQACK_FIELD_IP_HEADER_LENGTH,   /* IPv4 */
  SEQACK_FIELD_IP_DSCP_ECN,        /* IPv4 */
  SEQACK_FIELD_IP_TOTAL_LENGTH,    /* IPv4 */
  SEQACK_FIELD_IP_IDENTIFICATION,  /* IPv4 */
  SEQACK_FIELD_IP_FRAGMENT,        /* IPv4: flags and fragment offset */
  SEQACK_FIELD_IP_TTL,             /* IPv4 */
  SEQACK_FIELD_IP_PROTOCOL,        /* IPv4 */
  SEQACK_FIELD_IP_CHECKSUM,        /* IPv4 */
  SEQACK_FIELD_IP_SOURCE,
  SEQACK_FIELD_IP_DESTINATION,
  SEQACK_FIELD_IP_OPTIONS,         /* IPv4, only when present */
  SEQACK_FIELD_IP_HOP_LIMIT,       /* IPv6 */
  SEQACK_FIELD_TCP_SOURCE_PORT,
  SEQACK_FIELD_TCP_DESTINATION_PORT,
  SEQACK_FIELD_TCP_SEQ,
  SEQACK_FIELD_TCP_ACK,
  SEQACK_FIELD_TCP_DATA_OFFSET,
  SEQACK_FIELD_TCP_FLAGS,
  SEQACK_FIELD_TCP_WINDOW,
  SEQACK_FIELD_TCP_CHECKSUM,
  SEQACK_FIELD_TCP_URGENT,
  SEQACK_FIELD_TCP_OPTIONS,        /* only when present */
  SEQACK_FIELD_TCP_PAYLOAD,        /* only when present */
  SEQACK_N_FIELDS
} SeqackFieldId;

typedef struct
{
  SeqackFieldId id;
  gsize         offset;  /* from the first byte of the IP header */
  gsize         len;     /* bytes; a field sharing a byte spans it whole */
} SeqackPacketField;

/* The fields @packet has, in the order they appear on the wire, with their
 * byte ranges in the buffer it was decoded from. Returns how many were
 * written to @out (at most SEQACK_N_FIELDS). */
guint seqack_packet_fields (const SeqackPacket *packet,
                            SeqackPacketField   out[SEQACK_N_FIELDS]);

/* The field's name as people read it, in English: mark it for
 * translation where it is shown (the names are N_() marked). */
const char *seqack_packet_field_name (SeqackFieldId id);

G_END_DECLS
