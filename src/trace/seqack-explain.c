/* seqack-explain.c: how a segment's Seq and Ack came to be.
 *
 * RFC 9293 §3.4: each byte of data has a sequence number, and SYN and FIN
 * each occupy one too, so the next Seq a side uses is its previous Seq plus
 * that segment's length in sequence space, and the Ack a side sends is the
 * next sequence number it expects: the peer's Seq plus the length of the
 * last in-order segment it received.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "seqack-explain.h"
#include "seqack-tcp-header.h"
#include "seqack-trace-format.h"
#include "seqack-trace-sockets.h"

static guint32
seg_len (const SeqackEvent *ev)
{
  return ev->number
         + ((ev->flags & SEQACK_TCP_SYN) != 0)
         + ((ev->flags & SEQACK_TCP_FIN) != 0);
}

/* The Seq of event @index as the diagram shows it. */
static guint32
shown_seq (SeqackTrace *trace,
           guint        index,
           gboolean     absolute)
{
  const SeqackEvent *ev = seqack_trace_get_event (trace, index);

  return absolute ? ev->seq : seqack_trace_relative_seq (trace, index);
}

/* The variables of the connection segment @index went on, after event
 * @at: its own, not another's on the same host (a listener's spawned
 * connections, a flood's half-open ones). A capture's are its side's. */
static gboolean
sender_vars_at (SeqackTrace   *trace,
                guint          index,
                guint          at,
                SeqackTcpVars *vars)
{
  SeqackSocketKey key;

  if (!seqack_trace_get_socket (trace, index, &key))
    {
      memset (vars, 0, sizeof *vars);
      return FALSE;
    }
  return seqack_trace_get_socket_vars (trace, at,
                                       seqack_trace_get_event_host (trace,
                                                                    index),
                                       &key, vars);
}

static const char *
side_label (SeqackSide side)
{
  return side == SEQACK_CLIENT ? _("client") : _("server");
}

/* "1 + 5 bytes of data = 6", "0 + 1 = 1 because SYN counts as one"... */
static char *
sum_text (guint32            base,
          const SeqackEvent *prev,
          guint32            result)
{
  gboolean syn = (prev->flags & SEQACK_TCP_SYN) != 0;
  gboolean fin = (prev->flags & SEQACK_TCP_FIN) != 0;
  guint32 len = prev->number;

  if (syn && len == 0)
    return g_strdup_printf (_("%u + 1 = %u because SYN counts as one"),
                            base, result);
  if (fin && len == 0)
    return g_strdup_printf (_("%u + 1 = %u because FIN counts as one"),
                            base, result);
  if (fin)
    return g_strdup_printf (_("%u + %u bytes of data + 1 for FIN = %u"),
                            base, len, result);
  if (syn)
    return g_strdup_printf (_("%u + 1 for SYN + %u bytes of data = %u"),
                            base, len, result);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u + %u byte of data = %u",
                                       "%u + %u bytes of data = %u", len),
                          base, len, result);
}

/* A reset's Seq follows its own rules: an abort sends SND.NXT (RFC 9293
 * §3.10.4); a reset answering a segment takes that segment's Ack, or is
 * 0 when the segment had no ACK (§3.5.2; §3.10.7.1 for a closed port,
 * §3.10.7.3 in SYN-SENT). NULL when neither applies. */
