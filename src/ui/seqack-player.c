/* seqack-player.c: playback of a lab run, without widgets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "seqack-player-private.h"

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

guint
_seqack_player_n_events (SeqackPlayer *self)
{
  return seqack_trace_get_n_events (seqack_lab_get_trace (self->lab));
}

guint
_seqack_player_n_showable (SeqackPlayer *self)
{
  return MIN (_seqack_player_n_events (self), self->limit);
}

/* Setters that notify only on a real change. */

static void
set_n_shown (SeqackPlayer *self,
             guint         n)
{
  if (n == self->n_shown)
    return;
  self->n_shown = n;
  self->wait_n = G_MAXUINT;
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

void
_seqack_player_set_flight (SeqackPlayer *self,
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
void
_seqack_player_changed (SeqackPlayer *self)
{
  guint showable;

  seqack_sequence_layout_update (self->layout);
  showable = _seqack_player_n_showable (self);
  if (self->n_shown > showable)
    set_n_shown (self, showable);
  if (self->selected != SEQACK_NO_EVENT && self->selected >= self->n_shown)
    set_selected (self, SEQACK_NO_EVENT);
  /* The trace grows with every lab step: n-showable changes more often
   * than anything else, and only the scrubber's range reads it. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SHOWABLE]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* A state change at @j is a step of its own unless the segment it sends
 * follows it: the same end, the same instant, no user action between.
 * Otherwise it came from an arrival (the server's ESTABLISHED on the
 * handshake's ACK), and what follows is the next visible change. */
static gboolean
state_ends_step (SeqackTrace *trace,
                 guint        j,
                 guint        n)
{
  const SeqackEvent *state = seqack_trace_get_event (trace, j);

  for (guint k = j + 1; k < n; k++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, k);

      switch (ev->kind)
        {
        case SEQACK_EVENT_SEGMENT:
          return ev->side != state->side || ev->t != state->t;
        case SEQACK_EVENT_STATE:
        case SEQACK_EVENT_ACTION:
          return TRUE;
        default:
          break;
        }
    }
  return FALSE;
}

/* Reveals one visible change: everything up to and including the next
 * segment, or up to a state change that no segment of its own follows
 * (or, with neither left, the rest), stopping before a long wait. With
 * @animate the segment flies. FALSE when there was nothing to reveal. */
gboolean
_seqack_player_reveal_next (SeqackPlayer *self,
                            gboolean      animate)
{
  SeqackTrace *trace = seqack_lab_get_trace (self->lab);
  guint n = _seqack_player_n_showable (self);
  guint segment = G_MAXUINT;
  guint j;

  if (self->n_shown >= n)
    return FALSE;

  for (j = self->n_shown; j < n; j++)
    {
      /* The wait is played before what follows it is shown. */
      if (j > self->n_shown && _seqack_player_wait_before (self, j, NULL, NULL))
        {
          j--;
          break;
        }
      if (seqack_trace_get_event (trace, j)->kind == SEQACK_EVENT_SEGMENT)
        {
          segment = j;
          break;
        }
      if (seqack_trace_get_event (trace, j)->kind == SEQACK_EVENT_STATE &&
          state_ends_step (trace, j, n))
        break;
    }
  set_n_shown (self, MIN (j + 1, n));

  if (segment != G_MAXUINT)
    {
      set_selected (self, segment);
      _seqack_player_set_flight (self, animate ? 0.0 : 1.0);
    }
  else
    _seqack_player_set_flight (self, 1.0);
  self->hold_until = 0;

  return TRUE;
}

/* Runs */

/* Takes @session (unless it is the current one) and @lab (unless NULL). */
static void
replace_run (SeqackPlayer  *self,
             SeqackSession *session,
             SeqackLab     *lab)
{
  SeqackSession *old_session = NULL;
  SeqackLab *old_lab = NULL;
  SeqackSequenceLayout *old_layout;

  g_object_freeze_notify (G_OBJECT (self));

  if (session != self->session)
    old_session = self->session;
  self->session = session;
  self->replayable = lab != NULL;
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
  self->wait_n = G_MAXUINT;
  set_selected (self, SEQACK_NO_EVENT);
  _seqack_player_set_flight (self, 1.0);
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
}

void
seqack_player_reset (SeqackPlayer  *self,
                     SeqackSession *session,
                     SeqackLab     *lab)
{
  g_return_if_fail (SEQACK_IS_PLAYER (self));
  g_return_if_fail (session != NULL);
  g_return_if_fail (lab != NULL || self->lab != NULL);

  replace_run (self, session, lab);
  _seqack_player_changed (self);
}

/* Moving through the trace */

gboolean
seqack_player_step (SeqackPlayer *self)
{
  gboolean revealed;

  g_return_val_if_fail (SEQACK_IS_PLAYER (self), FALSE);

  if (self->n_shown >= _seqack_player_n_showable (self))
    {
      /* A lesson's pending question holds the lab where it is, and a
       * long wait is Skip Wait's to jump, not one Step too many. */
      if (self->limit != G_MAXUINT || seqack_player_waits (self, NULL) ||
          !seqack_lab_step (self->lab))
        {
          _seqack_player_changed (self);
          return FALSE;
        }
      seqack_sequence_layout_update (self->layout);
    }

  revealed = _seqack_player_reveal_next (self, TRUE);
  _seqack_player_changed (self);

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
  set_n_shown (self, MIN (n, _seqack_player_n_showable (self)));
  _seqack_player_set_flight (self, 1.0);
  select_last_segment (self);
  seqack_player_set_playing (self, FALSE);
  _seqack_player_changed (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
seqack_player_show_all (SeqackPlayer *self)
{
  g_return_if_fail (SEQACK_IS_PLAYER (self));

  seqack_sequence_layout_update (self->layout);
  seqack_player_seek (self, _seqack_player_n_showable (self));
}

gboolean
seqack_player_show_until_state (SeqackPlayer   *self,
                                SeqackTcpState  state)
{
  SeqackTrace *trace;
  guint n;

  g_return_val_if_fail (SEQACK_IS_PLAYER (self), FALSE);

  trace = seqack_lab_get_trace (self->lab);
  n = _seqack_player_n_events (self);
  for (guint i = 0; i < n; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_STATE && ev->to == state)
        {
          /* As a step would show it: up to the segment it sends. */
          set_n_shown (self, i);
          _seqack_player_reveal_next (self, FALSE);
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

  _seqack_player_changed (self);
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
  set_n_shown (self, _seqack_player_n_showable (self));
  _seqack_player_set_flight (self, 1.0);
  if (self->n_shown != before)
    select_last_segment (self);
  _seqack_player_changed (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Before an action: the picture jumps to the present. Returns the
 * events there were. */
static guint
begin_action (SeqackPlayer *self)
{
  set_n_shown (self, _seqack_player_n_showable (self));
  _seqack_player_set_flight (self, 1.0);
  return _seqack_player_n_events (self);
}

/* After it: what it caused flies in. */
static gboolean
end_action (SeqackPlayer *self,
            guint         before,
            gboolean      done)
{
  if (done)
    {
      seqack_sequence_layout_update (self->layout);
      if (_seqack_player_n_events (self) > before)
        _seqack_player_reveal_next (self, TRUE);
    }
  _seqack_player_changed (self);
  return done;
}

gboolean
seqack_player_perform (SeqackPlayer  *self,
                       guint          host,
                       SeqackAction   action,
                       gint64         number,
                       const char    *text,
                       GError       **error)
{
  guint before;

  g_return_val_if_fail (SEQACK_IS_PLAYER (self), FALSE);

  before = begin_action (self);
  return end_action (self, before,
                     seqack_session_perform (self->session, self->lab, host,
                                             action, number, text, error));
}

/* Undo and redo */

gboolean
seqack_player_can_undo (SeqackPlayer *self)
{
  g_return_val_if_fail (SEQACK_IS_PLAYER (self), FALSE);

  return self->replayable && seqack_session_can_undo (self->session);
}

gboolean
seqack_player_can_redo (SeqackPlayer *self)
{
  g_return_val_if_fail (SEQACK_IS_PLAYER (self), FALSE);

  return self->replayable && seqack_session_can_redo (self->session);
}

gboolean
seqack_player_undo (SeqackPlayer  *self,
                    GError       **error)
{
  SeqackLab *lab;

  g_return_val_if_fail (SEQACK_IS_PLAYER (self), FALSE);
  g_return_val_if_fail (seqack_player_can_undo (self), FALSE);

  lab = seqack_session_undo (self->session, error);
  if (lab == NULL)
    return FALSE;

  /* The picture as it was when the action was made: at the present,
   * everything shown (perform showed it all before acting). */
  seqack_player_set_playing (self, FALSE);
  replace_run (self, self->session, lab);
  seqack_player_show_all (self);
  return TRUE;
}

gboolean
seqack_player_redo (SeqackPlayer  *self,
                    GError       **error)
{
  guint before;

  g_return_val_if_fail (SEQACK_IS_PLAYER (self), FALSE);
  g_return_val_if_fail (seqack_player_can_redo (self), FALSE);

  before = begin_action (self);
  return end_action (self, before,
                     seqack_session_redo (self->session, self->lab, error));
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
  return _seqack_player_n_showable (self);
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

  if (self->n_shown >= _seqack_player_n_events (self))
    return seqack_lab_get_now (self->lab);
  /* A long wait being played: its clock. */
  if (self->wait_n == self->n_shown)
    return self->wait_from + (gint64) ((self->wait_to - self->wait_from)
                                       * self->wait_done);
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
      g_value_set_uint (value, self->lab != NULL
                                 ? _seqack_player_n_showable (self) : 0);
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
  self->wait_n = G_MAXUINT;
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
  self->replayable = TRUE;
  self->layout = seqack_sequence_layout_new (seqack_lab_get_trace (lab));

  return self;
}
