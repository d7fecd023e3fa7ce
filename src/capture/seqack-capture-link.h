/* seqack-capture-link.h: finding the IP packet inside a captured frame.
 *
 * libpcap reads the file or the interface; this only steps over the
 * link-layer header of the link types SeqAck decodes (Ethernet with one
 * VLAN tag, Linux cooked v1 and v2, raw IP, BSD loopback) and trims the
 * link-layer padding after the IP packet.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest frame libpcap itself accepts (MAXIMUM_SNAPLEN); anything
 * longer is a hostile or damaged file. */
#define SEQACK_CAPTURE_MAX_CAPLEN 262144

typedef enum
{
  SEQACK_LINK_IP,       /* @ip / @ip_len point at an IPv4 or IPv6 packet */
  SEQACK_LINK_NOT_IP,   /* a valid frame carrying something else (ARP) */
  SEQACK_LINK_BAD,      /* shorter than its link-layer header */
} SeqackLinkResult;

/* Which way a frame went, as far as its link-layer header tells. */
typedef enum
{
  SEQACK_LINK_DIRECTION_UNKNOWN,
  SEQACK_LINK_DIRECTION_SENT,     /* sent by the capturing host (or looped
                                   * back inside it) */
  SEQACK_LINK_DIRECTION_RECEIVED, /* came in from another host */
} SeqackLinkDirection;

/* TRUE when frames of pcap link type @link_type (a DLT_ value as
 * pcap_datalink() returns it) can be decoded. */
gboolean seqack_capture_link_supported (int link_type);

/* "EN10MB", "LINUX_SLL"... or the number for types libpcap cannot name,
 * into @buf (32 bytes). */
const char *seqack_capture_link_name (int  link_type,
                                      char buf[32]);

/* Steps over the link-layer header of @frame (@len bytes). On
 * SEQACK_LINK_IP, @ip points into @frame and @ip_len is the IP packet's
 * own length when its header states one that fits (padding trimmed), else
 * the rest of the frame. */
SeqackLinkResult seqack_capture_link_strip (int            link_type,
                                            const guint8  *frame,
                                            gsize          len,
                                            const guint8 **ip,
                                            gsize         *ip_len);

/* The direction of @frame: Linux cooked captures record the packet type
 * (outgoing, or received for this host / broadcast / another host) and the
 * device type (loopback); BSD loopback frames and Ethernet frames with
 * all-zero addresses (Linux's lo) never left the host; anything else is
 * unknown. */
SeqackLinkDirection seqack_capture_link_direction (int           link_type,
                                                   const guint8 *frame,
                                                   gsize         len);

G_END_DECLS