static char *
explain_rst_seq (SeqackTrace *trace,
                 guint        index,
                 gboolean     absolute)
{
  const SeqackEvent *ev = seqack_trace_get_event (trace, index);

  for (guint j = index; j-- > 0;)
    {
      const SeqackEvent *prev = seqack_trace_get_event (trace, j);

      if (prev->kind == SEQACK_EVENT_ACTION && prev->side == ev->side &&
          prev->from == SEQACK_ACTION_ABORT && prev->t == ev->t)
        return g_strdup_printf (_("Seq = %u: an abort’s reset carries "
                                  "SND.NXT, the next sequence number the "
                                  "%s would send (RFC 9293 §3.10.4)"),
                                shown_seq (trace, index, absolute),
                                side_label (ev->side));
      if (prev->kind != SEQACK_EVENT_SEGMENT || prev->side == ev->side ||
          prev->fate == SEQACK_FATE_LOST || prev->t2 > ev->t)
        continue;

      /* The peer's latest segment to arrive: the one this reset answers. */
      if ((prev->flags & SEQACK_TCP_ACK) != 0 && prev->ack == ev->seq)
        return g_strdup_printf (_("Seq = %u: a reset takes its Seq from the "
                                  "Ack of the segment it answers (RFC 9293 "
                                  "§3.5.2; §3.10.7.1, §3.10.7.3), so that "
                                  "its receiver accepts it"),
                                shown_seq (trace, index, absolute));
      if ((prev->flags & SEQACK_TCP_ACK) == 0 && ev->seq == 0)
        return g_strdup_printf (_("Seq = %u: a reset answering a segment "
                                  "without ACK has sequence number 0 and "
                                  "acknowledges that segment instead (RFC "
                                  "9293 §3.10.7.1)"),
                                shown_seq (trace, index, absolute));
      return NULL;
    }
  return NULL;
}

char *
seqack_explain_seq (SeqackTrace *trace,
                    guint        index,
                    gboolean     absolute)
{
  const SeqackEvent *ev;
  SeqackSide side;

  g_return_val_if_fail (trace != NULL, NULL);

  if (index >= seqack_trace_get_n_events (trace))
    return NULL;
  ev = seqack_trace_get_event (trace, index);
  if (ev->kind != SEQACK_EVENT_SEGMENT)
    return NULL;
  side = ev->side;

  {
    SeqackSynCookie c;

    if ((ev->edge & SEQACK_WHY_SYN_COOKIE) != 0 &&
        seqack_trace_get_cookie (trace, index, &c))
      /* TRANSLATORS: how a SYN cookie is made (Linux syncookies.c) */
      return g_strdup_printf (_("Seq = %u: a SYN cookie, not a random ISN "
                                "(absolute %u = hash %u + the client's ISN "
                                "%u + minute %u × 2^24 + (hash %u + MSS "
                                "index %u, MSS %u) mod 2^24): the ACK that "
                                "comes back carries it + 1, so the server "
                                "can check it and rebuild the connection"),
                              shown_seq (trace, index, absolute), c.isn,
                              c.hash0, c.client_isn, c.count, c.hash1,
                              c.mss_index, c.mss);
  }

  if ((ev->flags & SEQACK_TCP_SYN) != 0 &&
      (ev->marks & SEQACK_MARK_RETRANSMISSION) == 0)
    return g_strdup_printf (_("Seq = %u: the %s's initial sequence number "
                              "(ISN, absolute %u), chosen at random "
                              "(RFC 6528)"),
                            shown_seq (trace, index, absolute),
                            seqack_host_label (
                              seqack_trace_get_event_host (trace, index)),
                            ev->seq);

  if ((ev->marks & SEQACK_MARK_RETRANSMISSION) != 0)
    return g_strdup_printf (_("Seq = %u again: a retransmission repeats "
                              "what was not acknowledged"),
                            shown_seq (trace, index, absolute));

  if ((ev->flags & SEQACK_TCP_RST) != 0)
    {
      char *rst = explain_rst_seq (trace, index, absolute);

      if (rst != NULL)
        return rst;
    }

  /* The sender's last segment that used sequence space: this one starts
   * where it ended (bare ACKs in between use none). */
  for (guint j = index; j-- > 0;)
    {
      const SeqackEvent *prev = seqack_trace_get_event (trace, j);
      g_autofree char *sum = NULL;

      if (prev->kind != SEQACK_EVENT_SEGMENT || prev->side != side)
        continue;
      if ((prev->marks & SEQACK_MARK_STALE) != 0)
        continue;
      if (seg_len (prev) == 0 && prev->seq == ev->seq)
        continue;
      if ((guint32) (prev->seq + seg_len (prev)) != ev->seq)
        break;
      sum = sum_text (shown_seq (trace, j, absolute), prev,
                      shown_seq (trace, index, absolute));
      return g_strdup_printf (_("Seq = %s"), sum);
    }

  /* Only when the sender's variables agree: "Seq = 1194988182 is
   * SND.NXT" beside a table showing SND.NXT = 1 teaches the wrong thing. */
  {
    SeqackTcpVars vars;

    if (index > 0 && sender_vars_at (trace, index, index - 1, &vars)
        && vars.snd_nxt == ev->seq)
      return g_strdup_printf (_("Seq = %u: the next sequence number the %s "
                                "sends (SND.NXT)"),
                              shown_seq (trace, index, absolute),
                              side_label (side));
  }
  return g_strdup_printf (_("Seq = %u"), shown_seq (trace, index, absolute));
}

