/* test-lab-clock.c: the lab's clock, PRNG, wire controls and API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "seqack-trace-format.h"
#include "seqack-lab-private.h"

#include "lab-test-util.h"

/* hello-goodbye by hand, so the tests can change things in between. */
static void
run_hello_goodbye (SeqackLab *lab)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (10)));
  g_assert_true (seqack_lab_send (lab, SEQACK_CLIENT, "hello", &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (10)));
  g_assert_true (seqack_lab_send (lab, SEQACK_SERVER, "bye", &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (10)));
  g_assert_true (seqack_lab_close (lab, SEQACK_CLIENT, &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (10)));
  g_assert_true (seqack_lab_close (lab, SEQACK_SERVER, &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (10)));
  g_assert_no_error (error);
}

static char *
trace_json (SeqackTrace *trace)
{
  SeqackFormatOptions options = { 0 };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      seqack_trace_format_json (trace, i, &options, out);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

static void
assert_traces_equal (SeqackTrace *a,
                     SeqackTrace *b)
{
  g_autofree char *ja = trace_json (a);
  g_autofree char *jb = trace_json (b);

  g_assert_cmpuint (seqack_trace_get_n_events (a), ==,
                    seqack_trace_get_n_events (b));
  g_assert_cmpstr (ja, ==, jb);

  for (guint i = 0; i < seqack_trace_get_n_events (a); i++)
    {
      const SeqackEvent *ea = seqack_trace_get_event (a, i);
      const SeqackEvent *eb = seqack_trace_get_event (b, i);
      const guint8 *da, *db;
      gsize la, lb;

      g_assert_cmpmem (ea, sizeof *ea, eb, sizeof *eb);
      da = seqack_trace_get_data (a, i, &la);
      db = seqack_trace_get_data (b, i, &lb);
      g_assert_cmpmem (da, la, db, lb);
    }
}

static void
test_same_seed_same_trace (void)
{
  g_autoptr(SeqackLab) a = lab_test_new (1);
  g_autoptr(SeqackLab) b = lab_test_new (1);
  g_autofree char *json = NULL;

  /* Loss draws from the PRNG too: a lossy run must replay as well. */
  seqack_lab_set_loss_rate (a, 0.3);
  seqack_lab_set_loss_rate (b, 0.3);
  run_hello_goodbye (a);
  run_hello_goodbye (b);
  seqack_lab_run_until_idle (a, SEC (3600));
  seqack_lab_run_until_idle (b, SEC (3600));

  g_assert_cmpuint (seqack_trace_get_n_events (seqack_lab_get_trace (a)),
                    >, 20);
  assert_traces_equal (seqack_lab_get_trace (a), seqack_lab_get_trace (b));
  json = trace_json (seqack_lab_get_trace (a));
  g_assert_nonnull (strstr (json, "\"event\":\"segment\""));
}

static void
test_different_seeds (void)
{
  g_autoptr(SeqackLab) a = lab_test_new (1);
  g_autoptr(SeqackLab) b = lab_test_new (2);
  g_autoptr(SeqackLab) c = lab_test_new (G_GUINT64_CONSTANT (1) << 32 | 1);
  SeqackTcpVars va, vb, vc;

  run_hello_goodbye (a);
  run_hello_goodbye (b);
  run_hello_goodbye (c);
  seqack_lab_get_vars (a, SEQACK_CLIENT, &va);
  seqack_lab_get_vars (b, SEQACK_CLIENT, &vb);
  seqack_lab_get_vars (c, SEQACK_CLIENT, &vc);
  /* RFC 6528: ISNs differ per run; the high 32 bits of the seed count. */
  g_assert_cmpuint (va.iss, !=, vb.iss);
  g_assert_cmpuint (va.iss, !=, vc.iss);
  g_assert_cmpuint (va.irs, !=, vb.irs);
  g_assert_cmpuint (va.iss, !=, va.irs);

  /* Relative numbers do not depend on the seed. */
  {
    g_autofree char *sa = lab_test_segments (seqack_lab_get_trace (a));
    g_autofree char *sb = lab_test_segments (seqack_lab_get_trace (b));

    g_assert_cmpstr (sa, ==, sb);
  }
}

static void
test_endpoints_and_packets (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (1);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  const SeqackEndpoint *client, *server;
  char buf[64];
  guint16 next_id[2] = { 0, 0 };

  client = seqack_trace_get_endpoint (trace, SEQACK_CLIENT);
  server = seqack_trace_get_endpoint (trace, SEQACK_SERVER);
  g_assert_cmpint (client->family, ==, 4);
  g_assert_cmpint (client->port, >=, 49152);
  g_assert_cmpstr (seqack_endpoint_to_string (server, buf), ==,
                   "192.0.2.2:80");
  g_assert_true (g_str_has_prefix (seqack_endpoint_to_string (client, buf),
                                   "192.0.2.1:"));

  run_hello_goodbye (lab);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      SeqackPacket p;

      if (ev->kind != SEQACK_EVENT_SEGMENT)
        continue;
      lab_test_decode (trace, i, &p);
      g_assert_true (p.checksum_ok);
      g_assert_true (p.ip_checksum_ok);
      g_assert_cmpuint (p.ip4.ttl, ==, 64);
      g_assert_cmpuint (p.ip4.src, ==, ev->side == SEQACK_CLIENT
                                       ? SEQACK_LAB_CLIENT_ADDR
                                       : SEQACK_LAB_SERVER_ADDR);
      g_assert_cmpuint (p.tcp.src_port, ==,
                        ev->side == SEQACK_CLIENT ? client->port
                                                  : server->port);
      g_assert_cmpuint (p.tcp.seq, ==, ev->seq);
      g_assert_cmpuint (p.tcp.ack, ==, ev->ack);
      g_assert_cmpuint (p.tcp.flags, ==, ev->flags);
      /* IP identification counts up per host. */
      if (next_id[ev->side] != 0)
        g_assert_cmpuint (p.ip4.identification, ==, next_id[ev->side]);
      next_id[ev->side] = p.ip4.identification + 1;
    }
  g_assert_cmpuint (next_id[0], >, 1);
  g_assert_cmpuint (next_id[1], >, 1);
}

