/* seqack-player.c: playback of a lab run, without widgets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "seqack-player.h"

/* Virtual time a played wait may skip in one frame (avoids huge jumps
 * after the window was hidden). */
#define MAX_FRAME_USEC (SEQACK_USEC_PER_SEC / 5)
/* A wait longer than this (virtual time) is one a person should see
 * coming: Step stops before it and Skip Wait is the jump. Flights over
 * the wire are never waits; retransmission (1 s), FIN-WAIT-2 and 2MSL
 * (60 s) timers are. */
#define LONG_WAIT_USEC (SEQACK_USEC_PER_SEC / 2)

struct _SeqackPlayer
{
  GObject               parent_instance;

  SeqackSession        *session;
  SeqackLab            *lab;
  SeqackSequenceLayout *layout;

  guint                 n_shown;
  guint                 limit;
  guint                 selected;
  double                flight;
  double                speed;
  gboolean              playing;
  gint64                hold_until;  /* frame time of the next auto step */
  gint64                last_frame;  /* 0: the clock has not started */
};

enum {
  PROP_0,
  PROP_LAB,
  PROP_LAYOUT,
  PROP_N_SHOWN,
  PROP_N_SHOWABLE,
  PROP_LIMIT,
  PROP_SELECTED,
  PROP_FLIGHT,
  PROP_PLAYING,
  PROP_SPEED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SeqackPlayer, seqack_player, G_TYPE_OBJECT)

static guint
n_events (SeqackPlayer *self)
{
  return seqack_trace_get_n_events (seqack_lab_get_trace (self->lab));
}

static guint
n_showable (SeqackPlayer *self)
{
  return MIN (n_events (self), self->limit);
}

/* Setters that notify only on a real change. */

static void
set_n_shown (SeqackPlayer *self,
             guint         n)
{
  if (n == self->n_shown)
    return;
  self->n_shown = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SHOWN]);
}

static void
set_selected (SeqackPlayer *self,
              guint         selected)
{
  if (selected == self->selected)
    return;
  self->selected = selected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
set_flight (SeqackPlayer *self,
            double        flight)
{
  if (flight == self->flight)
    return;
  self->flight = flight;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLIGHT]);
}

/* Selects the last segment shown: what a step would have selected. */
static void
select_last_segment (SeqackPlayer *self)
{
  SeqackTrace *trace = seqack_lab_get_trace (self->lab);
  guint selected = SEQACK_NO_EVENT;

  for (guint k = self->n_shown; k-- > 0;)
    if (seqack_trace_get_event (trace, k)->kind == SEQACK_EVENT_SEGMENT)
      {
        selected = k;
        break;
      }
  set_selected (self, selected);
}

/* Lays out what the lab appended, keeps n-shown and the selection inside
 * what may be shown, and tells the views. Every operation ends here. */