char *
seqack_explain_ack (SeqackTrace *trace,
                    guint        index,
                    gboolean     absolute)
{
  const SeqackEvent *ev;
  SeqackSide side;
  guint32 ack;
  guint found = G_MAXUINT;

  g_return_val_if_fail (trace != NULL, NULL);

  if (index >= seqack_trace_get_n_events (trace))
    return NULL;
  ev = seqack_trace_get_event (trace, index);
  if (ev->kind != SEQACK_EVENT_SEGMENT)
    return NULL;
  side = ev->side;

  if ((ev->flags & SEQACK_TCP_ACK) == 0)
    return g_strdup (_("No ACK flag: the Ack field means nothing yet"));

  ack = absolute ? ev->ack : seqack_trace_relative_ack (trace, index);

  /* The peer's latest segment that reached this side and ends at the
   * acknowledged number; one that occupies sequence space explains it
   * better than a bare ACK ending at the same place. */
  for (guint j = index; j-- > 0;)
    {
      const SeqackEvent *prev = seqack_trace_get_event (trace, j);

      if (prev->kind != SEQACK_EVENT_SEGMENT || prev->side == side)
        continue;
      if (prev->fate == SEQACK_FATE_LOST || prev->t2 > ev->t)
        continue;
      if ((guint32) (prev->seq + seg_len (prev)) != ev->ack)
        continue;
      if (seg_len (prev) > 0)
        {
          found = j;
          break;
        }
    }

  if (found != G_MAXUINT)
    {
      const SeqackEvent *prev = seqack_trace_get_event (trace, found);
      g_autofree char *sum = NULL;

      sum = sum_text (shown_seq (trace, found, absolute), prev, ack);
      return g_strdup_printf (_("Ack = peer's Seq %s"), sum);
    }

  return g_strdup_printf (_("Ack = %u: the next byte the %s expects from "
                            "its peer (RCV.NXT)"),
                          ack, side_label (side));
}

/* The last TIMER event of segment @segment's connection's @timer doing
 * @action before @index, at or after @since; G_MAXUINT when none. A
 * timer event that names no socket (a capture's) is its side's. */
static guint
find_timer (SeqackTrace       *trace,
            guint              segment,
            guint              index,
            SeqackTcpTimer     timer,
            SeqackTimerAction  action,
            gint64             since)
{
  const SeqackEvent *ev = seqack_trace_get_event (trace, segment);
  guint host = seqack_trace_get_event_host (trace, segment);
  SeqackSocketKey key, other;
  gboolean named = seqack_trace_get_socket (trace, segment, &key);

  for (guint j = index; j-- > 0;)
    {
      const SeqackEvent *prev = seqack_trace_get_event (trace, j);

      if (prev->t < since)
        break;
      if (prev->kind != SEQACK_EVENT_TIMER || prev->side != ev->side ||
          prev->from != timer || prev->to != action)
        continue;
      if (named && seqack_trace_get_socket (trace, j, &other) &&
          (seqack_trace_get_event_host (trace, j) != host ||
           !seqack_socket_key_equal (&other, &key)))
        continue;
      return j;
    }
  return G_MAXUINT;
}