static void
test_fixed_client_port (void)
{
  SeqackLabConfig config;
  g_autoptr(SeqackLab) lab = NULL;

  seqack_lab_config_init (&config);
  config.client_port = 40000;
  config.server_port = 8080;
  lab = seqack_lab_new (&config);
  g_assert_cmpuint (seqack_trace_get_endpoint (seqack_lab_get_trace (lab),
                                               SEQACK_CLIENT)->port, ==,
                    40000);
  run_hello_goodbye (lab);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_TIME_WAIT);
}

static void
test_total_loss_gives_up (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (1);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr(GError) error = NULL;
  guint n_syn = 0, n_server = 0;
  int err, closed;
  guint retries = seqack_lab_get_config (lab)->tcp.syn_retries;

  seqack_lab_set_loss_rate (lab, 1.0);
  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, &error));
  g_assert_true (seqack_lab_run_until_idle (lab, SEC (3600)));

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind != SEQACK_EVENT_SEGMENT)
        continue;
      g_assert_cmpint (ev->fate, ==, SEQACK_FATE_LOST);
      if (ev->side == SEQACK_SERVER)
        n_server++;
      else if (ev->flags == SEQACK_TCP_SYN)
        n_syn++;
    }
  /* The first SYN and syn_retries resends, all lost; the server never
   * heard anything. */
  g_assert_cmpuint (n_syn, ==, retries + 1);
  g_assert_cmpuint (n_server, ==, 0);

  err = lab_test_find (trace, SEQACK_EVENT_ERROR, SEQACK_CLIENT, -1, 0);
  closed = lab_test_find (trace, SEQACK_EVENT_STATE, SEQACK_CLIENT, -1, 1);
  g_assert_cmpint (err, >=, 0);
  g_assert_cmpuint (seqack_trace_get_event (trace, err)->number, ==,
                    SEQACK_ERROR_TIMED_OUT);
  g_assert_cmpint (closed, >, err);
  g_assert_cmpint (seqack_trace_get_event (trace, closed)->to, ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_SERVER), ==,
                   SEQACK_TCP_LISTEN);

  /* The action recorded the rate in parts per million. */
  g_assert_cmpuint (seqack_trace_get_event (trace, 0)->kind, ==,
                    SEQACK_EVENT_ACTION);
  g_assert_cmpuint (seqack_trace_get_event (trace, 0)->from, ==,
                    SEQACK_ACTION_SET_LOSS);
  g_assert_cmpuint (seqack_trace_get_event (trace, 0)->number, ==, 1000000);
}

