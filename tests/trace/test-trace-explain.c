/* test-trace-explain.c: the "why this number" line follows RFC 9293 §3.4
 * on a real lab run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "seqack-explain.h"
#include "seqack-scenario.h"
#include "seqack-session.h"
#include "seqack-tcp-header.h"

#define QUIET_LIMIT (10 * SEQACK_USEC_PER_SEC)

static SeqackSession *
new_session (void)
{
  return seqack_session_new (7, 20 * 1000, 0.0, 2 * SEQACK_USEC_PER_SEC);
}

static SeqackLab *
new_lab (SeqackSession *session)
{
  SeqackLabConfig config;

  seqack_session_get_config (session, &config);
  return seqack_lab_new (&config);
}

static void
perform (SeqackSession *session,
         SeqackLab     *lab,
         SeqackSide     side,
         SeqackAction   action,
         gint64         number,
         const char    *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (seqack_session_perform (session, lab, side, action, number,
                                         text, &error));
  g_assert_no_error (error);
}

/* The first segment of @side with exactly @flags (and @len bytes) at or
 * after @from. */
static guint
find_segment (SeqackTrace *trace,
              guint        from,
              SeqackSide   side,
              guint8       flags,
              guint32      len)
{
  for (guint i = from; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT && ev->side == side &&
          ev->flags == flags && ev->number == len)
        return i;
    }

  g_assert_not_reached ();
  return G_MAXUINT;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack, needle);
}

static void
test_explain_handshake_and_data (void)
{
  g_autoptr(SeqackSession) session = new_session ();
  g_autoptr(SeqackLab) lab = new_lab (session);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *syn = NULL;
  g_autofree char *syn_ack = NULL;
  g_autofree char *ack = NULL;
  g_autofree char *data = NULL;
  g_autofree char *data_ack = NULL;
  g_autofree char *fin = NULL;
  g_autofree char *fin_ack = NULL;
  g_autofree char *syn_abs = NULL;
  guint i;

  perform (session, lab, SEQACK_SERVER, SEQACK_ACTION_LISTEN, 0, NULL);
  perform (session, lab, SEQACK_CLIENT, SEQACK_ACTION_CONNECT, 0, NULL);
  seqack_lab_run_until_quiet (lab, QUIET_LIMIT);
  perform (session, lab, SEQACK_CLIENT, SEQACK_ACTION_SEND, 0, "hello");
  seqack_lab_run_until_quiet (lab, QUIET_LIMIT);
  perform (session, lab, SEQACK_CLIENT, SEQACK_ACTION_CLOSE, 0, NULL);
  seqack_lab_run_until_quiet (lab, QUIET_LIMIT);

  i = find_segment (trace, 0, SEQACK_CLIENT, SEQACK_TCP_SYN, 0);
  syn = seqack_explain_segment (trace, i, FALSE);
  assert_contains (syn, "Seq = 0: the client's initial sequence number");
  assert_contains (syn, "No ACK flag");
  syn_abs = seqack_explain_seq (trace, i, TRUE);
  {
    char abs[32];

    g_snprintf (abs, sizeof abs, "Seq = %u:",
                seqack_trace_get_event (trace, i)->seq);
    assert_contains (syn_abs, abs);
  }

  /* "Ack = peer Seq 0 + 1 because SYN counts as one" (the issue). */
  i = find_segment (trace, i, SEQACK_SERVER,
                    SEQACK_TCP_SYN | SEQACK_TCP_ACK, 0);
  syn_ack = seqack_explain_ack (trace, i, FALSE);
  g_assert_cmpstr (syn_ack, ==,
                   "Ack = peer's Seq 0 + 1 = 1 because SYN counts as one");

  i = find_segment (trace, i, SEQACK_CLIENT, SEQACK_TCP_ACK, 0);
  ack = seqack_explain_seq (trace, i, FALSE);
  g_assert_cmpstr (ack, ==, "Seq = 0 + 1 = 1 because SYN counts as one");

  i = find_segment (trace, i, SEQACK_CLIENT,
                    SEQACK_TCP_PSH | SEQACK_TCP_ACK, 5);
  data = seqack_explain_seq (trace, i, FALSE);
  g_assert_cmpstr (data, ==,
                   "Seq = 0 + 1 = 1 because SYN counts as one");

  /* "Ack = 1 + 5 bytes of data = 6" */
  i = find_segment (trace, i, SEQACK_SERVER, SEQACK_TCP_ACK, 0);
  data_ack = seqack_explain_ack (trace, i, FALSE);
  g_assert_cmpstr (data_ack, ==,
                   "Ack = peer's Seq 1 + 5 bytes of data = 6");

  i = find_segment (trace, i, SEQACK_CLIENT,
                    SEQACK_TCP_FIN | SEQACK_TCP_ACK, 0);
  fin = seqack_explain_seq (trace, i, FALSE);
  g_assert_cmpstr (fin, ==, "Seq = 1 + 5 bytes of data = 6");

  i = find_segment (trace, i, SEQACK_SERVER, SEQACK_TCP_ACK, 0);
  fin_ack = seqack_explain_ack (trace, i, FALSE);
  g_assert_cmpstr (fin_ack, ==,
                   "Ack = peer's Seq 6 + 1 = 7 because FIN counts as one");
}

