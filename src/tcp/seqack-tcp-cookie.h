/* seqack-tcp-cookie.h: SYN cookies (RFC 4987 §3.6), made as Linux 6.1
 * makes them without timestamps (net/ipv4/syncookies.c), with one change.
 *
 * A listener whose SYN queue is full answers a SYN with a SYN,ACK whose
 * ISN is the cookie and keeps nothing. The cookie is
 *
 *   ISN = H(addrs, ports, 0, key 0) + SEG.SEQ of the SYN
 *         + (count << 24)
 *         + ((H(addrs, ports, count, SEG.SEQ, key 1) + mss_index)
 *            mod 2^24)
 *
 * where H is SipHash-2-4 with the host's secret keys, count is the time
 * in minutes (Linux tcp_cookie_time()), and mss_index is the largest
 * entry of { 536, 1300, 1440, 1460 } not above the client's MSS. When
 * the ACK comes back, SEG.ACK - 1 is the cookie and SEG.SEQ - 1 the
 * client's ISN: subtracting the first hash and the ISN leaves the count
 * in the top 8 bits; a count up to one minute old (MAX_SYNCOOKIE_AGE 2)
 * with the second hash subtracted must leave a valid mss_index. A forged
 * ACK passes with probability 4 / 2^24.
 *
 * The change: Linux's second hash does not cover SEG.SEQ, so a later
 * segment of the same client (SEG.SEQ - 1 one to three above its ISN,
 * say a FIN after three bytes whose segment was lost) passes too, with a
 * smaller mss_index and a wrong IRS, and those bytes are lost. With the
 * ISN inside the hash only the first segment passes. (Found by
 * test-tcp-host-property.)
 */
#pragma once

#include <glib.h>

#include "seqack-tcp-siphash.h"

G_BEGIN_DECLS

#define SEQACK_SYN_COOKIE_BITS 24
#define SEQACK_SYN_COOKIE_MASK ((1u << SEQACK_SYN_COOKIE_BITS) - 1)
#define SEQACK_SYN_COOKIE_PERIOD (60 * G_GINT64_CONSTANT (1000000))
#define SEQACK_SYN_COOKIE_MAX_AGE 2
#define SEQACK_SYN_COOKIE_N_MSS 4

typedef struct
{
  SeqackSipKey key[2];
} SeqackSynCookieSecret;

/* The parts of a cookie, for the inspector. */
typedef struct
{
  guint32 hash0;      /* H(addrs, ports, 0, key 0) */
  guint32 client_isn; /* the SYN's SEG.SEQ */
  guint32 count;      /* minutes since the epoch of @now, mod 2^8 */
  guint32 hash1;      /* H(addrs, ports, count, key 1) */
  guint   mss_index;  /* into seqack_syn_cookie_mss() */
  guint16 mss;        /* the MSS the cookie keeps */
  guint32 isn;        /* the sum: the SYN,ACK's sequence number */
} SeqackSynCookie;

void    seqack_syn_cookie_secret_init (SeqackSynCookieSecret *secret,
                                       guint64                seed);

/* The table Linux's msstab[] holds. */
guint16 seqack_syn_cookie_mss (guint index);

/* A cookie for a SYN from @client_addr:@client_port with SEG.SEQ
 * @client_isn and MSS @client_mss (536 when it sent none) to
 * @server_addr:@server_port at @now (µs). */
void     seqack_syn_cookie_make  (const SeqackSynCookieSecret *secret,
                                  guint32                      client_addr,
                                  guint16                      client_port,
                                  guint32                      server_addr,
                                  guint16                      server_port,
                                  guint32                      client_isn,
                                  guint16                      client_mss,
                                  gint64                       now,
                                  SeqackSynCookie             *cookie);

/* TRUE when an ACK with SEG.SEQ - 1 = @client_isn and SEG.ACK - 1 =
 * @cookie is the answer to a cookie made here under two minutes before
 * @now; *@mss is then the MSS it kept. */
gboolean seqack_syn_cookie_check (const SeqackSynCookieSecret *secret,
                                  guint32                      client_addr,
                                  guint16                      client_port,
                                  guint32                      server_addr,
                                  guint16                      server_port,
                                  guint32                      client_isn,
                                  guint32                      cookie,
                                  gint64                       now,
                                  guint16                     *mss);

G_END_DECLS