static void
test_loss_rate_half (void)
{
  SeqackLabConfig config;
  g_autoptr(SeqackLab) lab = NULL;
  g_autoptr(GError) error = NULL;
  SeqackTrace *trace;
  guint lost = 0, delivered = 0;

  seqack_lab_config_init (&config);
  config.loss_rate = 0.5;
  config.tcp.syn_retries = 30;
  config.tcp.synack_retries = 30;
  config.tcp.retries = 30;
  lab = seqack_lab_new (&config);
  trace = seqack_lab_get_trace (lab);
  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, &error));
  g_assert_true (seqack_lab_run_until_idle (lab, SEC (3600)));
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  for (guint k = 0; k < 20; k++)
    {
      g_assert_true (seqack_lab_send (lab, SEQACK_CLIENT, "x", &error));
      /* Idle, not just quiet: a lost segment leaves its RTO pending. */
      g_assert_true (seqack_lab_run_until_idle (lab, SEC (3600)));
    }

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT)
        {
          if (ev->fate == SEQACK_FATE_LOST)
            lost++;
          else
            delivered++;
        }
    }
  /* Some of each, and retransmissions repaired every loss. */
  g_assert_cmpuint (lost, >, 0);
  g_assert_cmpuint (delivered, >, 0);
  {
    g_autofree char *data = lab_test_data (trace, SEQACK_SERVER);

    g_assert_cmpstr (data, ==, "xxxxxxxxxxxxxxxxxxxx");
  }
}

static void
test_set_msl (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (1);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *tw = NULL;
  int action;

  seqack_lab_set_msl (lab, MS (500));
  g_assert_cmpint (seqack_lab_get_config (lab)->tcp.msl, ==, MS (500));
  action = lab_test_find (trace, SEQACK_EVENT_ACTION, -1, -1, 0);
  g_assert_cmpuint (seqack_trace_get_event (trace, action)->from, ==,
                    SEQACK_ACTION_SET_MSL);
  g_assert_cmpuint (seqack_trace_get_event (trace, action)->number, ==,
                    MS (500));

  run_hello_goodbye (lab);
  g_assert_true (seqack_lab_run_until_idle (lab, SEC (3600)));
  /* TIME-WAIT = 2 x MSL = 1 s instead of 60 s. */
  tw = lab_test_timers (trace, SEQACK_CLIENT, SEQACK_TCP_TIMER_TIME_WAIT);
  g_assert_cmpstr (tw, ==, "set@200->1200\nfired@1200\n");
  g_assert_cmpint (seqack_lab_get_now (lab), ==, MS (1200));
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
}