char *
seqack_explain_rto (SeqackTrace *trace,
                    guint        index)
{
  const SeqackEvent *ev;
  SeqackTcpVars before, after;
  g_autofree char *after_rule = NULL;
  guint fired, set;

  g_return_val_if_fail (trace != NULL, NULL);

  if (index >= seqack_trace_get_n_events (trace))
    return NULL;
  ev = seqack_trace_get_event (trace, index);
  if (ev->kind != SEQACK_EVENT_SEGMENT ||
      (ev->marks & SEQACK_MARK_RETRANSMISSION) == 0 ||
      !sender_vars_at (trace, index, index, &after) ||
      after.rto == 0)
    return NULL;
  after_rule = seqack_trace_format_rto_rule (&after);

  fired = find_timer (trace, index, index, SEQACK_TCP_TIMER_RETRANSMIT,
                      SEQACK_TIMER_FIRED, ev->t);
  if (fired != G_MAXUINT)
    {
      g_autofree char *before_rule = NULL;

      /* The RTO the timer was set with: the sender's variables at the
       * last time it was set. */
      set = find_timer (trace, index, fired, SEQACK_TCP_TIMER_RETRANSMIT,
                        SEQACK_TIMER_SET, G_MININT64);
      if (set == G_MAXUINT ||
          !sender_vars_at (trace, index, set, &before))
        return NULL;
      before_rule = seqack_trace_format_rto_rule (&before);
      if (after.rto_rule == SEQACK_RTO_BACKOFF ||
          after.rto_rule == SEQACK_RTO_MAXIMUM)
        /* TRANSLATORS: the rule the expired timer was set by, then the
         * backed-off one: "RTO 1 s: no round trip measured yet (RFC 6298
         * 2.1)", "RTO 2 s = 2 × 1 s, backed off after timeout 1 (RFC
         * 6298 5.5)" */
        return g_strdup_printf (_("Resent when the retransmission timer "
                                  "expired: %s. The next timeout waits "
                                  "twice as long: %s"),
                                before_rule, after_rule);
      return g_strdup_printf (_("Resent when the retransmission timer "
                                "expired: %s"), before_rule);
    }

  /* Not by the timer: a SYN,ACK answering the peer's SYN again (its
   * first copy was lost), or, after a timeout, the rest of what was lost
   * going out one segment per ACK. */
  if ((ev->flags & (SEQACK_TCP_SYN | SEQACK_TCP_ACK)) ==
      (SEQACK_TCP_SYN | SEQACK_TCP_ACK))
    /* TRANSLATORS: %s is the RTO's rule, "RTO 2 s = 2 × 1 s, ..." */
    return g_strdup_printf (_("Resent at once: the peer's SYN came again, "
                              "so the first SYN,ACK was lost. Its timer "
                              "starts again, not backed off: %s"),
                            after_rule);
  /* TRANSLATORS: %s is the RTO's rule */
  return g_strdup_printf (_("Resent on this ACK: after a timeout, what is "
                            "still missing goes one segment per ACK. The "
                            "timer: %s"), after_rule);
}

/* Why a segment went, or what its arrival lets the sender do: from the
 * edge bits the lab noted (SEQACK_WHY_*) and the variables. */

/* @side's variables once the ACK at @index was taken in: the lab notes
 * them as each segment arrives. A capture has no such record; there,
 * arrivals at one instant are taken in one after another, each noted
 * with the events it caused (its timer, its own sends), so the last
 * record of that instant whose SND.UNA is this ACK's Ack is the state
 * this ACK left: the ACKs arriving after it at the same instant, moving
 * SND.UNA on, are not in it yet. (Before the instant, SND.UNA was short
 * of this Ack.) */
static gboolean
vars_after_ack (SeqackTrace   *trace,
                guint          index,
                SeqackSide     side,
                SeqackTcpVars *vars)
{
  const SeqackEvent *ev = seqack_trace_get_event (trace, index);
  guint lo = seqack_trace_count_until (trace, ev->t2 - 1);
  guint hi = seqack_trace_count_until (trace, ev->t2);

  if (seqack_trace_get_arrival_vars (trace, index, vars))
    return TRUE;
  /* An ACK that moves no SND.UNA (a window change, a duplicate) cannot
   * be told from the others by it: the state after the instant. */
  if (lo > 0 && seqack_trace_get_vars (trace, lo - 1, side, vars)
      && (gint32) (vars->snd_una - ev->ack) < 0)
    {
      SeqackTcpVars at;
      gboolean found = FALSE;

      for (guint j = lo; j < hi; j++)
        {
          /* What a step did next (a close, more bytes) is not this
           * ACK's doing. */
          if (seqack_trace_get_event (trace, j)->kind == SEQACK_EVENT_ACTION)
            break;
          if (!seqack_trace_get_vars (trace, j, side, &at)
              || (gint32) (at.snd_una - ev->ack) < 0)
            continue;
          if (at.snd_una != ev->ack)
            break;
          *vars = at;
          found = TRUE;
        }
      if (found)
        return TRUE;
    }
  return hi > 0 && seqack_trace_get_vars (trace, hi - 1, side, vars);
}

