/* seqack-capture-link.c: finding the IP packet inside a captured frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <pcap/pcap.h>

#include "seqack-bytes.h"
#include "seqack-capture-link.h"

/* EtherTypes (IEEE 802 numbers) */
#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define ETHERTYPE_VLAN 0x8100   /* IEEE 802.1Q */
#define ETHERTYPE_QINQ 0x88a8   /* IEEE 802.1ad outer tag */

#define ETH_HEADER_LEN  14
#define VLAN_TAG_LEN    4
#define SLL_HEADER_LEN  16
#define SLL2_HEADER_LEN 20
#define NULL_HEADER_LEN 4

/* Linux if_packet.h packet types and if_arp.h device types, as cooked
 * captures record them (pcap-linktype(7), LINKTYPE_LINUX_SLL/SLL2). */
#define PACKET_HOST      0
#define PACKET_BROADCAST 1
#define PACKET_MULTICAST 2
#define PACKET_OTHERHOST 3
#define PACKET_OUTGOING  4
#define ARPHRD_LOOPBACK  772

/* Link types libpcap reports for raw IP besides DLT_RAW (whose number
 * differs between systems). */
#define LINKTYPE_IPV4 228
#define LINKTYPE_IPV6 229

gboolean
seqack_capture_link_supported (int link_type)
{
  switch (link_type)
    {
    case DLT_NULL:
    case DLT_EN10MB:
    case DLT_RAW:
    case DLT_LOOP:
    case DLT_LINUX_SLL:
    case DLT_LINUX_SLL2:
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
      return TRUE;

    default:
      return FALSE;
    }
}

const char *
seqack_capture_link_name (int  link_type,
                          char buf[32])
{
  const char *name = pcap_datalink_val_to_name (link_type);

  if (name != NULL)
    g_snprintf (buf, 32, "%s", name);
  else
    g_snprintf (buf, 32, "%d", link_type);

  return buf;
}

/* The IP packet starts at @ip; trims @len to the length its header states
 * (an Ethernet frame pads short packets up to 60 bytes) when that fits. */
static gsize
ip_own_length (const guint8 *ip,
               gsize         len)
{
  gsize stated;

  if (len >= 20 && (ip[0] >> 4) == 4)
    stated = seqack_read_be16 (ip + 2);
  else if (len >= 40 && (ip[0] >> 4) == 6 && seqack_read_be16 (ip + 4) != 0)
    stated = 40 + (gsize) seqack_read_be16 (ip + 4);
  else
    return len;

  /* A length that does not fit is for the IP decoder to report. */
  return stated <= len && stated > 0 ? stated : len;
}

static SeqackLinkResult
by_ethertype (guint16        ethertype,
              const guint8  *payload,
              gsize          len,
              const guint8 **ip,
              gsize         *ip_len)
{
  if (ethertype != ETHERTYPE_IPV4 && ethertype != ETHERTYPE_IPV6)
    return SEQACK_LINK_NOT_IP;

  *ip = payload;
  *ip_len = ip_own_length (payload, len);

  return SEQACK_LINK_IP;
}

/* BSD loopback: a 4-byte address family, in the capturing host's byte
 * order (DLT_NULL) or network order (DLT_LOOP). AF_INET is 2 everywhere;
 * AF_INET6 is 10 (Linux), 24 (NetBSD, OpenBSD), 28 (FreeBSD), 30 (macOS). */
static SeqackLinkResult
by_family (const guint8  *frame,
           gsize          len,
           const guint8 **ip,
           gsize         *ip_len)
{
  guint32 be, le, family;

  if (len < NULL_HEADER_LEN)
    return SEQACK_LINK_BAD;

  be = ((guint32) frame[0] << 24) | ((guint32) frame[1] << 16) |
       ((guint32) frame[2] << 8) | frame[3];
  le = ((guint32) frame[3] << 24) | ((guint32) frame[2] << 16) |
       ((guint32) frame[1] << 8) | frame[0];
  /* The family is a small number, so the byte order is the one that
   * gives one. */
  family = be < 256 ? be : le;

  switch (family)
    {
    case 2:
    case 10:
    case 24:
    case 28:
    case 30:
      *ip = frame + NULL_HEADER_LEN;
      *ip_len = ip_own_length (frame + NULL_HEADER_LEN,
                               len - NULL_HEADER_LEN);
      return SEQACK_LINK_IP;

    default:
      return SEQACK_LINK_NOT_IP;
    }
}

