/* seqack-tcp-cc.c: congestion control, RFC 5681 with NewReno (RFC 6582).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "seqack-tcp-cc.h"

/* RFC 5681 (4): half the flight, at least two segments. */
static guint32
half_flight (guint32 flight,
             guint32 mss)
{
  return MAX (flight / 2, 2 * mss);
}

guint32
seqack_tcp_cc_initial_window (guint32  mss,
                              gboolean iw10)
{
  if (iw10)
    return MIN (10 * mss, MAX (2 * mss, 14600u));
  return MIN (4 * mss, MAX (2 * mss, 4380u));
}

void
seqack_tcp_cc_init (SeqackTcpCc *cc,
                    guint32      mss,
                    gboolean     iw10,
                    gboolean     syn_lost)
{
  cc->cwnd = syn_lost ? mss : seqack_tcp_cc_initial_window (mss, iw10);
  cc->ssthresh = SEQACK_TCP_SSTHRESH_INITIAL;
  cc->dup_acks = 0;
  cc->fast_recovery = FALSE;
}

void
seqack_tcp_cc_on_ack (SeqackTcpCc *cc,
                      guint32      acked,
                      guint32      mss)
{
  cc->dup_acks = 0;
  if (acked == 0)
    return;
  if (cc->cwnd < cc->ssthresh)
    {
      /* RFC 5681 (2), with RFC 3465's limit L = 1 SMSS. */
      cc->cwnd += MIN (acked, mss);
      return;
    }
  /* RFC 5681 (3): about one SMSS per RTT; at least one byte. */
  cc->cwnd += MAX (1u, (guint32) ((guint64) mss * mss / cc->cwnd));
}

SeqackTcpCcAction
seqack_tcp_cc_dup_ack (SeqackTcpCc *cc,
                       guint32      flight,
                       guint32      mss,
                       gboolean     may_recover)
{
  cc->dup_acks++;
  if (cc->fast_recovery)
    {
      /* RFC 6582 §3.2 step 4: each further duplicate means a segment
       * left the network. */
      cc->cwnd += mss;
      return SEQACK_TCP_CC_NOTHING;
    }
  if (cc->dup_acks != 3 || !may_recover)
    return SEQACK_TCP_CC_NOTHING;

  /* Step 2: halve, resend, and inflate by the three segments the
   * duplicates say have left. */
  cc->ssthresh = half_flight (flight, mss);
  cc->cwnd = cc->ssthresh + 3 * mss;
  cc->fast_recovery = TRUE;
  return SEQACK_TCP_CC_RETRANSMIT;
}

SeqackTcpCcAction
seqack_tcp_cc_recovery_ack (SeqackTcpCc *cc,
                            gboolean     full,
                            guint32      acked,
                            guint32      mss)
{
  cc->dup_acks = 0;
  if (full)
    {
      /* Step 3, option (2), as Linux: congestion avoidance goes on from
       * ssthresh, half the flight that met the loss. */
      cc->cwnd = cc->ssthresh;
      cc->fast_recovery = FALSE;
      return SEQACK_TCP_CC_NOTHING;
    }

  /* Step 5: partial window deflation. */
  cc->cwnd = cc->cwnd > acked ? cc->cwnd - acked : 0;
  if (acked >= mss)
    cc->cwnd += mss;
  cc->cwnd = MAX (cc->cwnd, mss);
  return SEQACK_TCP_CC_RETRANSMIT;
}

gboolean
seqack_tcp_cc_restart (SeqackTcpCc *cc,
                       gint64       idle,
                       gint64       rto,
                       guint32      mss,
                       gboolean     iw10)
{
  guint32 rw = MIN (seqack_tcp_cc_initial_window (mss, iw10), cc->cwnd);

  if (idle <= rto || rw >= cc->cwnd)
    return FALSE;
  cc->cwnd = rw;
  return TRUE;
}

void
seqack_tcp_cc_timeout (SeqackTcpCc *cc,
                       guint32      flight,
                       guint32      mss,
                       gboolean     again)
{
  if (!again)
    cc->ssthresh = half_flight (flight, mss);
  cc->cwnd = mss;
  cc->dup_acks = 0;
  cc->fast_recovery = FALSE;
}