static SeqackLab *
run_scenario (const char *name)
{
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  SeqackLabConfig config;
  SeqackLab *lab;

  seqack_lab_config_init (&config);
  config.seed = 1;
  lab = seqack_lab_new (&config);
  scenario = seqack_scenario_builtin (name, &error);
  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  g_assert_no_error (error);
  return lab;
}

static guint
find_rst (SeqackTrace *trace)
{
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT && (ev->flags & SEQACK_TCP_RST))
        return i;
    }
  g_assert_not_reached ();
  return G_MAXUINT;
}

/* A RST's Seq names the rule that gives it (RFC 9293 §3.5.2), in each of
 * the three ways the lab sends one; "SND.NXT" only when the sender's
 * variables show that number; a closed port says so first. */
static void
test_explain_reset (void)
{
  g_autoptr(SeqackLab) closed = run_scenario ("closed-port");
  g_autoptr(SeqackLab) stale = run_scenario ("old-duplicate-syn");
  g_autoptr(SeqackLab) aborted = run_scenario ("abort");
  SeqackTrace *trace;
  SeqackTcpVars vars;
  guint rst;
  g_autofree char *closed_line = NULL;
  g_autofree char *stale_seq = NULL;
  g_autofree char *abort_seq = NULL;

  /* Nobody listens: <SEQ=0><ACK=SEG.SEQ+SEG.LEN>, §3.10.7.1. */
  trace = seqack_lab_get_trace (closed);
  rst = find_rst (trace);
  closed_line = seqack_explain_segment (trace, rst, TRUE);
  g_assert_true (g_str_has_prefix (closed_line,
                                   "Nobody listens on the server's port"));
  assert_contains (closed_line, "Seq = 0:");
  assert_contains (closed_line, "§3.10.7.1");
  g_assert_null (strstr (closed_line, "SND.NXT"));

  /* The client in SYN-SENT refuses the old duplicate's SYN,ACK: its Seq
   * is that segment's Ack, not the client's SND.NXT, which the variables
   * table shows as something else. */
  trace = seqack_lab_get_trace (stale);
  rst = find_rst (trace);
  g_assert_cmpint (seqack_trace_get_event (trace, rst)->side, ==,
                   SEQACK_CLIENT);
  g_assert_true (seqack_trace_get_vars (trace, rst - 1, SEQACK_CLIENT,
                                        &vars));
  g_assert_cmpuint (vars.snd_nxt, !=, seqack_trace_get_event (trace,
                                                              rst)->seq);
  stale_seq = seqack_explain_seq (trace, rst, FALSE);
  assert_contains (stale_seq, "the Ack of the segment it answers");
  assert_contains (stale_seq, "§3.10.7.3");
  g_assert_null (strstr (stale_seq, "SND.NXT"));

  /* An ABORT in ESTABLISHED: SND.NXT, §3.10.4. */
  trace = seqack_lab_get_trace (aborted);
  rst = find_rst (trace);
  abort_seq = seqack_explain_seq (trace, rst, FALSE);
  assert_contains (abort_seq, "SND.NXT");
  assert_contains (abort_seq, "§3.10.4");
}

/* The fallback names SND.NXT only when the sender's variables hold that
 * number; every explained Seq of a run either agrees with them or does
 * not mention SND.NXT. */
