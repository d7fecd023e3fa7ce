/* test-trace-timers.c: the timer facts a Trace gives out: the sender's
 * variables on every JSON segment event (RTT estimator included), and the
 * ladder's line naming the rule behind each retransmission timer. */

#include <string.h>

#include "seqack-trace-format.h"
#include "trace-test-util.h"

#define MS 1000

static SeqackTcpVars
vars (guint32 iss,
      guint32 irs,
      guint32 srtt,
      guint32 rttvar,
      guint32 rto,
      SeqackRtoRule rule)
{
  SeqackTcpVars v = { 0 };

  v.iss = iss;
  v.irs = irs;
  v.snd_una = iss;
  v.snd_nxt = iss + 1;
  v.snd_wnd = 0;
  v.rcv_nxt = irs;
  v.rcv_wnd = 64240;
  v.srtt = srtt;
  v.rttvar = rttvar;
  v.rto = rto;
  v.rto_rule = rule;
  return v;
}

static char *
json_of (SeqackTrace *trace,
         guint        index)
{
  GString *s = g_string_new (NULL);

  seqack_trace_format_json (trace, index, NULL, s);
  return g_string_free (s, FALSE);
}

static const char *
vars_part (const char *json)
{
  const char *v = strstr (json, "\"vars\":");

  g_assert_nonnull (v);
  return v;
}

/* The sender's variables after sending, in relative numbers, seconds for
 * times; SRTT and RTTVAR null before the first sample; RCV.NXT and SND.WND
 * null in SYN-SENT (no IRS before the peer's SYN, RFC 9293), numbers once
 * the SYN,ACK is in. */
static void
test_json_vars (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  SeqackTcpVars v = vars (1000, 0, SEQACK_TCP_NO_RTT, SEQACK_TCP_NO_RTT,
                          1000 * MS, SEQACK_RTO_INITIAL);
  g_autofree char *syn = NULL, *data = NULL;
  guint i;

  seqack_trace_add_state (trace, 0, SEQACK_CLIENT, SEQACK_TCP_CLOSED,
                          SEQACK_TCP_SYN_SENT, SEQACK_TCP_EDGE_NONE, 0);
  i = test_add_segment (trace, 0, SEQACK_CLIENT, 1000, 0, SEQACK_TCP_SYN,
                        NULL, SEQACK_FATE_DELIVERED, 0);
  v.cwnd = 4380;
  v.ssthresh = 65535;
  v.flight = 1;
  seqack_trace_note_vars (trace, SEQACK_CLIENT, &v);
  syn = json_of (trace, i);
  g_assert_cmpstr (vars_part (syn), ==,
                   "\"vars\":{\"snd_una\":0,\"snd_nxt\":1,"
                   "\"snd_wnd\":null,\"rcv_nxt\":null,\"rcv_wnd\":64240,"
                   "\"srtt\":null,\"rttvar\":null,\"rto\":1.0,"
                   "\"cwnd\":4380,\"ssthresh\":65535,\"flight\":1}}");

  test_add_segment (trace, 600 * MS, SEQACK_SERVER, 5000, 1001,
                    SEQACK_TCP_SYN | SEQACK_TCP_ACK, NULL,
                    SEQACK_FATE_DELIVERED, 0);
  v = vars (1000, 5000, 1200 * MS, 600 * MS, 3600 * MS, SEQACK_RTO_ESTIMATE);
  v.snd_una = 1001;
  v.snd_nxt = 1006;
  v.snd_wnd = 64240;
  v.rcv_nxt = 5001;
  v.cwnd = 5840;
  v.ssthresh = 65535;
  v.flight = 5;
  seqack_trace_add_state (trace, 1200 * MS, SEQACK_CLIENT,
                          SEQACK_TCP_SYN_SENT, SEQACK_TCP_ESTABLISHED,
                          SEQACK_TCP_EDGE_NONE, 0);
  i = test_add_segment (trace, 1200 * MS, SEQACK_CLIENT, 1001, 5001,
                        SEQACK_TCP_PSH | SEQACK_TCP_ACK, "hello",
                        SEQACK_FATE_DELIVERED, 0);
  seqack_trace_note_vars (trace, SEQACK_CLIENT, &v);
  data = json_of (trace, i);
  g_assert_cmpstr (vars_part (data), ==,
                   "\"vars\":{\"snd_una\":1,\"snd_nxt\":6,"
                   "\"snd_wnd\":64240,\"rcv_nxt\":1,\"rcv_wnd\":64240,"
                   "\"srtt\":1.2,\"rttvar\":0.6,\"rto\":3.6,"
                   "\"cwnd\":5840,\"ssthresh\":65535,\"flight\":5}}");
}

/* A trace rebuilt from packets knows no RTO: the timer values are null. */
static void
test_json_vars_capture (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  SeqackTcpVars v = { 0 };
  g_autofree char *json = NULL;
  guint i;

  seqack_trace_add_state (trace, 0, SEQACK_CLIENT, SEQACK_TCP_CLOSED,
                          SEQACK_TCP_SYN_SENT, SEQACK_TCP_EDGE_NONE, 0);
  i = test_add_segment (trace, 0, SEQACK_CLIENT, 1000, 0, SEQACK_TCP_SYN,
                        NULL, SEQACK_FATE_CAPTURED, 0);
  v.iss = v.snd_una = 1000;
  v.snd_nxt = 1001;
  seqack_trace_note_vars (trace, SEQACK_CLIENT, &v);
  json = json_of (trace, i);
  g_assert_nonnull (strstr (json, "\"srtt\":null,\"rttvar\":null,"
                                  "\"rto\":null,\"cwnd\":null,"
                                  "\"ssthresh\":null,\"flight\":1}"));
}