static void
test_skip_wait (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (1);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr(GError) error = NULL;
  SeqackTcpTimer timer;
  gint64 deadline, before;
  int skip, closed;

  /* Nothing pending: nothing to skip to. */
  g_assert_false (seqack_lab_skip_wait (lab));

  run_hello_goodbye (lab);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_TIME_WAIT);
  g_assert_true (seqack_lab_get_next_timer (lab, SEQACK_CLIENT, &timer,
                                            &deadline));
  g_assert_cmpint (timer, ==, SEQACK_TCP_TIMER_TIME_WAIT);
  g_assert_cmpint (deadline, ==, MS (200) + SEC (60));
  g_assert_false (seqack_lab_get_next_timer (lab, SEQACK_SERVER, NULL, NULL));

  before = seqack_lab_get_now (lab);
  g_assert_cmpint (before, ==, MS (220));
  g_assert_true (seqack_lab_skip_wait (lab));
  g_assert_cmpint (seqack_lab_get_now (lab), ==, deadline);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_CLOSED);

  /* The skip is recorded before the state change it causes, with the
   * wait it skipped. */
  skip = lab_test_find (trace, SEQACK_EVENT_ACTION, SEQACK_CLIENT, -1, 3);
  g_assert_cmpuint (seqack_trace_get_event (trace, skip)->from, ==,
                    SEQACK_ACTION_SKIP_WAIT);
  g_assert_cmpuint (seqack_trace_get_event (trace, skip)->number, ==,
                    deadline - before);
  closed = lab_test_find (trace, SEQACK_EVENT_STATE, SEQACK_CLIENT, -1, 5);
  g_assert_cmpint (skip, <, closed);
  g_assert_cmpint (seqack_trace_get_event (trace, closed)->t, ==, deadline);
  g_assert_false (seqack_lab_skip_wait (lab));

  /* With a segment in flight there is no wait to skip. */
  seqack_lab_reset (lab);
  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, &error));
  g_assert_cmpuint (seqack_lab_get_n_in_flight (lab), ==, 1);
  g_assert_false (seqack_lab_skip_wait (lab));
  g_assert_cmpint (seqack_lab_get_now (lab), ==, 0);
}

static void
test_skip_wait_retransmit (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (1);
  g_autoptr(GError) error = NULL;
  g_autofree char *segs = NULL;

  /* A lost SYN: "skip wait" jumps to the RTO and the SYN goes again. */
  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  seqack_lab_drop_next (lab, SEQACK_CLIENT);
  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, &error));
  g_assert_cmpuint (seqack_lab_get_n_in_flight (lab), ==, 0);
  g_assert_true (seqack_lab_skip_wait (lab));
  g_assert_cmpint (seqack_lab_get_now (lab), ==, SEC (1));
  segs = lab_test_segments (seqack_lab_get_trace (lab));
  g_assert_cmpstr (segs, ==, "client SYN 0 0 0 lost\nclient SYN 0 0 0 rtx\n");
}

static void
test_step (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (1);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (seqack_lab_next_event_time (lab), ==, SEQACK_NO_DEADLINE);
  g_assert_false (seqack_lab_step (lab));
  g_assert_cmpint (seqack_lab_get_now (lab), ==, 0);

  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, &error));
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_SYN_SENT);

  /* One instant per step: SYN arrives, then SYN,ACK, then ACK. */
  g_assert_cmpint (seqack_lab_next_event_time (lab), ==, MS (20));
  g_assert_true (seqack_lab_step (lab));
  g_assert_cmpint (seqack_lab_get_now (lab), ==, MS (20));
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_SERVER), ==,
                   SEQACK_TCP_SYN_RECEIVED);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_SYN_SENT);
  g_assert_cmpuint (seqack_lab_get_n_in_flight (lab), ==, 1);

  g_assert_cmpint (seqack_lab_next_event_time (lab), ==, MS (40));
  g_assert_true (seqack_lab_step (lab));
  g_assert_cmpint (seqack_lab_get_now (lab), ==, MS (40));
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_SERVER), ==,
                   SEQACK_TCP_SYN_RECEIVED);

  g_assert_true (seqack_lab_step (lab));
  g_assert_cmpint (seqack_lab_get_now (lab), ==, MS (60));
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpuint (seqack_lab_get_n_in_flight (lab), ==, 0);
  g_assert_cmpint (seqack_lab_next_event_time (lab), ==, SEQACK_NO_DEADLINE);
  g_assert_false (seqack_lab_step (lab));
}

static void
test_run_until (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (1);
  g_autoptr(GError) error = NULL;

  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, &error));
  seqack_lab_run_until (lab, MS (30));
  g_assert_cmpint (seqack_lab_get_now (lab), ==, MS (30));
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_SERVER), ==,
                   SEQACK_TCP_SYN_RECEIVED);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_SYN_SENT);

  /* Events exactly at @t are processed. */
  seqack_lab_run_until (lab, MS (40));
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);

  /* A limit that ends before the wire is quiet: FALSE, clock at limit. */
  g_assert_false (seqack_lab_run_until_quiet (lab, MS (5)));
  g_assert_cmpint (seqack_lab_get_now (lab), ==, MS (45));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (1)));
  g_assert_cmpint (seqack_lab_get_now (lab), ==, MS (60));

  /* Time never goes backwards. */
  seqack_lab_run_until (lab, MS (10));
  g_assert_cmpint (seqack_lab_get_now (lab), ==, MS (60));
}

