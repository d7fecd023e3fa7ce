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

/* A player on a lab that ran the whole built-in scenario @name. */
static SeqackPlayer *
new_played_scenario (const char *name)
{
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  SeqackPlayer *player = new_player ();

  scenario = seqack_scenario_builtin (name, &error);
  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run (scenario, seqack_player_get_lab (player),
                                      &error));
  g_assert_no_error (error);
  seqack_player_sync (player);

  return player;
}

static SeqackPlayer *
new_played (void)
{
  return new_played_scenario ("hello-goodbye");
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

/* Every step shows one visible change: one segment with the state
 * change of its sender that sent it, or one state change an arrival
 * caused. The server's ESTABLISHED on the handshake's ACK is a step of
 * its own, not shown with the client's first data segment. */
static void
test_step_one_change (void)
{
  g_autoptr(SeqackPlayer) player = new_played ();
  SeqackTrace *trace = seqack_player_get_trace (player);
  gboolean saw_established = FALSE;
  guint steps = 0;

  seqack_player_seek (player, 0);
  while (seqack_player_get_n_shown (player) < n_events (player))
    {
      guint before = seqack_player_get_n_shown (player), after;
      const SeqackEvent *segment = NULL;
      guint n_states = 0;

      g_assert_true (seqack_player_step (player));
      after = seqack_player_get_n_shown (player);
      g_assert_cmpuint (after, >, before);
      g_assert_cmpuint (++steps, <, 100);

      for (guint k = before; k < after; k++)
        {
          const SeqackEvent *ev = seqack_trace_get_event (trace, k);

          if (ev->kind == SEQACK_EVENT_SEGMENT)
            {
              g_assert_null (segment);
              segment = ev;
            }
        }
      for (guint k = before; k < after; k++)
        {
          const SeqackEvent *ev = seqack_trace_get_event (trace, k);

          if (ev->kind != SEQACK_EVENT_STATE)
            continue;
          n_states++;
          if (segment != NULL)
            {
              g_assert_cmpuint (ev->side, ==, segment->side);
              g_assert_cmpint (ev->t, ==, segment->t);
            }
          if (ev->side == SEQACK_SERVER && ev->to == SEQACK_TCP_ESTABLISHED)
            {
              g_assert_null (segment);
              saw_established = TRUE;
            }
        }
      g_assert_cmpuint (n_states, <=, 1);
    }
  g_assert_true (saw_established);
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

/* The first event at or after virtual time @t. */
static guint
event_at (SeqackPlayer *player,
          gint64        t)
{
  SeqackTrace *trace = seqack_player_get_trace (player);

  for (guint i = 0; i < n_events (player); i++)
    if (seqack_trace_get_event (trace, i)->t >= t)
      return i;
  g_assert_not_reached ();
}

/* Plays at 60 frames a second until nothing is left; counts the frames
 * whose picture's time lies strictly inside each of the @n_waits virtual
 * intervals (@from[i], @to[i]), checks that time never runs backwards,
 * and notes the 2MSL countdown in the middle of the last one. */
static void
play_waits (SeqackPlayer *player,
            const gint64 *from,
            const gint64 *to,
            guint        *frames_in,
            guint         n_waits,
            gint64       *mid_countdown)
{
  gint64 frame = SEC (100), last = 0;
  guint frames = 0;

  seqack_player_set_playing (player, TRUE);
  while (seqack_player_advance (player, frame))
    {
      gint64 now = seqack_player_get_time (player);

      g_assert_cmpint (now, >=, last);
      last = now;
      for (guint i = 0; i < n_waits; i++)
        if (now > from[i] && now < to[i])
          frames_in[i]++;
      if (now >= (from[n_waits - 1] + to[n_waits - 1]) / 2 &&
          *mid_countdown < 0)
        *mid_countdown =
          seqack_sequence_layout_get_time_wait_left
            (seqack_player_get_layout (player), SEQACK_CLIENT,
             seqack_player_get_n_shown (player), now);
      frame += SEQACK_USEC_PER_SEC / 60;
      g_assert_cmpuint (++frames, <, 60 * 300);
    }
}

/* lost-final-ack as the Scenarios menu plays it (a recorded run): the
 * restarted 2MSL is paced like the first wait. Both take their true
 * length on screen up to SEQACK_PLAYER_WAIT_SECONDS, the picture's clock
 * runs through them and the countdown is seen, instead of the 60 s
 * passing with the last reveal. */
static void
test_restarted_wait_paced (void)
{
  g_autoptr(SeqackPlayer) player = new_played_scenario ("lost-final-ack");
  SeqackTrace *trace = seqack_player_get_trace (player);
  guint fired = event_at (player, SEC (1));      /* the RTO fires */
  guint closed = event_at (player, SEC (60));    /* 2MSL fires */
  const SeqackEvent *lost = NULL;
  gint64 from[2], to[2], countdown = -1;
  guint frames_in[2] = { 0, 0 };

  for (guint i = fired; i-- > 0 && lost == NULL;)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT)
      lost = seqack_trace_get_event (trace, i);
  /* The first wait: the server's RTO, from when the lost ACK would have
   * arrived; the second: the restarted 2MSL after the server closed. */
  from[0] = lost->t2;
  to[0] = seqack_trace_get_event (trace, fired)->t;
  from[1] = seqack_trace_get_event (trace, closed - 1)->t;
  to[1] = seqack_trace_get_event (trace, closed)->t;
  g_assert_cmpint (to[0] - from[0], <, SEC (1));
  g_assert_cmpint (to[1] - from[1], >, SEC (59));

  seqack_player_seek (player, 0);
  play_waits (player, from, to, frames_in, 2, &countdown);
  g_test_message ("first wait %.3f s of virtual time: %u frames; "
                  "restarted 2MSL: %u frames (60 fps)",
                  (to[0] - from[0]) / 1e6, frames_in[0], frames_in[1]);
  /* The RTO at its true length, the 60 s in SEQACK_PLAYER_WAIT_SECONDS
   * (a frame either way). */
  g_assert_cmpuint (frames_in[0], >=, (to[0] - from[0]) * 60 / SEC (1) - 2);
  g_assert_cmpuint (frames_in[0], <=, (to[0] - from[0]) * 60 / SEC (1) + 2);
  g_assert_cmpuint (frames_in[1], >=, SEQACK_PLAYER_WAIT_SECONDS * 60 - 2);
  g_assert_cmpuint (frames_in[1], <=, SEQACK_PLAYER_WAIT_SECONDS * 60 + 2);
  /* Half way through, the countdown reads about 30 s. */
  g_assert_cmpint (countdown, >, SEC (28));
  g_assert_cmpint (countdown, <, SEC (32));
  g_assert_cmpuint (seqack_player_get_n_shown (player), ==,
                    n_events (player));

  /* At 2× the wait takes half as long. */
  frames_in[1] = 0;
  countdown = -1;
  seqack_player_seek (player, closed - 1);
  seqack_player_set_speed (player, 2.0);
  play_waits (player, from + 1, to + 1, frames_in + 1, 1, &countdown);
  g_assert_cmpuint (frames_in[1], >=, SEQACK_PLAYER_WAIT_SECONDS * 30 - 2);
  g_assert_cmpuint (frames_in[1], <=, SEQACK_PLAYER_WAIT_SECONDS * 30 + 2);
}

/* The same run made live with the buttons: its waits are paced as the
 * recorded ones are, not at one virtual second per screen second. */
static void
test_live_wait_paced (void)
{
  g_autoptr(SeqackPlayer) player = new_player ();
  SeqackLab *lab = seqack_player_get_lab (player);
  SeqackTrace *trace = seqack_player_get_trace (player);
  g_autoptr(GError) error = NULL;
  gint64 from[1], to[1], countdown = -1;
  guint frames_in[1] = { 0 };
  guint steps = 0;
  static const struct { SeqackSide side; SeqackAction action; } script[] = {
    { SEQACK_SERVER, SEQACK_ACTION_LISTEN },
    { SEQACK_CLIENT, SEQACK_ACTION_CONNECT },
    { SEQACK_CLIENT, SEQACK_ACTION_CLOSE },
    { SEQACK_CLIENT, SEQACK_ACTION_DROP_NEXT },
    { SEQACK_SERVER, SEQACK_ACTION_CLOSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (script); i++)
    {
      g_assert_true (seqack_player_perform (player, script[i].side,
                                            script[i].action, 0, NULL,
                                            &error));
      while (seqack_player_can_step (player))
        {
          g_assert_true (seqack_player_step (player));
          g_assert_cmpuint (++steps, <, 60);
        }
    }
  /* The lost ACK: the client is in TIME-WAIT, the server waits for its
   * RTO. Play through the resent FIN and the restarted 2MSL. */
  g_assert_cmpint (seqack_player_get_shown_state (player, SEQACK_CLIENT,
                                                  NULL, NULL),
                   ==, SEQACK_TCP_TIME_WAIT);
  from[0] = SEC (2);
  to[0] = SEC (60);
  play_waits (player, from, to, frames_in, 1, &countdown);
  g_assert_cmpint (seqack_player_get_shown_state (player, SEQACK_CLIENT,
                                                  NULL, NULL),
                   ==, SEQACK_TCP_CLOSED);
  /* The restart's 2MSL ran for 60 s from about 1.1 s: the frames inside
   * [2 s, 60 s] are that share of SEQACK_PLAYER_WAIT_SECONDS. */
  g_assert_cmpint (seqack_trace_get_event (trace, n_events (player) - 1)->t,
                   >, SEC (61));
  g_test_message ("live restarted 2MSL, 58 of its 60 s: %u frames",
                  frames_in[0]);
  g_assert_cmpuint (frames_in[0], >=, SEQACK_PLAYER_WAIT_SECONDS * 58 - 3);
  g_assert_cmpuint (frames_in[0], <=, SEQACK_PLAYER_WAIT_SECONDS * 58 + 3);
  g_assert_cmpint (countdown, >, SEC (25));
  g_assert_cmpint (countdown, <, SEC (35));
  g_assert_cmpint (seqack_lab_get_now (lab), >=, SEC (61));
}

/* The trace's events, to compare with a later one. */
static GArray *
copy_events (SeqackPlayer *player)
{
  SeqackTrace *trace = seqack_player_get_trace (player);
  GArray *events = g_array_new (FALSE, FALSE, sizeof (SeqackEvent));

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    g_array_append_vals (events, seqack_trace_get_event (trace, i), 1);
  return events;
}

static void
assert_events (SeqackPlayer *player,
               GArray       *events)
{
  SeqackTrace *trace = seqack_player_get_trace (player);

  g_assert_cmpuint (seqack_trace_get_n_events (trace), ==, events->len);
  for (guint i = 0; i < events->len; i++)
    {
      const SeqackEvent *a = &g_array_index (events, SeqackEvent, i);
      const SeqackEvent *b = seqack_trace_get_event (trace, i);

      g_assert_cmpint (a->t, ==, b->t);
      g_assert_cmpuint (a->kind, ==, b->kind);
      g_assert_cmpuint (a->side, ==, b->side);
      g_assert_cmpuint (a->seq, ==, b->seq);
      g_assert_cmpuint (a->ack, ==, b->ack);
      g_assert_cmpuint (a->flags, ==, b->flags);
      g_assert_cmpuint (a->fate, ==, b->fate);
      g_assert_cmpuint (a->from, ==, b->from);
      g_assert_cmpuint (a->to, ==, b->to);
    }
}

static void
perform_ok (SeqackPlayer *player,
            SeqackSide    side,
            SeqackAction  action)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (seqack_player_perform (player, side, action, 0, NULL,
                                        &error));
  g_assert_no_error (error);
}

static void
step_all (SeqackPlayer *player)
{
  for (guint steps = 0; seqack_player_can_step (player); steps++)
    {
      g_assert_cmpuint (steps, <, 40);
      seqack_player_step (player);
    }
}

/* A teacher presses Drop next and Close by mistake: undo gives the
 * picture before them back, exactly; redo makes them again. */
static void
test_undo_redo (void)
{
  g_autoptr(SeqackPlayer) player = new_player ();
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now_before;

  g_assert_false (seqack_player_can_undo (player));
  perform_ok (player, SEQACK_SERVER, SEQACK_ACTION_LISTEN);
  perform_ok (player, SEQACK_CLIENT, SEQACK_ACTION_CONNECT);
  step_all (player);
  g_assert_cmpint (seqack_player_get_shown_state (player, SEQACK_CLIENT,
                                                  NULL, NULL),
                   ==, SEQACK_TCP_ESTABLISHED);
  before = copy_events (player);
  now_before = seqack_lab_get_now (seqack_player_get_lab (player));

  perform_ok (player, SEQACK_CLIENT, SEQACK_ACTION_DROP_NEXT);
  perform_ok (player, SEQACK_CLIENT, SEQACK_ACTION_CLOSE);
  step_all (player);
  g_assert_cmpuint (n_events (player), >, before->len);
  after = copy_events (player);

  g_assert_true (seqack_player_can_undo (player));
  g_assert_false (seqack_player_can_redo (player));
  g_assert_true (seqack_player_undo (player, &error));
  g_assert_no_error (error);
  g_assert_true (seqack_player_undo (player, &error));
  g_assert_no_error (error);

  assert_events (player, before);
  g_assert_cmpint (seqack_lab_get_now (seqack_player_get_lab (player)), ==,
                   now_before);
  /* All of it shown, at rest, the last segment selected. */
  g_assert_cmpuint (seqack_player_get_n_shown (player), ==, before->len);
  g_assert_cmpfloat (seqack_player_get_flight (player), ==, 1.0);
  g_assert_false (seqack_player_get_playing (player));
  g_assert_cmpuint (seqack_player_get_selected (player), ==,
                    last_segment_before (player, before->len));
  g_assert_cmpint (seqack_player_get_shown_state (player, SEQACK_CLIENT,
                                                  NULL, NULL),
                   ==, SEQACK_TCP_ESTABLISHED);

  /* Redo both and play on: the run the mistake made. */
  g_assert_true (seqack_player_can_redo (player));
  g_assert_true (seqack_player_redo (player, &error));
  g_assert_true (seqack_player_redo (player, &error));
  g_assert_no_error (error);
  g_assert_false (seqack_player_can_redo (player));
  step_all (player);
  assert_events (player, after);

  /* A lesson resets the lab in place: the session no longer says what
   * the lab holds, so there is nothing to undo. */
  seqack_lab_reset (seqack_player_get_lab (player));
  seqack_player_reset (player,
                       seqack_session_new (7, 20000, 0.0, SEC (30)), NULL);
  perform_ok (player, SEQACK_SERVER, SEQACK_ACTION_LISTEN);
  g_assert_false (seqack_player_can_undo (player));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/player/step-stops-before-wait",
                   test_step_stops_before_wait);
  g_test_add_func ("/ui/player/step", test_step);
  g_test_add_func ("/ui/player/step-one-change", test_step_one_change);
  g_test_add_func ("/ui/player/back", test_back);
  g_test_add_func ("/ui/player/seek", test_seek);
  g_test_add_func ("/ui/player/show-all", test_show_all);
  g_test_add_func ("/ui/player/advance", test_advance);
  g_test_add_func ("/ui/player/limit", test_limit);
  g_test_add_func ("/ui/player/reset", test_reset);
  g_test_add_func ("/ui/player/notify", test_notify);
  g_test_add_func ("/ui/player/restarted-wait-paced",
                   test_restarted_wait_paced);
  g_test_add_func ("/ui/player/live-wait-paced", test_live_wait_paced);
  g_test_add_func ("/ui/player/undo-redo", test_undo_redo);

  return g_test_run ();
}