/* The variables round-trip through the trace's compact store. */
static void
test_vars_store_timer_fields (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  SeqackTcpVars in[200], out;

  for (guint i = 0; i < G_N_ELEMENTS (in); i++)
    {
      test_add_segment (trace, i, SEQACK_CLIENT, 1000 + i, 0, SEQACK_TCP_ACK,
                        NULL, SEQACK_FATE_DELIVERED, 0);
      in[i] = vars (1000, 7, i % 3 ? 40 * MS + i * 997 : SEQACK_TCP_NO_RTT,
                    i * 13, 1000 * MS + (i % 7) * 123457, i % SEQACK_N_RTO_RULES);
      in[i].snd_nxt = 1000 + i;
      in[i].backoff = i % 5;
      seqack_trace_note_vars (trace, SEQACK_CLIENT, &in[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (in); i++)
    {
      g_assert_true (seqack_trace_get_vars (trace, i, SEQACK_CLIENT, &out));
      g_assert_cmpmem (&out, sizeof out, &in[i], sizeof in[i]);
    }
}

/* Each retransmission timer set gets a line naming its rule. */
static void
test_ladder_rto_rule (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  struct {
    SeqackRtoRule rule;
    guint32 srtt, rttvar, rto, backoff;
    const char *line;
  } cases[] = {
    { SEQACK_RTO_ESTIMATE, 1200 * MS, 600 * MS, 3600 * MS, 0,
      "RTO 3.6 s = SRTT 1.2 + 4 × RTTVAR 0.6" },
    { SEQACK_RTO_MINIMUM, 40 * MS, 20 * MS, 1000 * MS, 0,
      "RTO 1 s: SRTT 0.04 + 4 × RTTVAR 0.02 = 0.12, raised to the 1 s "
      "minimum (RFC 6298 2.4)" },
    { SEQACK_RTO_BACKOFF, 40 * MS, 20 * MS, 4000 * MS, 2,
      "RTO 4 s = 2 × 2 s, backed off after timeout 2 (RFC 6298 5.5)" },
    { SEQACK_RTO_AFTER_SYN_LOSS, SEQACK_TCP_NO_RTT, SEQACK_TCP_NO_RTT,
      3000 * MS, 0,
      "RTO 3 s: the handshake was resent, so no round trip was measured "
      "(RFC 6298 5.7)" },
    { SEQACK_RTO_MAXIMUM, 40 * MS, 20 * MS, 120000 * MS, 9,
      "RTO 120 s: the ceiling (RFC 6298 2.5, Linux TCP_RTO_MAX)" },
  };

  test_state (trace, 0, SEQACK_CLIENT, SEQACK_TCP_CLOSED,
              SEQACK_TCP_SYN_SENT);
  test_state (trace, 0, SEQACK_CLIENT, SEQACK_TCP_SYN_SENT,
              SEQACK_TCP_ESTABLISHED);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SeqackTcpVars v = vars (1000, 5000, cases[i].srtt, cases[i].rttvar,
                              cases[i].rto, cases[i].rule);
      guint index;
      g_auto(GStrv) lines = NULL;

      v.backoff = cases[i].backoff;
      index = seqack_trace_add_timer (trace, 0, SEQACK_CLIENT,
                                      SEQACK_TCP_TIMER_RETRANSMIT,
                                      SEQACK_TIMER_SET, cases[i].rto);
      seqack_trace_note_vars (trace, SEQACK_CLIENT, &v);
      g_string_truncate (out, 0);
      seqack_trace_format_text (trace, index, NULL, out);
      lines = g_strsplit (out->str, "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, 3);
      g_assert_nonnull (strstr (lines[0], "client: retransmission timer "
                                          "set"));
      g_assert_cmpstr (g_strstrip (lines[1]), ==, cases[i].line);
    }
}

/* The SYN's timer names Linux's give-up rule against RFC 9293's. */
static void
test_ladder_syn_rule (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  SeqackTcpVars v = vars (1000, 0, SEQACK_TCP_NO_RTT, SEQACK_TCP_NO_RTT,
                          1000 * MS, SEQACK_RTO_INITIAL);
  guint index;

  test_state (trace, 0, SEQACK_CLIENT, SEQACK_TCP_CLOSED,
              SEQACK_TCP_SYN_SENT);
  index = seqack_trace_add_timer (trace, 0, SEQACK_CLIENT,
                                  SEQACK_TCP_TIMER_RETRANSMIT,
                                  SEQACK_TIMER_SET, 1000 * MS);
  seqack_trace_note_vars (trace, SEQACK_CLIENT, &v);
  seqack_trace_format_text (trace, index, NULL, out);
  g_assert_nonnull (strstr (out->str, "RTO 1 s: no round trip measured yet "
                                      "(RFC 6298 2.1); Linux resends a SYN "
                                      "6 times (tcp_syn_retries), giving up "
                                      "at 127 s: sooner than the 3 minutes "
                                      "of RFC 9293 §3.8.3"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trace/timers/json-vars", test_json_vars);
  g_test_add_func ("/trace/timers/json-vars-capture", test_json_vars_capture);
  g_test_add_func ("/trace/timers/vars-store", test_vars_store_timer_fields);
  g_test_add_func ("/trace/timers/ladder-rto-rule", test_ladder_rto_rule);
  g_test_add_func ("/trace/timers/ladder-syn-rule", test_ladder_syn_rule);

  return g_test_run ();
}