/* Whether @side sent a fast retransmission at @t. */
static gboolean
fast_retransmission_at (SeqackTrace *trace,
                        SeqackSide   side,
                        gint64       t)
{
  guint hi = seqack_trace_count_until (trace, t);

  for (guint j = seqack_trace_count_until (trace, t - 1); j < hi; j++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, j);

      if (e->kind == SEQACK_EVENT_SEGMENT && e->side == side
          && (e->edge & SEQACK_WHY_FAST_RETRANSMISSION))
        return TRUE;
    }
  return FALSE;
}

/* min (cwnd, SND.WND): what RFC 5681 §2 and RFC 9293 §3.8.6 let the
 * sender have in flight. */
static guint32
send_limit (const SeqackTcpVars *vars)
{
  return MIN (vars->cwnd, vars->snd_wnd);
}

char *
seqack_explain_window (SeqackTrace *trace,
                       guint        index)
{
  const SeqackEvent *ev;
  SeqackTcpVars vars;
  SeqackSide peer;
  guint32 flight, limit;

  g_return_val_if_fail (trace != NULL, NULL);

  if (index >= seqack_trace_get_n_events (trace))
    return NULL;
  ev = seqack_trace_get_event (trace, index);
  if (ev->kind != SEQACK_EVENT_SEGMENT || ev->side > SEQACK_SERVER)
    return NULL;
  peer = SEQACK_OTHER_SIDE (ev->side);

  /* The lab's own reasons come first. */
  if ((ev->edge & SEQACK_WHY_WINDOW_PROBE) != 0)
    return g_strdup (_("Persist probe: the peer's window is 0, so one byte "
                       "goes out to learn when it opens; each probe waits "
                       "twice as long as the one before (RFC 9293 "
                       "§3.8.6.1)"));
  if ((ev->edge & SEQACK_WHY_FAST_RETRANSMISSION) != 0)
    {
      if (sender_vars_at (trace, index, index, &vars)
          && vars.rto != 0)
        /* TRANSLATORS: RFC 5681 §3.2 steps 2 and 3, with the numbers */
        return g_strdup_printf (_("Fast retransmit: the third duplicate ACK "
                                  "said this segment is missing, so it goes "
                                  "again without waiting for the RTO; "
                                  "ssthresh = %u, cwnd = %u (RFC 5681 "
                                  "§3.2)"),
                                vars.ssthresh, vars.cwnd);
      return g_strdup (_("Fast retransmit: the third duplicate ACK said this "
                         "segment is missing, so it goes again without "
                         "waiting for the RTO (RFC 5681 §3.2)"));
    }
  if ((ev->edge & SEQACK_WHY_DUP_ACK) != 0)
    {
      guint n = seqack_explain_dup_ack_count (trace, index);

      /* What the sender made of it, as it arrived: the ACKs arriving
       * with it (and the third one's fast retransmit) are not in it. */
      if (n > 0 && n < 3 && ev->fate == SEQACK_FATE_DELIVERED
          && vars_after_ack (trace, index, peer, &vars) && vars.rto != 0)
        /* TRANSLATORS: RFC 5681 §3.2: the first two duplicate ACKs
         * change nothing at the sender but its count */
        return g_strdup_printf (_("Duplicate ACK %u: data arrived out of "
                                  "order, so the receiver repeats Ack = %u, "
                                  "the first byte it still misses (RFC 5681 "
                                  "§4.2). The sender counts it; cwnd stays "
                                  "%u until the third (RFC 5681 §3.2)"),
                                n, seqack_trace_relative_ack (trace, index),
                                vars.cwnd);
      if (n == 3 && ev->fate == SEQACK_FATE_DELIVERED
          && fast_retransmission_at (trace, peer, ev->t2))
        /* TRANSLATORS: RFC 5681 §3.2 step 2: the third duplicate ACK */
        return g_strdup_printf (_("Duplicate ACK 3: data arrived out of "
                                  "order, so the receiver repeats Ack = %u, "
                                  "the first byte it still misses (RFC 5681 "
                                  "§4.2). It is the third: the sender "
                                  "resends that segment at once (fast "
                                  "retransmit, RFC 5681 §3.2)"),
                                seqack_trace_relative_ack (trace, index));
      if (n > 3 && ev->fate == SEQACK_FATE_DELIVERED
          && vars_after_ack (trace, index, peer, &vars) && vars.rto != 0)
        /* TRANSLATORS: RFC 5681 §3.2 step 4: in fast recovery each
         * further duplicate ACK adds a segment to cwnd */
        return g_strdup_printf (_("Duplicate ACK %u: data arrived out of "
                                  "order, so the receiver repeats Ack = %u "
                                  "(RFC 5681 §4.2). In fast recovery each "
                                  "further one adds a segment to cwnd, now "
                                  "%u (RFC 5681 §3.2)"),
                                n, seqack_trace_relative_ack (trace, index),
                                vars.cwnd);
      return g_strdup_printf (_("Duplicate ACK: data arrived out of order, "
                                "so the receiver repeats Ack = %u, the "
                                "first byte it still misses (RFC 5681 "
                                "§4.2)"),
                              seqack_trace_relative_ack (trace, index));
    }
  if ((ev->edge & SEQACK_WHY_WINDOW_UPDATE) != 0)
    return g_strdup_printf (_("Window update: the application read from the "
                              "buffer, so the window reopens to %u bytes "
                              "(RFC 9293 §3.8.6.2.2)"),
                            (guint) ev->window);

  /* Data: how much the window allowed. */
  if (ev->number > 0 && (ev->marks & SEQACK_MARK_RETRANSMISSION) == 0
      && sender_vars_at (trace, index, index, &vars)
      && vars.rto != 0)
    {
      flight = vars.snd_nxt - vars.snd_una;
      limit = send_limit (&vars);
      if (flight <= limit)
        /* TRANSLATORS: why a data segment could be sent */
        return g_strdup_printf (_("Sent within the window: %u bytes in "
                                  "flight with it, at most min (cwnd %u, "
                                  "peer's window %u) = %u"),
                                flight, vars.cwnd, vars.snd_wnd, limit);
    }

  /* An ACK reaching a side that sends data: what it may send now. */
  if (ev->fate == SEQACK_FATE_DELIVERED && (ev->flags & SEQACK_TCP_ACK) != 0
      && vars_after_ack (trace, index, peer, &vars) && vars.rto != 0
      && (guint32) (vars.snd_nxt - vars.iss) > 1)
    {
      flight = vars.snd_nxt - vars.snd_una;
      limit = send_limit (&vars);
      if (vars.snd_wnd == 0)
        return g_strdup (_("Window closed: the receiver advertised 0, so "
                           "the sender may send nothing; its persist timer "
                           "will probe (RFC 9293 §3.8.6.1)"));
      if (flight >= limit)
        /* TRANSLATORS: the sender may not send: its window is used up */
        return g_strdup_printf (_("Window full: 0 bytes usable, %u in flight "
                                  "= min (cwnd %u, peer's window %u)"),
                                flight, vars.cwnd, vars.snd_wnd);
      return g_strdup_printf (_("After this ACK the sender may send %u more "
                                "bytes: min (cwnd %u, peer's window %u) − "
                                "%u in flight"),
                              limit - flight, vars.cwnd, vars.snd_wnd,
                              flight);
    }
  return NULL;
}