static void
test_set_latency (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (1);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr(GError) error = NULL;
  const SeqackEvent *syn;

  seqack_lab_set_latency (lab, MS (150));
  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (10)));
  syn = seqack_trace_get_event (trace, lab_test_find (trace,
                                                      SEQACK_EVENT_SEGMENT,
                                                      -1, -1, 0));
  g_assert_cmpint (syn->t2, ==, MS (150));
  g_assert_cmpint (seqack_lab_get_now (lab), ==, MS (450));
}

static void
test_delay_next_reorders (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (1);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr(GError) error = NULL;
  int action;

  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (10)));
  seqack_lab_delay_next (lab, SEQACK_CLIENT, MS (50));
  action = lab_test_find (trace, SEQACK_EVENT_ACTION, SEQACK_CLIENT, -1, 1);
  g_assert_cmpuint (seqack_trace_get_event (trace, action)->from, ==,
                    SEQACK_ACTION_DELAY_NEXT);
  g_assert_cmpuint (seqack_trace_get_event (trace, action)->number, ==,
                    MS (50));
  g_assert_true (seqack_lab_send (lab, SEQACK_CLIENT, "a", &error));
  g_assert_true (seqack_lab_send (lab, SEQACK_CLIENT, "b", &error));
  /* "b" overtakes "a"; the application still reads them in order. */
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (10)));
  {
    g_autofree char *data = lab_test_data (trace, SEQACK_SERVER);

    g_assert_cmpstr (data, ==, "ab");
  }
}

static void
test_actions_before_consequences (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (1);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr(GError) error = NULL;
  const SeqackEvent *ev;

  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (10)));
  g_assert_true (seqack_lab_send (lab, SEQACK_CLIENT, "hi", &error));

  ev = seqack_trace_get_event (trace, 0);
  g_assert_cmpint (ev->kind, ==, SEQACK_EVENT_ACTION);
  g_assert_cmpint (ev->from, ==, SEQACK_ACTION_LISTEN);
  g_assert_cmpint (ev->side, ==, SEQACK_SERVER);
  ev = seqack_trace_get_event (trace, 1);
  g_assert_cmpint (ev->kind, ==, SEQACK_EVENT_STATE);
  g_assert_cmpint (ev->to, ==, SEQACK_TCP_LISTEN);

  /* connect comes before the SYN, send (with its text) before the data. */
  g_assert_cmpint (lab_test_find (trace, SEQACK_EVENT_ACTION, SEQACK_CLIENT,
                                  -1, 0), <,
                   lab_test_find (trace, SEQACK_EVENT_SEGMENT, -1, -1, 0));
  {
    int send = lab_test_find (trace, SEQACK_EVENT_ACTION, SEQACK_CLIENT, -1,
                              1);

    g_assert_cmpint (seqack_trace_get_event (trace, send)->from, ==,
                     SEQACK_ACTION_SEND);
    g_assert_cmpstr (seqack_trace_get_text (trace, send), ==, "hi");
    g_assert_cmpint (send, <, lab_test_find (trace, SEQACK_EVENT_SEGMENT,
                                             SEQACK_CLIENT, -1, 2));
  }

  /* The variables are recorded as the TCB changes. */
  {
    SeqackTcpVars vars, now;
    guint last = seqack_trace_get_n_events (trace) - 1;

    g_assert_true (seqack_trace_get_vars (trace, last, SEQACK_CLIENT,
                                          &vars));
    seqack_lab_get_vars (lab, SEQACK_CLIENT, &now);
    g_assert_cmpmem (&vars, sizeof vars, &now, sizeof now);
    g_assert_cmpuint (vars.snd_nxt, ==, vars.iss + 1 + 2);
  }
}

