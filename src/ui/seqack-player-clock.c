/* seqack-player-clock.c: the player on the frame clock: flights, the
 * pause between reveals, a live lab run, and long waits paced as the
 * diagram's compressed bands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "seqack-player-private.h"

/* The long wait before event @j of the trace, as the lab played it: from
 * when nothing was left in flight after event j - 1 to event j's time
 * (the gap a compressed band stands for). FALSE when the gap is short or
 * a segment was on the wire all through it: a flight is no wait. */
gboolean
_seqack_player_wait_before (SeqackPlayer *self,
                            guint         j,
                            gint64       *from,
                            gint64       *to)
{
  SeqackTrace *trace = seqack_lab_get_trace (self->lab);
  gint64 t, start;

  if (j == 0 || j >= _seqack_player_n_events (self))
    return FALSE;
  t = seqack_trace_get_event (trace, j)->t;
  start = seqack_trace_get_event (trace, j - 1)->t;
  if (t - start <= LONG_WAIT_USEC)
    return FALSE;

  /* Segments still on the wire after event j - 1 push the start of the
   * wait to their arrival (a lost one: when it would have arrived). */
  for (guint k = j; k-- > 0;)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, k);

      if (ev->kind == SEQACK_EVENT_SEGMENT && ev->t2 > start)
        start = ev->t2;
    }
  if (t - start <= LONG_WAIT_USEC)
    return FALSE;
  if (from != NULL)
    *from = start;
  if (to != NULL)
    *to = t;
  return TRUE;
}

/* Starts playing a long wait from @from to @to (virtual time). */
static void
start_wait (SeqackPlayer *self,
            gint64        from,
            gint64        to)
{
  self->wait_n = self->n_shown;
  self->wait_from = from;
  self->wait_to = to;
  self->wait_done = 0.0;
}

/* Moves the wait on by @frame_usec of screen time: a wait takes its true
 * length on screen up to SEQACK_PLAYER_WAIT_SECONDS at 1x, so a 1 s RTO
 * passes in a second and every 60 s 2MSL, the first or a restarted one,
 * in the same few seconds; its countdown runs all the way. Returns the
 * virtual time reached. */
static gint64
run_wait (SeqackPlayer *self,
          gint64        frame_usec)
{
  gint64 length = self->wait_to - self->wait_from;
  double screen = MIN (length, SEQACK_PLAYER_WAIT_SECONDS
                               * SEQACK_USEC_PER_SEC);

  self->wait_done = MIN (1.0, self->wait_done
                              + MIN (frame_usec, MAX_FRAME_USEC)
                                * self->speed / screen);
  return self->wait_from + (gint64) (length * self->wait_done);
}

/* The pause after a reveal, shorter at higher speeds. */
static gint64
pause_until (SeqackPlayer *self,
             gint64        frame_time)
{
  return frame_time + (gint64) (SEQACK_PLAYER_PAUSE_SECONDS / self->speed
                                * SEQACK_USEC_PER_SEC);
}

/* The frame clock */

gboolean
seqack_player_waits (SeqackPlayer *self,
                     gint64       *until)
{
  gint64 next;

  g_return_val_if_fail (SEQACK_IS_PLAYER (self), FALSE);

  if (self->n_shown < _seqack_player_n_showable (self) ||
      self->limit != G_MAXUINT || seqack_lab_get_n_in_flight (self->lab) > 0)
    return FALSE;
  next = seqack_lab_next_event_time (self->lab);
  if (next == SEQACK_NO_DEADLINE ||
      next - seqack_lab_get_now (self->lab) <= LONG_WAIT_USEC)
    return FALSE;
  if (until != NULL)
    *until = next;
  return TRUE;
}

gboolean
seqack_player_can_step (SeqackPlayer *self)
{
  g_return_val_if_fail (SEQACK_IS_PLAYER (self), FALSE);

  return seqack_player_has_future (self) && !seqack_player_waits (self, NULL);
}

gboolean
seqack_player_has_future (SeqackPlayer *self)
{
  g_return_val_if_fail (SEQACK_IS_PLAYER (self), FALSE);

  return self->n_shown < _seqack_player_n_showable (self) ||
         (self->limit == G_MAXUINT &&
          seqack_lab_next_event_time (self->lab) != SEQACK_NO_DEADLINE);
}

gboolean
seqack_player_wants_frames (SeqackPlayer *self)
{
  g_return_val_if_fail (SEQACK_IS_PLAYER (self), FALSE);

  return self->flight < 1.0 ||
         (self->playing && seqack_player_has_future (self));
}

/* One frame of play at the end of the trace: a segment in flight is
 * delivered by stepping the lab; a pending timer is reached by letting
 * virtual time run at the playback speed. */
static void
play_lab (SeqackPlayer *self,
          gint64        frame_usec)
{
  gint64 next = seqack_lab_next_event_time (self->lab);
  gint64 now = seqack_lab_get_now (self->lab);

  if (next == SEQACK_NO_DEADLINE)
    return;

  if (seqack_lab_get_n_in_flight (self->lab) == 0)
    {
      gint64 target;

      /* A long wait is paced as a replayed one is. */
      if (self->wait_n == self->n_shown && self->wait_to == next)
        target = run_wait (self, frame_usec);
      else if (next - now > LONG_WAIT_USEC)
        {
          start_wait (self, now, next);
          target = run_wait (self, frame_usec);
        }
      else
        target = now + (gint64) (MIN (frame_usec, MAX_FRAME_USEC)
                                 * self->speed);

      if (target < next)
        {
          seqack_lab_run_until (self->lab, target);
          _seqack_player_changed (self);
          return;
        }
    }

  if (seqack_lab_step (self->lab))
    {
      seqack_sequence_layout_update (self->layout);
      _seqack_player_reveal_next (self, TRUE);
    }
  _seqack_player_changed (self);
}

gboolean
seqack_player_advance (SeqackPlayer *self,
                       gint64        frame_time)
{
  gint64 dt;

  g_return_val_if_fail (SEQACK_IS_PLAYER (self), FALSE);

  dt = self->last_frame > 0 ? frame_time - self->last_frame : 0;
  self->last_frame = frame_time;

  if (self->flight < 1.0)
    {
      double flight = self->flight + dt / (SEQACK_PLAYER_FLIGHT_SECONDS
                                           * SEQACK_USEC_PER_SEC)
                                     * self->speed;

      if (flight >= 1.0)
        {
          flight = 1.0;
          self->hold_until = pause_until (self, frame_time);
        }
      _seqack_player_set_flight (self, flight);
      return TRUE;
    }

  if (!seqack_player_wants_frames (self))
    {
      self->last_frame = 0;
      return FALSE;
    }

  if (frame_time < self->hold_until)
    return TRUE;

  if (self->n_shown < _seqack_player_n_showable (self))
    {
      gint64 from, to;

      if (self->wait_n != self->n_shown &&
          _seqack_player_wait_before (self, self->n_shown, &from, &to))
        start_wait (self, from, to);
      if (self->wait_n == self->n_shown && self->wait_done < 1.0)
        {
          /* Played before what ends it is shown. */
          run_wait (self, dt);
          _seqack_player_changed (self);
          return TRUE;
        }
      _seqack_player_reveal_next (self, TRUE);
      if (self->flight >= 1.0)
        self->hold_until = pause_until (self, frame_time);
      _seqack_player_changed (self);
    }
  else if (self->limit == G_MAXUINT)
    play_lab (self, dt);

  return TRUE;
}