char *
seqack_explain_segment (SeqackTrace *trace,
                        guint        index,
                        gboolean     absolute)
{
  g_autofree char *seq = seqack_explain_seq (trace, index, absolute);
  g_autofree char *ack = NULL;
  g_autofree char *rto = NULL;
  g_autofree char *window = NULL;
  const char *note;

  if (seq == NULL)
    return NULL;
  ack = seqack_explain_ack (trace, index, absolute);

  /* A retransmission says when and why it went, with its RTO. */
  rto = seqack_explain_rto (trace, index);
  if (rto != NULL)
    {
      char *joined = g_strdup_printf (_("%s · %s"), ack, rto);

      g_free (ack);
      ack = joined;
    }

  /* What the window let the sender do, or why this segment went. */
  window = seqack_explain_window (trace, index);
  if (window != NULL)
    {
      char *joined = g_strdup_printf (_("%s · %s"), ack, window);

      g_free (ack);
      ack = joined;
    }

  /* Why the segment exists at all, first: the diagram writes the same
   * under its arrow ("Nobody listens on the server's port: ..."). */
  note = seqack_trace_format_segment_note (trace, index);
  if (note != NULL)
    /* TRANSLATORS: a note on why the segment was sent, then the Seq and
     * the Ack explanations */
    return g_strdup_printf (_("%s. %s · %s"), note, seq, ack);
  /* TRANSLATORS: joins the Seq and the Ack explanations in one line */
  return g_strdup_printf (_("%s · %s"), seq, ack);
}