static void
test_explain_snd_nxt_agrees (void)
{
  static const char *const names[] = {
    "hello-goodbye", "lost-final-ack", "old-duplicate-syn", "reordering",
    "simultaneous-open", "simultaneous-close",
  };

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autoptr(SeqackLab) lab = run_scenario (names[n]);
      SeqackTrace *trace = seqack_lab_get_trace (lab);

      for (guint i = 1; i < seqack_trace_get_n_events (trace); i++)
        {
          const SeqackEvent *ev = seqack_trace_get_event (trace, i);
          g_autofree char *seq = NULL;
          SeqackTcpVars vars;

          if (ev->kind != SEQACK_EVENT_SEGMENT)
            continue;
          seq = seqack_explain_seq (trace, i, TRUE);
          if (strstr (seq, "SND.NXT") == NULL
              || strstr (seq, "abort") != NULL)
            continue;
          g_assert_true (seqack_trace_get_vars (trace, i - 1, ev->side,
                                                &vars));
          g_assert_cmpuint (vars.snd_nxt, ==, ev->seq);
        }
    }
}

/* @scenario's retransmissions in order, explained (linux: with Linux's
 * 200 ms minimum RTO). */
static GPtrArray *
explain_resends (const char *scenario_name,
                 gboolean    linux_rto_min)
{
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(SeqackLab) lab = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  SeqackLabConfig config;
  SeqackTrace *trace;

  seqack_lab_config_init (&config);
  config.seed = 1;
  config.tcp.linux_rto_min = linux_rto_min;
  scenario = seqack_scenario_builtin (scenario_name, &error);
  g_assert_no_error (error);
  lab = seqack_lab_new (&config);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  trace = seqack_lab_get_trace (lab);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      char *rto = seqack_explain_rto (trace, i);

      g_assert_true ((rto != NULL) ==
                     (ev->kind == SEQACK_EVENT_SEGMENT &&
                      (ev->marks & SEQACK_MARK_RETRANSMISSION) != 0));
      if (rto != NULL)
        {
          g_autofree char *line = seqack_explain_segment (trace, i, FALSE);

          /* The inspector's line carries it. */
          g_assert_nonnull (strstr (line, rto));
          g_ptr_array_add (out, rto);
        }
    }
  return out;
}

static void
assert_has (const char *text,
            const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("expected \"%s\" in \"%s\"", part, text);
}

/* RFC 6298: a retransmission's RTO by its rule. The data and its first
 * resend are lost: 1 s (the 1 s floor over SRTT + 4 RTTVAR), then the
 * doubled 2 s (5.5); the lost FIN after a measured round trip, by the
 * floor or, with Linux's minimum, SRTT + 200 ms. */
static void
test_explain_rto (void)
{
  g_autoptr(GPtrArray) lost = explain_resends ("lost-retransmission", FALSE);
  g_autoptr(GPtrArray) fin = explain_resends ("lost-final-ack", FALSE);
  g_autoptr(GPtrArray) fin_linux = explain_resends ("lost-final-ack", TRUE);
  g_autoptr(GPtrArray) syn = explain_resends ("lost-syn", FALSE);

  g_assert_cmpuint (lost->len, ==, 2);
  assert_has (lost->pdata[0], "Resent when the retransmission timer "
                              "expired: RTO 1 s: SRTT 0.04 + 4 × RTTVAR "
                              "0.02 = 0.12, raised to the 1 s minimum (RFC "
                              "6298 2.4). The next timeout waits twice as "
                              "long: RTO 2 s = 2 × 1 s, backed off after "
                              "timeout 1 (RFC 6298 5.5)");
  assert_has (lost->pdata[1], "expired: RTO 2 s = 2 × 1 s, backed off after "
                              "timeout 1 (RFC 6298 5.5). The next timeout "
                              "waits twice as long: RTO 4 s = 2 × 2 s");

  g_assert_cmpuint (fin->len, >=, 1);
  assert_has (fin->pdata[0], "raised to the 1 s minimum (RFC 6298 2.4)");
  g_assert_cmpuint (fin_linux->len, >=, 1);
  assert_has (fin_linux->pdata[0], "= SRTT 0.04 + 200 ms (Linux's minimum;");

  g_assert_cmpuint (syn->len, >=, 1);
  assert_has (syn->pdata[0], "RTO 1 s: no round trip measured yet (RFC "
                             "6298 2.1)");
}

