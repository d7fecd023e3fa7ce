/* seqack-tcp-cc.h: congestion control, RFC 5681 with NewReno (RFC 6582).
 *
 * Plain arithmetic on the congestion window: the TCB tells it what
 * happened (new data acknowledged, a duplicate ACK, a timeout) and does
 * what it answers (retransmit the first unacknowledged segment). Bytes
 * throughout; @mss is the sender's SMSS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* RFC 5681 §3.1: ssthresh starts "arbitrarily high", the largest window
 * an unscaled window field can offer. */
#define SEQACK_TCP_SSTHRESH_INITIAL 65535u

typedef struct
{
  guint32  cwnd;
  guint32  ssthresh;
  guint    dup_acks;       /* duplicate ACKs in a row */
  gboolean fast_recovery;  /* RFC 6582 §3.2, between step 2 and step 3 */
} SeqackTcpCc;

/* RFC 3390: min (4 x MSS, max (2 x MSS, 4380 bytes)), three segments at
 * MSS 1460; with @iw10, RFC 6928's min (10 x MSS, max (2 x MSS, 14600)),
 * Linux's default. */
guint32 seqack_tcp_cc_initial_window (guint32  mss,
                                      gboolean iw10);

/* Data transmission begins. RFC 5681 §3.1: when the SYN or SYN,ACK was
 * lost (@syn_lost), the initial window is one segment. */
void seqack_tcp_cc_init (SeqackTcpCc *cc,
                         guint32      mss,
                         gboolean     iw10,
                         gboolean     syn_lost);

/* An ACK acknowledged @acked new bytes outside fast recovery: slow start
 * (RFC 5681 (2), at most one SMSS per ACK) below ssthresh, congestion
 * avoidance (3) from it on. */
void seqack_tcp_cc_on_ack (SeqackTcpCc *cc,
                           guint32      acked,
                           guint32      mss);

typedef enum
{
  SEQACK_TCP_CC_NOTHING,
  SEQACK_TCP_CC_RETRANSMIT,   /* resend the first unacknowledged segment */
} SeqackTcpCcAction;

/* A duplicate ACK (RFC 5681 §2) with @flight bytes outstanding. The
 * third one starts fast retransmit (RFC 6582 §3.2 step 2) unless
 * @may_recover is FALSE (the ACK does not cover more than "recover", so
 * these duplicates belong to a recovery already done); later ones
 * inflate the window by one SMSS each (step 4). */
SeqackTcpCcAction seqack_tcp_cc_dup_ack (SeqackTcpCc *cc,
                                         guint32      flight,
                                         guint32      mss,
                                         gboolean     may_recover);

/* @acked bytes of new data acknowledged during fast recovery: @full
 * when it covers "recover" (step 3: cwnd = ssthresh, recovery ends),
 * else a partial ACK (step 5: deflate by the bytes acked, add back one
 * SMSS, and resend the next unacknowledged segment). */
SeqackTcpCcAction seqack_tcp_cc_recovery_ack (SeqackTcpCc *cc,
                                              gboolean     full,
                                              guint32      acked,
                                              guint32      mss);

/* Data is about to go with nothing in flight after @idle microseconds
 * without sending any, longer than the RTO @rto: RFC 5681 §4.1 resets
 * cwnd to the restart window, RW = min (IW, cwnd), so a sender that
 * was quiet does not send a whole stale window in one burst; ssthresh
 * stays. Returns TRUE when cwnd shrank. */
gboolean seqack_tcp_cc_restart (SeqackTcpCc *cc,
                                gint64       idle,
                                gint64       rto,
                                guint32      mss,
                                gboolean     iw10);

/* The retransmission timer expired with @flight bytes outstanding:
 * RFC 5681 (4) ssthresh = max (FlightSize / 2, 2 x SMSS), unless the
 * same segment already timed out (@again: ssthresh stays), and cwnd =
 * the loss window, one SMSS. Fast recovery ends. */
void seqack_tcp_cc_timeout (SeqackTcpCc *cc,
                            guint32      flight,
                            guint32      mss,
                            gboolean     again);

G_END_DECLS