SeqackLinkResult
seqack_capture_link_strip (int            link_type,
                           const guint8  *frame,
                           gsize          len,
                           const guint8 **ip,
                           gsize         *ip_len)
{
  guint16 ethertype;
  gsize off;

  g_return_val_if_fail (frame != NULL || len == 0, SEQACK_LINK_BAD);
  g_return_val_if_fail (ip != NULL && ip_len != NULL, SEQACK_LINK_BAD);

  *ip = NULL;
  *ip_len = 0;

  switch (link_type)
    {
    case DLT_EN10MB:
      if (len < ETH_HEADER_LEN)
        return SEQACK_LINK_BAD;
      ethertype = seqack_read_be16 (frame + 12);
      off = ETH_HEADER_LEN;
      /* IEEE 802.1Q: one tag (TCI, then the real EtherType). */
      if (ethertype == ETHERTYPE_VLAN || ethertype == ETHERTYPE_QINQ)
        {
          if (len < ETH_HEADER_LEN + VLAN_TAG_LEN)
            return SEQACK_LINK_BAD;
          ethertype = seqack_read_be16 (frame + 16);
          off += VLAN_TAG_LEN;
        }
      return by_ethertype (ethertype, frame + off, len - off, ip, ip_len);

    case DLT_LINUX_SLL:
      /* Packet type, ARPHRD, address length, 8 address bytes, protocol. */
      if (len < SLL_HEADER_LEN)
        return SEQACK_LINK_BAD;
      return by_ethertype (seqack_read_be16 (frame + 14), frame + SLL_HEADER_LEN,
                           len - SLL_HEADER_LEN, ip, ip_len);

    case DLT_LINUX_SLL2:
      /* Protocol first, then reserved, interface index, ARPHRD... */
      if (len < SLL2_HEADER_LEN)
        return SEQACK_LINK_BAD;
      return by_ethertype (seqack_read_be16 (frame), frame + SLL2_HEADER_LEN,
                           len - SLL2_HEADER_LEN, ip, ip_len);

    case DLT_RAW:
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
      if (len == 0)
        return SEQACK_LINK_BAD;
      *ip = frame;
      *ip_len = ip_own_length (frame, len);
      return SEQACK_LINK_IP;

    case DLT_NULL:
    case DLT_LOOP:
      return by_family (frame, len, ip, ip_len);

    default:
      return SEQACK_LINK_NOT_IP;
    }
}

static SeqackLinkDirection
cooked_direction (guint16 packet_type,
                  guint16 device_type)
{
  if (device_type == ARPHRD_LOOPBACK || packet_type == PACKET_OUTGOING)
    return SEQACK_LINK_DIRECTION_SENT;
  if (packet_type <= PACKET_OTHERHOST)
    return SEQACK_LINK_DIRECTION_RECEIVED;
  return SEQACK_LINK_DIRECTION_UNKNOWN;
}

SeqackLinkDirection
seqack_capture_link_direction (int           link_type,
                               const guint8 *frame,
                               gsize         len)
{
  static const guint8 zero_macs[12] = { 0 };

  g_return_val_if_fail (frame != NULL || len == 0,
                        SEQACK_LINK_DIRECTION_UNKNOWN);

  switch (link_type)
    {
    case DLT_EN10MB:
      /* Linux's loopback device is an Ethernet with 00:00:00:00:00:00 at
       * both ends; no real card sends from that address. */
      if (len >= ETH_HEADER_LEN && memcmp (frame, zero_macs, 12) == 0)
        return SEQACK_LINK_DIRECTION_SENT;
      return SEQACK_LINK_DIRECTION_UNKNOWN;

    case DLT_LINUX_SLL:
      /* Packet type, then ARPHRD. */
      if (len < SLL_HEADER_LEN)
        return SEQACK_LINK_DIRECTION_UNKNOWN;
      return cooked_direction (seqack_read_be16 (frame),
                               seqack_read_be16 (frame + 2));

    case DLT_LINUX_SLL2:
      /* Protocol, reserved, interface index, ARPHRD, packet type. */
      if (len < SLL2_HEADER_LEN)
        return SEQACK_LINK_DIRECTION_UNKNOWN;
      return cooked_direction (frame[10], seqack_read_be16 (frame + 8));

    case DLT_NULL:
    case DLT_LOOP:
      return SEQACK_LINK_DIRECTION_SENT;

    default:
      return SEQACK_LINK_DIRECTION_UNKNOWN;
    }
}