static SeqackLab *
run_builtin (const char *name)
{
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  SeqackLabConfig config;
  SeqackLab *lab;

  seqack_lab_config_init (&config);
  config.seed = 1;
  lab = seqack_lab_new (&config);
  scenario = seqack_scenario_builtin (name, &error);
  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  g_assert_no_error (error);
  return lab;
}

/* The first segment whose edge carries @why, or G_MAXUINT. */
static guint
find_why (SeqackTrace *trace,
          guint8       why)
{
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT && (ev->edge & why) != 0)
        return i;
    }
  return G_MAXUINT;
}

/* RFC 9293 §3.8.6: zero-window's probes, the closed window and the
 * update that reopens it each say so, with the numbers; the inspector's
 * line carries it. */
static void
test_window_zero (void)
{
  g_autoptr(SeqackLab) lab = run_builtin ("zero-window");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  guint probe = find_why (trace, SEQACK_WHY_WINDOW_PROBE);
  guint update = find_why (trace, SEQACK_WHY_WINDOW_UPDATE);
  guint closed = G_MAXUINT;
  g_autofree char *probe_text = NULL, *update_text = NULL;
  g_autofree char *closed_text = NULL, *line = NULL, *want = NULL;

  g_assert_cmpuint (probe, !=, G_MAXUINT);
  g_assert_cmpuint (update, !=, G_MAXUINT);
  probe_text = seqack_explain_window (trace, probe);
  g_assert_nonnull (strstr (probe_text, "Persist probe"));
  line = seqack_explain_segment (trace, probe, FALSE);
  g_assert_nonnull (strstr (line, probe_text));

  update_text = seqack_explain_window (trace, update);
  want = g_strdup_printf ("window reopens to %u bytes",
                          seqack_trace_get_event (trace, update)->window);
  g_assert_nonnull (strstr (update_text, want));
  g_assert_cmpuint (seqack_trace_get_event (trace, update)->window, >, 0);

  for (guint i = 0; i < probe; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT && ev->side == SEQACK_SERVER
          && ev->window == 0 && ev->edge == 0)
        closed = i;
    }
  g_assert_cmpuint (closed, !=, G_MAXUINT);
  closed_text = seqack_explain_window (trace, closed);
  g_assert_cmpstr (closed_text, ==,
                   "Window closed: the receiver advertised 0, so the sender "
                   "may send nothing; its persist timer will probe (RFC 9293 "
                   "§3.8.6.1)");
}

/* RFC 5681 §3.2: lost-data's duplicate ACKs name the byte missing, the
 * fast retransmission the ssthresh and cwnd it set. */
static void
test_window_fast_retransmit (void)
{
  g_autoptr(SeqackLab) lab = run_builtin ("lost-data");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  guint dup = find_why (trace, SEQACK_WHY_DUP_ACK);
  guint fast = find_why (trace, SEQACK_WHY_FAST_RETRANSMISSION);
  g_autofree char *dup_text = NULL, *fast_text = NULL, *want = NULL;
  g_autofree char *want_fast = NULL;
  SeqackTcpVars vars;

  g_assert_cmpuint (dup, !=, G_MAXUINT);
  g_assert_cmpuint (fast, !=, G_MAXUINT);
  dup_text = seqack_explain_window (trace, dup);
  want = g_strdup_printf ("repeats Ack = %u,",
                          seqack_trace_relative_ack (trace, dup));
  g_assert_nonnull (strstr (dup_text, "Duplicate ACK"));
  g_assert_nonnull (strstr (dup_text, want));

  fast_text = seqack_explain_window (trace, fast);
  g_assert_true (seqack_trace_get_vars (trace, fast,
                                        seqack_trace_get_event (trace,
                                                                fast)->side,
                                        &vars));
  want_fast = g_strdup_printf ("ssthresh = %u, cwnd = %u", vars.ssthresh,
                               vars.cwnd);
  g_assert_nonnull (strstr (fast_text, "Fast retransmit"));
  g_assert_nonnull (strstr (fast_text, want_fast));
  /* RFC 5681 (3): cwnd = ssthresh + 3 SMSS on entering fast recovery. */
  g_assert_cmpuint (vars.cwnd, ==, vars.ssthresh + 3 * 1460);
}