guint
seqack_explain_dup_ack_count (SeqackTrace *trace,
                              guint        index)
{
  const SeqackEvent *e;
  guint count = 1;

  g_return_val_if_fail (trace != NULL, 0);
  g_return_val_if_fail (index < seqack_trace_get_n_events (trace), 0);

  e = seqack_trace_get_event (trace, index);
  if (e->kind != SEQACK_EVENT_SEGMENT || !(e->edge & SEQACK_WHY_DUP_ACK))
    return 0;

  /* The sender's earlier segments with the same Ack, back to the first
   * one that was not a duplicate. */
  for (guint i = index; i-- > 0;)
    {
      const SeqackEvent *p = seqack_trace_get_event (trace, i);

      if (p->kind != SEQACK_EVENT_SEGMENT || p->side != e->side)
        continue;
      if (p->ack != e->ack || !(p->edge & SEQACK_WHY_DUP_ACK))
        break;
      count++;
    }
  return count;
}

/* Whether segment @i had reached its receiver when event @index was
 * appended. A lab trace knows where each arrival came among the events:
 * of the duplicate ACKs that reach the sender at one instant, only those
 * taken in before the fast retransmission went (the third) count. A
 * capture goes by time. */
static gboolean
reached_before (SeqackTrace *trace,
                guint        i,
                guint        index)
{
  guint at = seqack_trace_get_arrival_event (trace, i);

  if (at != G_MAXUINT)
    return at <= index;
  return seqack_trace_get_event (trace, i)->t2
         <= seqack_trace_get_event (trace, index)->t;
}

guint
seqack_explain_dup_acks_before (SeqackTrace *trace,
                                guint        index)
{
  const SeqackEvent *e;
  guint best = 0;

  g_return_val_if_fail (trace != NULL, 0);
  g_return_val_if_fail (index < seqack_trace_get_n_events (trace), 0);

  e = seqack_trace_get_event (trace, index);
  if (e->kind != SEQACK_EVENT_SEGMENT ||
      !(e->edge & SEQACK_WHY_FAST_RETRANSMISSION))
    return 0;

  /* The other side's ACKs of the missing byte, back to the first that
   * acknowledged something else. */
  for (guint i = index; i-- > 0;)
    {
      const SeqackEvent *p = seqack_trace_get_event (trace, i);

      if (p->kind != SEQACK_EVENT_SEGMENT || p->side == e->side)
        continue;
      if (p->ack != e->seq)
        break;
      if ((p->edge & SEQACK_WHY_DUP_ACK) && reached_before (trace, i, index))
        best = MAX (best, seqack_explain_dup_ack_count (trace, i));
    }
  return best;
}