static void
test_refused_calls (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (1);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr(GError) error = NULL;

  /* Nothing to send on, close or abort yet: errors, no event. */
  g_assert_false (seqack_lab_allows (lab, SEQACK_CLIENT,
                                     SEQACK_TCP_CALL_SEND));
  g_assert_false (seqack_lab_send (lab, SEQACK_CLIENT, "x", &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_NO_CONNECTION);
  g_clear_error (&error);
  g_assert_false (seqack_lab_abort (lab, SEQACK_CLIENT, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_NO_CONNECTION);
  g_clear_error (&error);
  g_assert_cmpuint (seqack_trace_get_n_events (trace), ==, 0);

  g_assert_true (seqack_lab_allows (lab, SEQACK_SERVER,
                                    SEQACK_TCP_CALL_LISTEN));
  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_false (seqack_lab_allows (lab, SEQACK_SERVER,
                                     SEQACK_TCP_CALL_LISTEN));
  g_assert_false (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_CONNECTION_EXISTS);
  /* The first listen's action, state and empty queues; the second
   * added nothing. */
  g_assert_cmpuint (seqack_trace_get_n_events (trace), ==, 3);
}

static void
test_reset (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (7);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr(SeqackTrace) copy = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  guint16 port = seqack_trace_get_endpoint (trace, SEQACK_CLIENT)->port;

  seqack_lab_set_msl (lab, SEC (1));
  run_hello_goodbye (lab);
  seqack_lab_run_until_idle (lab, SEC (3600));
  first = trace_json (trace);

  seqack_lab_reset (lab);
  g_assert_true (seqack_lab_get_trace (lab) == trace);
  g_assert_cmpuint (seqack_trace_get_n_events (trace), ==, 0);
  g_assert_cmpint (seqack_lab_get_now (lab), ==, 0);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
  /* The config is back to what the lab was created with. */
  g_assert_cmpint (seqack_lab_get_config (lab)->tcp.msl, ==, SEC (30));
  g_assert_cmpuint (seqack_trace_get_endpoint (trace, SEQACK_CLIENT)->port,
                    ==, port);

  seqack_lab_set_msl (lab, SEC (1));
  run_hello_goodbye (lab);
  seqack_lab_run_until_idle (lab, SEC (3600));
  second = trace_json (trace);
  g_assert_cmpstr (first, ==, second);
}

static void
test_second_connection (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (1);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr(GError) error = NULL;
  SeqackTcpVars first, second;
  int syn2, synack2;

  run_hello_goodbye (lab);
  seqack_lab_get_vars (lab, SEQACK_CLIENT, &first);
  g_assert_true (seqack_lab_skip_wait (lab));
  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (10)));
  g_assert_no_error (error);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  seqack_lab_get_vars (lab, SEQACK_CLIENT, &second);
  g_assert_cmpuint (first.iss, !=, second.iss);

  /* A new connection: relative numbers start again from 0. */
  syn2 = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_CLIENT,
                        SEQACK_TCP_SYN, 1);
  g_assert_cmpint (syn2, >, 0);
  g_assert_cmpuint (seqack_trace_relative_seq (trace, syn2), ==, 0);
  synack2 = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_SERVER,
                           SEQACK_TCP_SYN | SEQACK_TCP_ACK, 1);
  g_assert_cmpint (synack2, >, syn2);
  g_assert_cmpuint (seqack_trace_relative_seq (trace, synack2), ==, 0);
  g_assert_cmpuint (seqack_trace_relative_ack (trace, synack2), ==, 1);
}

/* seqack_trace_get_vars() at an event is the variables *after* it. A
 * SEGMENT event is often followed by another in the same TCB call (the
 * next segment of a large send, the retransmission timer being set), so
 * its own record must already show SND.NXT past that segment (RFC 9293
 * §3.3.1: SND.NXT is the next sequence number to be sent), not equal to
 * its Seq; and a DATA event must show RCV.NXT past the bytes delivered. */