/* bulk-transfer's data went within min (cwnd, window); the first flight
 * is the RFC 3390 initial window; an ACK says what it lets the sender
 * send; a handshake says nothing of windows. */
static void
test_window_bulk (void)
{
  g_autoptr(SeqackLab) lab = run_builtin ("bulk-transfer");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  guint syn = find_segment (trace, 0, SEQACK_CLIENT, SEQACK_TCP_SYN, 0);
  guint third = G_MAXUINT, n_data = 0, ack = G_MAXUINT;
  g_autofree char *text = NULL, *ack_text = NULL;

  g_assert_null (seqack_explain_window (trace, syn));
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind != SEQACK_EVENT_SEGMENT)
        continue;
      if (ev->side == SEQACK_CLIENT && ev->number > 0 && ++n_data == 3)
        third = i;
      if (ev->side == SEQACK_SERVER && third != G_MAXUINT && ack == G_MAXUINT
          && ev->number == 0)
        ack = i;
    }
  g_assert_cmpuint (third, !=, G_MAXUINT);
  text = seqack_explain_window (trace, third);
  g_assert_cmpstr (text, ==,
                   "Sent within the window: 4380 bytes in flight with it, at "
                   "most min (cwnd 4380, peer's window 64240) = 4380");
  g_assert_cmpuint (ack, !=, G_MAXUINT);
  ack_text = seqack_explain_window (trace, ack);
  g_assert_nonnull (ack_text);
  g_assert_true (g_str_has_prefix (ack_text, "After this ACK the sender may "
                                             "send ")
                 || g_str_has_prefix (ack_text, "Window full: 0 bytes usable"));
}

/* Reads the "in flight" and cwnd an ACK's explanation gives. */
static void
parse_after_ack (const char *text,
                 guint      *flight,
                 guint      *cwnd)
{
  guint more, wnd;

  if (sscanf (text, "After this ACK the sender may send %u more bytes: min "
                    "(cwnd %u, peer's window %u) − %u in flight",
              &more, cwnd, &wnd, flight) == 4)
    return;
  g_assert_cmpint (sscanf (text, "Window full: 0 bytes usable, %u in flight "
                                 "= min (cwnd %u, peer's window %u)",
                           flight, cwnd, &wnd), ==, 3);
}

/* In bulk-transfer the last flight's ACKs (segments 27 to 31) reach the
 * client at one instant, after all 20,000 bytes went: each ACK's
 * explanation counts in flight what the segments say is still
 * unacknowledged when that ACK arrives (SND.NXT − its Ack), and the cwnd
 * that ACK left, growing by one ACK each in slow start; not the state
 * after the whole instant (and the FIN that follows). */
static void
test_window_bulk_same_instant (void)
{
  g_autoptr(SeqackLab) lab = run_builtin ("bulk-transfer");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  guint n = seqack_trace_get_n_events (trace), last = G_MAXUINT, seen = 0;
  guint prev_cwnd = 0;
  gboolean saw_30 = FALSE;

  /* The ACK of the last byte. */
  for (guint i = 0; i < n; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT && ev->side == SEQACK_SERVER
          && ev->number == 0 && seqack_trace_relative_ack (trace, i) == 20001)
        last = i;
    }
  g_assert_cmpuint (last, !=, G_MAXUINT);

  for (guint i = 0; i <= last; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      g_autofree char *text = NULL;
      guint32 snd_nxt = 0, flight = 0, cwnd = 0;

      if (ev->kind != SEQACK_EVENT_SEGMENT || ev->side != SEQACK_SERVER
          || ev->t2 != seqack_trace_get_event (trace, last)->t2)
        continue;
      /* SND.NXT from the client's data sent before that instant. */
      for (guint j = 0; j < n; j++)
        {
          const SeqackEvent *d = seqack_trace_get_event (trace, j);

          if (d->kind == SEQACK_EVENT_SEGMENT && d->side == SEQACK_CLIENT
              && d->t < ev->t2 && d->number > 0)
            snd_nxt = MAX (snd_nxt,
                           seqack_trace_relative_seq (trace, j) + d->number);
        }
      text = seqack_explain_window (trace, i);
      g_assert_nonnull (text);
      parse_after_ack (text, &flight, &cwnd);
      g_assert_cmpuint (flight, ==,
                        snd_nxt - seqack_trace_relative_ack (trace, i));
      g_assert_cmpuint (cwnd, >, prev_cwnd);
      prev_cwnd = cwnd;
      saw_30 |= seqack_trace_get_segment_ordinal (trace, i) == 30;
      seen++;
    }
  g_assert_cmpuint (seen, >=, 3);
  g_assert_true (saw_30);
}