static void
changed (SeqackPlayer *self)
{
  guint showable;

  seqack_sequence_layout_update (self->layout);
  showable = n_showable (self);
  if (self->n_shown > showable)
    set_n_shown (self, showable);
  if (self->selected != SEQACK_NO_EVENT && self->selected >= self->n_shown)
    set_selected (self, SEQACK_NO_EVENT);
  /* The trace grows with every lab step: n-showable changes more often
   * than anything else, and only the scrubber's range reads it. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SHOWABLE]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Reveals everything up to and including the next segment (or, with no
 * segment left, the rest). With @animate the segment flies. FALSE when
 * there was nothing to reveal. */
static gboolean
reveal_next (SeqackPlayer *self,
             gboolean      animate)
{
  SeqackTrace *trace = seqack_lab_get_trace (self->lab);
  guint n = n_showable (self);
  guint segment = G_MAXUINT;
  guint j;

  if (self->n_shown >= n)
    return FALSE;

  for (j = self->n_shown; j < n; j++)
    if (seqack_trace_get_event (trace, j)->kind == SEQACK_EVENT_SEGMENT)
      {
        segment = j;
        break;
      }
  set_n_shown (self, MIN (j + 1, n));

  if (segment != G_MAXUINT)
    {
      set_selected (self, segment);
      set_flight (self, animate ? 0.0 : 1.0);
    }
  else
    set_flight (self, 1.0);
  self->hold_until = 0;

  return TRUE;
}

/* The pause after a reveal, shorter at higher speeds. */
static gint64
pause_until (SeqackPlayer *self,
             gint64        frame_time)
{
  return frame_time + (gint64) (SEQACK_PLAYER_PAUSE_SECONDS / self->speed
                                * SEQACK_USEC_PER_SEC);
}

/* Runs */

void
seqack_player_reset (SeqackPlayer  *self,
                     SeqackSession *session,
                     SeqackLab     *lab)
{
  SeqackSession *old_session;
  SeqackLab *old_lab = NULL;
  SeqackSequenceLayout *old_layout;

  g_return_if_fail (SEQACK_IS_PLAYER (self));
  g_return_if_fail (session != NULL);
  g_return_if_fail (lab != NULL || self->lab != NULL);

  g_object_freeze_notify (G_OBJECT (self));

  old_session = self->session;
  self->session = session;
  if (lab != NULL && lab != self->lab)
    {
      old_lab = self->lab;
      self->lab = lab;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAB]);
    }
  old_layout = self->layout;
  self->layout = seqack_sequence_layout_new (seqack_lab_get_trace (self->lab));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);

  set_n_shown (self, 0);
  set_selected (self, SEQACK_NO_EVENT);
  set_flight (self, 1.0);
  if (self->limit != G_MAXUINT)
    {
      self->limit = G_MAXUINT;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMIT]);
    }
  self->hold_until = 0;

  /* Listeners of lab and layout let go of the old ones here. */
  g_object_thaw_notify (G_OBJECT (self));

  g_clear_pointer (&old_layout, seqack_sequence_layout_free);
  g_clear_pointer (&old_lab, seqack_lab_free);
  g_clear_pointer (&old_session, seqack_session_free);

  changed (self);
}

/* Moving through the trace */

gboolean
seqack_player_step (SeqackPlayer *self)
{
  gboolean revealed;

  g_return_val_if_fail (SEQACK_IS_PLAYER (self), FALSE);

  if (self->n_shown >= n_showable (self))
    {
      /* A lesson's pending question holds the lab where it is, and a
       * long wait is Skip Wait's to jump, not one Step too many. */
      if (self->limit != G_MAXUINT || seqack_player_waits (self, NULL) ||
          !seqack_lab_step (self->lab))
        {
          changed (self);
          return FALSE;
        }
      seqack_sequence_layout_update (self->layout);
    }

  revealed = reveal_next (self, TRUE);
  changed (self);

  return revealed;
}

void
seqack_player_back (SeqackPlayer *self)
{
  SeqackTrace *trace;
  guint j;

  g_return_if_fail (SEQACK_IS_PLAYER (self));

  if (self->n_shown == 0)
    return;

  /* Back to just after the segment before the last shown one. */
  trace = seqack_lab_get_trace (self->lab);
  for (j = self->n_shown - 1; j > 0; j--)
    if (seqack_trace_get_event (trace, j - 1)->kind == SEQACK_EVENT_SEGMENT)
      break;
  seqack_player_seek (self, j);
}