static void
test_vars_after_segment (void)
{
  SeqackLabConfig config;
  g_autoptr(SeqackLab) lab = NULL;
  g_autoptr(GError) error = NULL;
  SeqackTrace *trace;
  char big[3001];
  guint n_new = 0, n_data = 0, n_followed = 0;

  seqack_lab_config_init (&config);
  lab = seqack_lab_new (&config);
  trace = seqack_lab_get_trace (lab);
  memset (big, 'q', 3000);
  big[3000] = '\0';
  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (10)));
  /* Three segments (MSS 1460) and a timer from one call. */
  g_assert_true (seqack_lab_send (lab, SEQACK_CLIENT, big, &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (10)));
  g_assert_true (seqack_lab_send (lab, SEQACK_SERVER, "bye", &error));
  g_assert_true (seqack_lab_close (lab, SEQACK_SERVER, &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (10)));
  g_assert_true (seqack_lab_close (lab, SEQACK_CLIENT, &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (10)));

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      SeqackTcpVars vars;

      if (ev->kind == SEQACK_EVENT_DATA)
        {
          SeqackTcpVars before;
          gsize len = 0;

          /* RCV.NXT moved by exactly these bytes at this event. */
          seqack_trace_get_data (trace, i, &len);
          g_assert_cmpuint (len, >, 0);
          g_assert_true (seqack_trace_get_vars (trace, i - 1, ev->side,
                                                &before));
          g_assert_true (seqack_trace_get_vars (trace, i, ev->side, &vars));
          g_assert_cmpuint (vars.rcv_nxt - before.rcv_nxt, ==, len);
          n_data++;
          continue;
        }

      if (ev->kind != SEQACK_EVENT_SEGMENT ||
          (ev->flags & SEQACK_TCP_RST) ||
          (ev->marks & SEQACK_MARK_RETRANSMISSION))
        continue;

      g_assert_true (seqack_trace_get_vars (trace, i, ev->side, &vars));
      g_assert_cmpuint (vars.snd_nxt, ==,
                        ev->seq + ev->number +
                        ((ev->flags & SEQACK_TCP_SYN) ? 1 : 0) +
                        ((ev->flags & SEQACK_TCP_FIN) ? 1 : 0));
      n_new++;
      if (i + 1 < seqack_trace_get_n_events (trace) &&
          seqack_trace_get_event (trace, i + 1)->side == ev->side &&
          seqack_trace_get_event (trace, i + 1)->t == ev->t)
        n_followed++;
    }

  /* SYN, SYN,ACK, the ACK, 3 data, their ACKs, "bye"+FIN... */
  g_assert_cmpuint (n_new, >=, 10);
  g_assert_cmpuint (n_followed, >=, 3);
  g_assert_cmpuint (n_data, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/prng/same-seed-same-trace",
                   test_same_seed_same_trace);
  g_test_add_func ("/lab/prng/different-seeds", test_different_seeds);
  g_test_add_func ("/lab/hosts/endpoints-and-packets",
                   test_endpoints_and_packets);
  g_test_add_func ("/lab/hosts/fixed-client-port", test_fixed_client_port);
  g_test_add_func ("/lab/wire/total-loss-gives-up",
                   test_total_loss_gives_up);
  g_test_add_func ("/lab/wire/loss-rate-half", test_loss_rate_half);
  g_test_add_func ("/lab/wire/set-latency", test_set_latency);
  g_test_add_func ("/lab/wire/delay-next", test_delay_next_reorders);
  g_test_add_func ("/lab/clock/set-msl", test_set_msl);
  g_test_add_func ("/lab/clock/skip-wait", test_skip_wait);
  g_test_add_func ("/lab/clock/skip-wait-retransmit",
                   test_skip_wait_retransmit);
  g_test_add_func ("/lab/clock/step", test_step);
  g_test_add_func ("/lab/clock/run-until", test_run_until);
  g_test_add_func ("/lab/calls/actions-before-consequences",
                   test_actions_before_consequences);
  g_test_add_func ("/lab/calls/refused", test_refused_calls);
  g_test_add_func ("/lab/calls/second-connection", test_second_connection);
  g_test_add_func ("/lab/reset", test_reset);
  g_test_add_func ("/lab/vars/after-segment", test_vars_after_segment);

  return g_test_run ();
}