/* lost-data: duplicate ACK 1 reaches the client at one instant with the
 * ACK of the first segment, after it; duplicate ACK 2 with the third,
 * which causes the fast retransmit. Neither moves SND.UNA. The state
 * right after each is the client's own record of that arrival: SND.UNA
 * its Ack, cwnd as the last new ACK left it (the explanation of that ACK
 * says which), and its explanation says so; not the state after the
 * whole instant, which for one of them is already fast recovery's. */
static void
test_window_dup_ack_same_instant (void)
{
  g_autoptr(SeqackLab) lab = run_builtin ("lost-data");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  guint n = seqack_trace_get_n_events (trace), seen = 0, differs = 0;
  guint new_ack = G_MAXUINT;

  for (guint i = 0; i < n; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      guint count, after, cwnd = 0, flight = 0, shared = 0;
      g_autofree char *text = NULL, *want = NULL, *new_text = NULL;
      SeqackTcpVars at, instant;

      if (ev->kind != SEQACK_EVENT_SEGMENT || ev->side != SEQACK_SERVER
          || ev->number != 0 || ev->fate != SEQACK_FATE_DELIVERED)
        continue;
      count = seqack_explain_dup_ack_count (trace, i);
      if (count == 0)
        {
          if (seqack_trace_get_arrival_vars (trace, i, &at)
              && at.snd_una == ev->ack && (guint32) (at.snd_nxt - at.iss) > 1)
            new_ack = i;
          continue;
        }
      if (count >= 3)
        continue;
      /* Another ACK arrives at its instant. */
      for (guint j = 0; j < n; j++)
        {
          const SeqackEvent *o = seqack_trace_get_event (trace, j);

          shared += j != i && o->kind == SEQACK_EVENT_SEGMENT
                    && o->side == SEQACK_SERVER && o->t2 == ev->t2;
        }
      g_assert_cmpuint (shared, >, 0);

      g_assert_true (seqack_trace_get_arrival_vars (trace, i, &at));
      g_assert_cmpuint (at.snd_una, ==, ev->ack);
      g_assert_cmpuint (new_ack, !=, G_MAXUINT);
      new_text = seqack_explain_window (trace, new_ack);
      g_assert_nonnull (new_text);
      parse_after_ack (new_text, &flight, &cwnd);
      g_assert_cmpuint (at.cwnd, ==, cwnd);

      text = seqack_explain_window (trace, i);
      want = g_strdup_printf ("Duplicate ACK %u: data arrived out of order, "
                              "so the receiver repeats Ack = %u,", count,
                              seqack_trace_relative_ack (trace, i));
      g_assert_true (g_str_has_prefix (text, want));
      g_free (want);
      want = g_strdup_printf ("cwnd stays %u until the third", cwnd);
      g_assert_nonnull (strstr (text, want));

      after = seqack_trace_count_until (trace, ev->t2);
      g_assert_true (seqack_trace_get_vars (trace, after - 1, SEQACK_CLIENT,
                                            &instant));
      differs += instant.cwnd != at.cwnd || instant.snd_nxt != at.snd_nxt;
      seen++;
    }
  g_assert_cmpuint (seen, ==, 2);
  g_assert_cmpuint (differs, >, 0);
}

/* lost-data with Linux's initial window of ten (RFC 6928): the eight
 * duplicate ACKs of the flight reach the client at one instant. Each
 * one's explanation gives the client's state right after it, as RFC
 * 5681 §3.2 has it change: the first two leave cwnd alone, the third
 * starts fast retransmit (ssthresh, then cwnd = ssthresh + 3 SMSS), each
 * further one adds an SMSS; not the cwnd after the whole instant. */