void
seqack_player_seek (SeqackPlayer *self,
                    guint         n)
{
  g_return_if_fail (SEQACK_IS_PLAYER (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_n_shown (self, MIN (n, n_showable (self)));
  set_flight (self, 1.0);
  select_last_segment (self);
  seqack_player_set_playing (self, FALSE);
  changed (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
seqack_player_show_all (SeqackPlayer *self)
{
  g_return_if_fail (SEQACK_IS_PLAYER (self));

  seqack_sequence_layout_update (self->layout);
  seqack_player_seek (self, n_showable (self));
}

gboolean
seqack_player_show_until_state (SeqackPlayer   *self,
                                SeqackTcpState  state)
{
  SeqackTrace *trace;
  guint n;

  g_return_val_if_fail (SEQACK_IS_PLAYER (self), FALSE);

  trace = seqack_lab_get_trace (self->lab);
  n = n_events (self);
  for (guint i = 0; i < n; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_STATE && ev->to == state)
        {
          /* As a step would show it: up to the segment it sends. */
          set_n_shown (self, i);
          reveal_next (self, FALSE);
          seqack_player_seek (self, self->n_shown);
          return TRUE;
        }
    }

  return FALSE;
}

void
seqack_player_sync (SeqackPlayer *self)
{
  g_return_if_fail (SEQACK_IS_PLAYER (self));

  changed (self);
}

void
seqack_player_set_limit (SeqackPlayer *self,
                         guint         limit)
{
  guint before;

  g_return_if_fail (SEQACK_IS_PLAYER (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (limit != self->limit)
    {
      self->limit = limit;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMIT]);
    }
  seqack_sequence_layout_update (self->layout);
  seqack_player_set_playing (self, FALSE);

  /* The lesson moved on: show what it allows. */
  before = self->n_shown;
  set_n_shown (self, n_showable (self));
  set_flight (self, 1.0);
  if (self->n_shown != before)
    select_last_segment (self);
  changed (self);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
seqack_player_perform (SeqackPlayer  *self,
                       SeqackSide     side,
                       SeqackAction   action,
                       gint64         number,
                       const char    *text,
                       GError       **error)
{
  guint before;

  g_return_val_if_fail (SEQACK_IS_PLAYER (self), FALSE);

  set_n_shown (self, n_showable (self));
  set_flight (self, 1.0);
  before = n_events (self);

  if (!seqack_session_perform (self->session, self->lab, side, action,
                               number, text, error))
    {
      changed (self);
      return FALSE;
    }

  seqack_sequence_layout_update (self->layout);
  if (n_events (self) > before)
    reveal_next (self, TRUE);
  changed (self);

  return TRUE;
}

/* The frame clock */

gboolean
seqack_player_waits (SeqackPlayer *self,
                     gint64       *until)
{
  gint64 next;

  g_return_val_if_fail (SEQACK_IS_PLAYER (self), FALSE);

  if (self->n_shown < n_showable (self) || self->limit != G_MAXUINT ||
      seqack_lab_get_n_in_flight (self->lab) > 0)
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

  return self->n_shown < n_showable (self) ||
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
      gint64 target = now + (gint64) (MIN (frame_usec, MAX_FRAME_USEC)
                                      * self->speed);

      if (target < next)
        {
          seqack_lab_run_until (self->lab, target);
          changed (self);
          return;
        }
    }

  if (seqack_lab_step (self->lab))
    {
      seqack_sequence_layout_update (self->layout);
      reveal_next (self, TRUE);
    }
  changed (self);
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
      set_flight (self, flight);
      return TRUE;
    }

  if (!seqack_player_wants_frames (self))
    {
      self->last_frame = 0;
      return FALSE;
    }

  if (frame_time < self->hold_until)
    return TRUE;

  if (self->n_shown < n_showable (self))
    {
      reveal_next (self, TRUE);
      if (self->flight >= 1.0)
        self->hold_until = pause_until (self, frame_time);
      changed (self);
    }
  else if (self->limit == G_MAXUINT)
    play_lab (self, dt);

  return TRUE;
}

/* Getters and setters */

SeqackSession *
seqack_player_get_session (SeqackPlayer *self)
{
  g_return_val_if_fail (SEQACK_IS_PLAYER (self), NULL);
  return self->session;
}

SeqackLab *
seqack_player_get_lab (SeqackPlayer *self)
{
  g_return_val_if_fail (SEQACK_IS_PLAYER (self), NULL);
  return self->lab;
}

SeqackSequenceLayout *
seqack_player_get_layout (SeqackPlayer *self)
{
  g_return_val_if_fail (SEQACK_IS_PLAYER (self), NULL);
  return self->layout;
}

SeqackTrace *
seqack_player_get_trace (SeqackPlayer *self)
{
  g_return_val_if_fail (SEQACK_IS_PLAYER (self), NULL);
  return seqack_lab_get_trace (self->lab);
}

guint
seqack_player_get_n_shown (SeqackPlayer *self)
{
  g_return_val_if_fail (SEQACK_IS_PLAYER (self), 0);
  return self->n_shown;
}

guint
seqack_player_get_n_showable (SeqackPlayer *self)
{
  g_return_val_if_fail (SEQACK_IS_PLAYER (self), 0);
  return n_showable (self);
}

guint
seqack_player_get_limit (SeqackPlayer *self)
{
  g_return_val_if_fail (SEQACK_IS_PLAYER (self), G_MAXUINT);
  return self->limit;
}

guint
seqack_player_get_selected (SeqackPlayer *self)
{
  g_return_val_if_fail (SEQACK_IS_PLAYER (self), SEQACK_NO_EVENT);
  return self->selected;
}

void
seqack_player_set_selected (SeqackPlayer *self,
                            guint         selected)
{
  g_return_if_fail (SEQACK_IS_PLAYER (self));

  if (selected != SEQACK_NO_EVENT && selected >= self->n_shown)
    selected = SEQACK_NO_EVENT;
  set_selected (self, selected);
}

double
seqack_player_get_flight (SeqackPlayer *self)
{
  g_return_val_if_fail (SEQACK_IS_PLAYER (self), 1.0);
  return self->flight;
}

gboolean
seqack_player_get_playing (SeqackPlayer *self)
{
  g_return_val_if_fail (SEQACK_IS_PLAYER (self), FALSE);
  return self->playing;
}

void
seqack_player_set_playing (SeqackPlayer *self,
                           gboolean      playing)
{
  g_return_if_fail (SEQACK_IS_PLAYER (self));

  playing = !!playing;
  if (playing == self->playing)
    return;
  self->playing = playing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

double
seqack_player_get_speed (SeqackPlayer *self)
{
  g_return_val_if_fail (SEQACK_IS_PLAYER (self), 1.0);
  return self->speed;
}

void
seqack_player_set_speed (SeqackPlayer *self,
                         double        speed)
{
  g_return_if_fail (SEQACK_IS_PLAYER (self));

  speed = CLAMP (speed, 0.25, 8.0);
  if (speed == self->speed)
    return;
  self->speed = speed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

gint64
seqack_player_get_time (SeqackPlayer *self)
{
  g_return_val_if_fail (SEQACK_IS_PLAYER (self), 0);

  if (self->n_shown >= n_events (self))
    return seqack_lab_get_now (self->lab);
  /* A lesson question holds the picture at the moment of the event it
   * hides: what arrived by then is drawn arrived (seqack-lesson-run.h). */
  if (self->n_shown == self->limit)
    return seqack_trace_get_event (seqack_lab_get_trace (self->lab),
                                   self->limit)->t;
  if (self->n_shown == 0)
    return 0;
  return seqack_trace_get_event (seqack_lab_get_trace (self->lab),
                                 self->n_shown - 1)->t;
}

SeqackTcpState
seqack_player_get_shown_state (SeqackPlayer   *self,
                               SeqackSide      side,
                               SeqackTcpEdge  *edge,
                               SeqackTcpState *edge_from)
{
  SeqackTcpState state = SEQACK_TCP_CLOSED;
  SeqackTcpEdge e = SEQACK_TCP_EDGE_NONE;
  SeqackTcpState from = SEQACK_TCP_N_STATES;
  guint event;

  g_return_val_if_fail (SEQACK_IS_PLAYER (self), SEQACK_TCP_CLOSED);

  event = seqack_sequence_layout_last_state_event (self->layout, side,
                                                   self->n_shown);
  if (event != SEQACK_NO_EVENT)
    {
      const SeqackEvent *ev =
        seqack_trace_get_event (seqack_lab_get_trace (self->lab), event);

      state = ev->to;
      e = ev->edge;
      from = ev->from;
    }
  if (edge != NULL)
    *edge = e;
  if (edge_from != NULL)
    *edge_from = from;

  return state;
}

/* GObject */

static void
seqack_player_finalize (GObject *object)
{
  SeqackPlayer *self = SEQACK_PLAYER (object);

  g_clear_pointer (&self->layout, seqack_sequence_layout_free);
  g_clear_pointer (&self->lab, seqack_lab_free);
  g_clear_pointer (&self->session, seqack_session_free);

  G_OBJECT_CLASS (seqack_player_parent_class)->finalize (object);
}

static void
seqack_player_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SeqackPlayer *self = SEQACK_PLAYER (object);

  switch (prop_id)
    {
    case PROP_LAB:
      g_value_set_pointer (value, self->lab);
      break;
    case PROP_LAYOUT:
      g_value_set_pointer (value, self->layout);
      break;
    case PROP_N_SHOWN:
      g_value_set_uint (value, self->n_shown);
      break;
    case PROP_N_SHOWABLE:
      g_value_set_uint (value, self->lab != NULL ? n_showable (self) : 0);
      break;
    case PROP_LIMIT:
      g_value_set_uint (value, self->limit);
      break;
    case PROP_SELECTED:
      g_value_set_uint (value, self->selected);
      break;
    case PROP_FLIGHT:
      g_value_set_double (value, self->flight);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seqack_player_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SeqackPlayer *self = SEQACK_PLAYER (object);

  switch (prop_id)
    {
    case PROP_N_SHOWN:
      if (g_value_get_uint (value) != self->n_shown)
        seqack_player_seek (self, g_value_get_uint (value));
      break;
    case PROP_LIMIT:
      seqack_player_set_limit (self, g_value_get_uint (value));
      break;
    case PROP_SELECTED:
      seqack_player_set_selected (self, g_value_get_uint (value));
      break;
    case PROP_PLAYING:
      seqack_player_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_SPEED:
      seqack_player_set_speed (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seqack_player_class_init (SeqackPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = seqack_player_finalize;
  object_class->get_property = seqack_player_get_property;
  object_class->set_property = seqack_player_set_property;

  /* The SeqackLab and SeqackSequenceLayout (plain structs, owned). */
  properties[PROP_LAB] = g_param_spec_pointer ("lab", NULL, NULL, ro);
  properties[PROP_LAYOUT] = g_param_spec_pointer ("layout", NULL, NULL, ro);
  /* Setting n-shown seeks. */
  properties[PROP_N_SHOWN] =
    g_param_spec_uint ("n-shown", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_N_SHOWABLE] =
    g_param_spec_uint ("n-showable", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_LIMIT] =
    g_param_spec_uint ("limit", NULL, NULL, 0, G_MAXUINT, G_MAXUINT, rw);
  properties[PROP_SELECTED] =
    g_param_spec_uint ("selected", NULL, NULL, 0, G_MAXUINT,
                       SEQACK_NO_EVENT, rw);
  properties[PROP_FLIGHT] =
    g_param_spec_double ("flight", NULL, NULL, 0.0, 1.0, 1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE, rw);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0.25, 8.0, 1.0, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SeqackPlayer::changed:
   *
   * The trace, the lab's clock or what is shown changed: views read
   * them again. A flight that only moves notifies "flight" alone.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
seqack_player_init (SeqackPlayer *self)
{
  self->limit = G_MAXUINT;
  self->selected = SEQACK_NO_EVENT;
  self->flight = 1.0;
  self->speed = 1.0;
}

SeqackPlayer *
seqack_player_new (SeqackSession *session,
                   SeqackLab     *lab)
{
  SeqackPlayer *self;

  g_return_val_if_fail (session != NULL, NULL);
  g_return_val_if_fail (lab != NULL, NULL);

  self = g_object_new (SEQACK_TYPE_PLAYER, NULL);
  self->session = session;
  self->lab = lab;
  self->layout = seqack_sequence_layout_new (seqack_lab_get_trace (lab));

  return self;
}
