/* test-ui-player.c: the window's playback, without a display.
 *
 * The player is the window's model of time: these tests step, go back,
 * seek and play a real lab run and check what the picture would show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "seqack-player.h"
#include "seqack-scenario.h"

#define SEC(x) ((gint64) ((x) * SEQACK_USEC_PER_SEC))

static SeqackPlayer *
new_player (void)
{
  SeqackSession *session = seqack_session_new (7, 20000, 0.0,
                                               SEC (30));
  SeqackLabConfig config;

  seqack_session_get_config (session, &config);
  return seqack_player_new (session, seqack_lab_new (&config));
}

/* A player on a lab that ran the whole hello-goodbye scenario. */
static SeqackPlayer *
new_played (void)
{
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  SeqackPlayer *player = new_player ();

  scenario = seqack_scenario_builtin ("hello-goodbye", &error);
  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run (scenario, seqack_player_get_lab (player),
                                      &error));
  g_assert_no_error (error);
  seqack_player_sync (player);

  return player;
}

static guint
last_segment_before (SeqackPlayer *player,
                     guint         n)
{
  SeqackTrace *trace = seqack_player_get_trace (player);

  for (guint k = n; k-- > 0;)
    if (seqack_trace_get_event (trace, k)->kind == SEQACK_EVENT_SEGMENT)
      return k;
  return SEQACK_NO_EVENT;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static guint
n_events (SeqackPlayer *player)
{
  return seqack_trace_get_n_events (seqack_player_get_trace (player));
}

/* A step shows up to and including the next segment, which flies; at
 * the end of the trace a step runs the lab. */
static void
test_step (void)
{
  g_autoptr(SeqackPlayer) player = new_player ();
  SeqackTrace *trace = seqack_player_get_trace (player);
  g_autoptr(GError) error = NULL;
  guint n, steps = 0;

  g_assert_true (seqack_player_perform (player, SEQACK_SERVER,
                                        SEQACK_ACTION_LISTEN, 0, NULL,
                                        &error));
  /* No segment: everything shows at rest. */
  g_assert_cmpuint (seqack_player_get_n_shown (player), ==,
                    n_events (player));
  g_assert_cmpfloat (seqack_player_get_flight (player), ==, 1.0);
  g_assert_cmpint (seqack_player_get_shown_state (player, SEQACK_SERVER,
                                                  NULL, NULL),
                   ==, SEQACK_TCP_LISTEN);

  g_assert_true (seqack_player_perform (player, SEQACK_CLIENT,
                                        SEQACK_ACTION_CONNECT, 0, NULL,
                                        &error));
  n = seqack_player_get_n_shown (player);
  g_assert_cmpuint (n, >, 0);
  /* The SYN is the last thing shown, selected, and about to fly. */
  g_assert_cmpint (seqack_trace_get_event (trace, n - 1)->kind, ==,
                   SEQACK_EVENT_SEGMENT);
  g_assert_cmpuint (seqack_player_get_selected (player), ==, n - 1);
  g_assert_cmpfloat (seqack_player_get_flight (player), ==, 0.0);
  g_assert_cmpint (seqack_player_get_shown_state (player, SEQACK_CLIENT,
                                                  NULL, NULL),
                   ==, SEQACK_TCP_SYN_SENT);

  /* Step until both are ESTABLISHED: the lab runs as the picture asks. */
  while (seqack_player_get_shown_state (player, SEQACK_CLIENT, NULL, NULL)
           != SEQACK_TCP_ESTABLISHED ||
         seqack_player_get_shown_state (player, SEQACK_SERVER, NULL, NULL)
           != SEQACK_TCP_ESTABLISHED)
    {
      guint before = seqack_player_get_n_shown (player);

      g_assert_true (seqack_player_step (player));
      g_assert_cmpuint (seqack_player_get_n_shown (player), >, before);
      g_assert_cmpuint (++steps, <, 10);
    }
  g_assert_cmpuint (seqack_player_get_n_shown (player), ==,
                    n_events (player));

  /* Nothing left to run: a step shows nothing new. */
  while (seqack_player_step (player))
    g_assert_cmpuint (++steps, <, 20);
  g_assert_false (seqack_player_has_future (player));
}

/* Back goes to just after the segment before the last one shown, and
 * stops playing. */
static void
test_back (void)
{
  g_autoptr(SeqackPlayer) player = new_played ();
  guint n, prev;

  seqack_player_show_all (player);
  seqack_player_set_playing (player, TRUE);
  n = seqack_player_get_n_shown (player);
  g_assert_cmpuint (n, ==, n_events (player));

  seqack_player_back (player);
  /* The segment before the last event shown. */
  prev = last_segment_before (player, n - 1);
  g_assert_cmpuint (seqack_player_get_n_shown (player), ==, prev + 1);
  g_assert_cmpuint (seqack_player_get_selected (player), ==, prev);
  g_assert_false (seqack_player_get_playing (player));

  for (guint i = 0; i < 100 && seqack_player_get_n_shown (player) > 0; i++)
    seqack_player_back (player);
  g_assert_cmpuint (seqack_player_get_n_shown (player), ==, 0);
  g_assert_cmpuint (seqack_player_get_selected (player), ==,
                    SEQACK_NO_EVENT);
}

/* Seeking shows a prefix at rest, clamps to what exists, and notifies
 * only when the position really moves. */
static void
test_seek (void)
{
  g_autoptr(SeqackPlayer) player = new_played ();
  guint notified = 0;
  guint n = n_events (player);

  g_signal_connect (player, "notify::n-shown", G_CALLBACK (count_notify),
                    &notified);

  seqack_player_seek (player, n / 2);
  g_assert_cmpuint (seqack_player_get_n_shown (player), ==, n / 2);
  g_assert_cmpuint (seqack_player_get_selected (player), ==,
                    last_segment_before (player, n / 2));
  g_assert_cmpfloat (seqack_player_get_flight (player), ==, 1.0);
  g_assert_cmpuint (notified, ==, 1);
  seqack_player_seek (player, n / 2);
  g_assert_cmpuint (notified, ==, 1);

  seqack_player_seek (player, G_MAXUINT);
  g_assert_cmpuint (seqack_player_get_n_shown (player), ==, n);
  g_assert_cmpuint (notified, ==, 2);

  /* Seeking through the property, as a binding would. */
  g_object_set (player, "n-shown", 0u, NULL);
  g_assert_cmpuint (seqack_player_get_n_shown (player), ==, 0);
  g_assert_cmpuint (seqack_player_get_selected (player), ==,
                    SEQACK_NO_EVENT);
  g_assert_cmpint (seqack_player_get_time (player), ==, 0);
  g_assert_cmpuint (notified, ==, 3);
}

static void
test_show_all (void)
{
  g_autoptr(SeqackPlayer) player = new_played ();
  guint n = n_events (player);

  seqack_player_set_playing (player, TRUE);
  seqack_player_show_all (player);
  g_assert_cmpuint (seqack_player_get_n_shown (player), ==, n);
  g_assert_cmpuint (seqack_player_get_selected (player), ==,
                    last_segment_before (player, n));
  g_assert_false (seqack_player_get_playing (player));
  g_assert_cmpint (seqack_player_get_time (player), ==,
                   seqack_lab_get_now (seqack_player_get_lab (player)));
  /* hello-goodbye ends with the client in TIME-WAIT or CLOSED and the
   * server CLOSED. */
  g_assert_cmpint (seqack_player_get_shown_state (player, SEQACK_SERVER,
                                                  NULL, NULL),
                   ==, SEQACK_TCP_CLOSED);

  g_assert_true (seqack_player_show_until_state (player,
                                                 SEQACK_TCP_FIN_WAIT_1));
  g_assert_cmpint (seqack_player_get_shown_state (player, SEQACK_CLIENT,
                                                  NULL, NULL),
                   ==, SEQACK_TCP_FIN_WAIT_1);
  /* Up to the FIN it sends there. */
  g_assert_cmpuint (seqack_player_get_selected (player), ==,
                    seqack_player_get_n_shown (player) - 1);
  g_assert_false (seqack_player_show_until_state (player,
                                                  SEQACK_TCP_CLOSING));
}

/* The frame clock: a flight takes a second at 1×, half at 2×, and
 * playing runs the whole handshake with nobody pressing a key. */
static void
test_advance (void)
{
  g_autoptr(SeqackPlayer) player = new_player ();
  g_autoptr(GError) error = NULL;
  guint notified = 0;
  gint64 t = SEC (100);
  guint frames = 0;

  g_signal_connect (player, "notify::flight", G_CALLBACK (count_notify),
                    &notified);
  g_assert_false (seqack_player_wants_frames (player));
  g_assert_true (seqack_player_perform (player, SEQACK_SERVER,
                                        SEQACK_ACTION_LISTEN, 0, NULL,
                                        &error));
  g_assert_true (seqack_player_perform (player, SEQACK_CLIENT,
                                        SEQACK_ACTION_CONNECT, 0, NULL,
                                        &error));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (seqack_player_wants_frames (player));

  /* The first frame only starts the clock. */
  g_assert_true (seqack_player_advance (player, t));
  g_assert_cmpfloat (seqack_player_get_flight (player), ==, 0.0);
  g_assert_true (seqack_player_advance (player, t + SEC (0.5)));
  g_assert_cmpfloat_with_epsilon (seqack_player_get_flight (player), 0.5,
                                  1e-9);
  /* Not playing: after the flight lands the clock stops. */
  seqack_player_advance (player, t + SEC (1.5));
  g_assert_cmpfloat (seqack_player_get_flight (player), ==, 1.0);
  g_assert_false (seqack_player_advance (player, t + SEC (1.6)));
  g_assert_cmpuint (notified, ==, 3);

  /* Step until the next segment flies (an arrival alone flies nothing). */
  seqack_player_set_speed (player, 2.0);
  for (guint i = 0; seqack_player_get_flight (player) == 1.0; i++)
    {
      g_assert_true (seqack_player_step (player));
      g_assert_cmpuint (i, <, 10);
    }
  t += SEC (10);
  seqack_player_advance (player, t);
  seqack_player_advance (player, t + SEC (0.25));
  g_assert_cmpfloat_with_epsilon (seqack_player_get_flight (player), 0.5,
                                  1e-9);

  /* Play at 60 frames a second until the handshake is over. */
  seqack_player_set_playing (player, TRUE);
  while (seqack_player_get_shown_state (player, SEQACK_SERVER, NULL, NULL)
           != SEQACK_TCP_ESTABLISHED)
    {
      t += SEQACK_USEC_PER_SEC / 60;
      g_assert_true (seqack_player_advance (player, t));
      g_assert_cmpuint (++frames, <, 60 * 10);
    }
  /* Two more flights at 2× with pauses: more than a second of frames. */
  g_assert_cmpuint (frames, >, 60);
}

/* A lesson question hides what it asks about and holds the lab. */
static void
test_limit (void)
{
  g_autoptr(SeqackPlayer) player = new_played ();
  guint n = n_events (player);
  guint limit = last_segment_before (player, n / 2);

  seqack_player_set_playing (player, TRUE);
  seqack_player_set_limit (player, limit);
  g_assert_false (seqack_player_get_playing (player));
  g_assert_cmpuint (seqack_player_get_n_shown (player), ==, limit);
  g_assert_cmpuint (seqack_player_get_n_showable (player), ==, limit);
  g_assert_false (seqack_player_step (player));
  g_assert_cmpuint (seqack_player_get_n_shown (player), ==, limit);
  g_assert_cmpuint (n_events (player), ==, n);

  seqack_player_set_limit (player, G_MAXUINT);
  g_assert_cmpuint (seqack_player_get_n_shown (player), ==, n);
}

static void
on_layout (SeqackPlayer          *player,
           GParamSpec            *pspec,
           SeqackSequenceLayout **seen)
{
  *seen = seqack_player_get_layout (player);
}

/* One reset for every way a run starts again. */
static void
test_reset (void)
{
  g_autoptr(SeqackPlayer) player = new_played ();
  SeqackLab *lab = seqack_player_get_lab (player);
  SeqackSequenceLayout *seen = NULL;
  SeqackLabConfig config;
  SeqackSession *session;

  seqack_player_show_all (player);
  seqack_player_set_limit (player, 3);
  g_signal_connect (player, "notify::layout", G_CALLBACK (on_layout), &seen);

  /* A lesson reset the lab in place. */
  seqack_lab_reset (lab);
  seqack_player_reset (player, seqack_session_new (8, 20000, 0, SEC (30)),
                       NULL);
  g_assert_true (seqack_player_get_lab (player) == lab);
  g_assert_nonnull (seen);
  g_assert_true (seen == seqack_player_get_layout (player));
  g_assert_cmpuint (seqack_player_get_n_shown (player), ==, 0);
  g_assert_cmpuint (seqack_player_get_limit (player), ==, G_MAXUINT);
  g_assert_cmpuint (seqack_session_get_seed (seqack_player_get_session
                                               (player)), ==, 8);

  /* A new lab. */
  session = seqack_session_new (9, 20000, 0, SEC (30));
  seqack_session_get_config (session, &config);
  seqack_player_reset (player, session, seqack_lab_new (&config));
  g_assert_true (seqack_player_get_lab (player) != lab);
  g_assert_cmpuint (n_events (player), ==, 0);
  g_assert_false (seqack_player_step (player));
}

/* Properties notify on real changes only. */
static void
test_notify (void)
{
  g_autoptr(SeqackPlayer) player = new_player ();
  guint playing = 0, speed = 0;

  g_signal_connect (player, "notify::playing", G_CALLBACK (count_notify),
                    &playing);
  g_signal_connect (player, "notify::speed", G_CALLBACK (count_notify),
                    &speed);
  seqack_player_set_playing (player, TRUE);
  g_object_set (player, "playing", TRUE, NULL);
  g_assert_cmpuint (playing, ==, 1);
  seqack_player_set_speed (player, 100.0);
  g_assert_cmpfloat (seqack_player_get_speed (player), ==, 8.0);
  seqack_player_set_speed (player, 8.0);
  g_assert_cmpuint (speed, ==, 1);
  g_assert_finalize_object (g_steal_pointer (&player));
}

/* Step stops before a long wait: when a segment is lost, one Step too
 * many must not jump the whole retransmission timeout; Skip Wait is the
 * explicit jump. */
static void
test_step_stops_before_wait (void)
{
  g_autoptr(SeqackPlayer) player = new_player ();
  SeqackLab *lab = seqack_player_get_lab (player);
  g_autoptr(GError) error = NULL;
  gint64 until = 0, now;
  guint steps = 0;

  g_assert_true (seqack_player_perform (player, SEQACK_SERVER,
                                        SEQACK_ACTION_LISTEN, 0, NULL,
                                        &error));
  g_assert_true (seqack_player_perform (player, SEQACK_CLIENT,
                                        SEQACK_ACTION_CONNECT, 0, NULL,
                                        &error));
  while (seqack_player_can_step (player))
    {
      g_assert_true (seqack_player_step (player));
      g_assert_cmpuint (++steps, <, 20);
    }
  g_assert_cmpint (seqack_player_get_shown_state (player, SEQACK_SERVER,
                                                  NULL, NULL),
                   ==, SEQACK_TCP_ESTABLISHED);

  /* The client's data is lost: its retransmission timer is the wait. */
  g_assert_true (seqack_player_perform (player, SEQACK_CLIENT,
                                        SEQACK_ACTION_DROP_NEXT, 0, NULL,
                                        &error));
  g_assert_true (seqack_player_perform (player, SEQACK_CLIENT,
                                        SEQACK_ACTION_SEND, 0, "hi",
                                        &error));
  /* Every step shows something new, until the wait. */
  while (seqack_player_can_step (player))
    {
      guint before = seqack_player_get_n_shown (player);

      g_assert_true (seqack_player_step (player));
      g_assert_cmpuint (seqack_player_get_n_shown (player), >, before);
      g_assert_cmpuint (++steps, <, 40);
    }
  g_assert_true (seqack_player_has_future (player));
  g_assert_true (seqack_player_waits (player, &until));
  now = seqack_lab_get_now (lab);
  g_assert_cmpint (until - now, >, SEC (0.5));

  /* A Step here changes nothing, not even the clock. */
  g_assert_false (seqack_player_step (player));
  g_assert_cmpint (seqack_lab_get_now (lab), ==, now);

  /* Skip Wait jumps to the timer. */
  g_assert_true (seqack_player_perform (player, SEQACK_CLIENT,
                                        SEQACK_ACTION_SKIP_WAIT, 0, NULL,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpint (seqack_lab_get_now (lab), >=, until);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/player/step-stops-before-wait",
                   test_step_stops_before_wait);
  g_test_add_func ("/ui/player/step", test_step);
  g_test_add_func ("/ui/player/back", test_back);
  g_test_add_func ("/ui/player/seek", test_seek);
  g_test_add_func ("/ui/player/show-all", test_show_all);
  g_test_add_func ("/ui/player/advance", test_advance);
  g_test_add_func ("/ui/player/limit", test_limit);
  g_test_add_func ("/ui/player/reset", test_reset);
  g_test_add_func ("/ui/player/notify", test_notify);

  return g_test_run ();
}