static void
test_window_dup_acks_iw10 (void)
{
  static const char text[] =
    "name: iw10-lost\n"
    "title: Lost data with IW10\n"
    "description: eight duplicate ACKs at one instant\n"
    "set iw10 on\n"
    "server listen\n"
    "client connect\n"
    "client send-bytes 1460\n"
    "with client drop-next\n"
    "with client send-bytes 13140\n"
    "client close\n"
    "server close\n";
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackLab) lab = NULL;
  SeqackLabConfig config;
  SeqackTrace *trace;
  guint32 cwnd_before = 0, ssthresh = 0;
  guint seen = 0;
  gint64 t2 = -1;

  seqack_lab_config_init (&config);
  config.seed = 1;
  lab = seqack_lab_new (&config);
  scenario = seqack_scenario_parse (text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  g_assert_no_error (error);
  trace = seqack_lab_get_trace (lab);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      guint n = seqack_explain_dup_ack_count (trace, i);
      g_autofree char *explained = NULL, *want = NULL;
      SeqackTcpVars at;

      if (ev->kind != SEQACK_EVENT_SEGMENT || n == 0)
        continue;
      /* All of them at one instant. */
      if (t2 < 0)
        t2 = ev->t2;
      g_assert_cmpint (ev->t2, ==, t2);
      g_assert_true (seqack_trace_get_arrival_vars (trace, i, &at));
      explained = seqack_explain_window (trace, i);
      want = g_strdup_printf ("Duplicate ACK %u: ", n);
      g_assert_true (g_str_has_prefix (explained, want));
      g_free (want);
      if (n == 1)
        cwnd_before = at.cwnd;
      if (n < 3)
        {
          g_assert_cmpuint (at.cwnd, ==, cwnd_before);
          want = g_strdup_printf ("cwnd stays %u until the third", at.cwnd);
        }
      else if (n == 3)
        {
          /* RFC 5681 (4.1) and (4.2): ssthresh = max (FlightSize / 2,
           * 2 SMSS), cwnd = ssthresh + 3 SMSS. */
          ssthresh = at.ssthresh;
          g_assert_cmpuint (ssthresh, <, cwnd_before);
          g_assert_cmpuint (at.cwnd, ==, ssthresh + 3 * 1460);
          want = g_strdup ("It is the third: the sender resends that "
                           "segment at once");
        }
      else
        {
          /* RFC 5681 (4.3): one SMSS more for each further one. */
          g_assert_cmpuint (at.cwnd, ==, ssthresh + n * 1460);
          want = g_strdup_printf ("adds a segment to cwnd, now %u",
                                  at.cwnd);
        }
      g_assert_nonnull (strstr (explained, want));
      seen++;
    }
  g_assert_cmpuint (seen, >=, 5);

  /* The fast retransmission left on the third of them: "3×", though
   * all of them arrived at that instant. */
  {
    guint fast = find_why (trace, SEQACK_WHY_FAST_RETRANSMISSION);

    g_assert_cmpuint (fast, !=, G_MAXUINT);
    g_assert_cmpint (seqack_trace_get_event (trace, fast)->t, ==, t2);
    g_assert_cmpuint (seqack_explain_dup_acks_before (trace, fast), ==, 3);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trace/explain/reset", test_explain_reset);
  g_test_add_func ("/trace/explain/window/rfc9293-zero-window",
                   test_window_zero);
  g_test_add_func ("/trace/explain/window/rfc5681-fast-retransmit",
                   test_window_fast_retransmit);
  g_test_add_func ("/trace/explain/window/bulk", test_window_bulk);
  g_test_add_func ("/trace/explain/window/bulk-same-instant",
                   test_window_bulk_same_instant);
  g_test_add_func ("/trace/explain/window/dup-ack-same-instant",
                   test_window_dup_ack_same_instant);
  g_test_add_func ("/trace/explain/window/rfc5681-dup-acks-at-one-instant",
                   test_window_dup_acks_iw10);
  g_test_add_func ("/trace/explain/rfc6298-rto-of-a-retransmission",
                   test_explain_rto);
  g_test_add_func ("/trace/explain/snd-nxt-agrees",
                   test_explain_snd_nxt_agrees);
  g_test_add_func ("/trace/explain/handshake-and-data",
                   test_explain_handshake_and_data);

  return g_test_run ();
}
