/* seqack-window.c: the teaching window.
 *
 * The lab runs event by event ("paced for people", DESIGN.md): the picture
 * shows trace events [0, n_shown), and moving forward reveals everything up
 * to and including the next segment, whose flight is animated for about a
 * second (scaled by the speed) from the frame clock. When the picture
 * reaches the end of the trace, stepping forward steps the lab. Playing
 * repeats that; when nothing is on the wire and only a timer is pending,
 * virtual time runs at the playback speed so a countdown is seen live.
 * Stepping backward or scrubbing only lowers n_shown: every view reads the
 * trace up to there, so the earlier picture is exact.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "seqack-capture-page.h"
#include "seqack-export.h"
#include "seqack-scenario.h"
#include "seqack-sequence-render.h"
#include "seqack-state-view.h"
#include "seqack-trace-format.h"
#include "seqack-ui-settings.h"
#include "seqack-window-private.h"

/* Screen seconds a flight takes at 1×. */
#define FLIGHT_SECONDS 1.0
/* Screen seconds between reveals that fly nothing, at 1×. */
#define PAUSE_SECONDS  0.4
/* Virtual time a played wait may skip in one frame (avoids huge jumps
 * after the window was hidden). */
#define MAX_FRAME_USEC (SEQACK_USEC_PER_SEC / 5)

static const double speeds[] = { 0.25, 0.5, 1.0, 2.0, 4.0, 8.0 };

enum {
  PROP_0,
  PROP_PLAYING,
  PROP_PRESENTATION,
  PROP_ABSOLUTE,
  PROP_LETTERS,
  PROP_SPEED,
  PROP_SEED,
  PROP_LESSONS_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SeqackWindow, seqack_window, ADW_TYPE_APPLICATION_WINDOW)

static void ensure_ticking (SeqackWindow *self);

/* The model */

static SeqackTrace *
get_trace (SeqackWindow *self)
{
  return seqack_lab_get_trace (self->lab);
}

static guint
n_events (SeqackWindow *self)
{
  return seqack_trace_get_n_events (get_trace (self));
}

/* Events the picture may show: all, unless a lesson question hides what
 * the student is asked to predict. */
static guint
n_showable (SeqackWindow *self)
{
  return MIN (n_events (self), self->limit);
}

/* Lays out what the lab appended and indexes its state changes. */
static void
sync_layout (SeqackWindow *self)
{
  SeqackTrace *trace = get_trace (self);
  guint n = seqack_trace_get_n_events (trace);

  seqack_sequence_layout_update (self->layout);
  if (n < self->n_indexed)
    {
      /* The trace was cleared (a lesson reset the lab). */
      g_array_set_size (self->state_events[SEQACK_CLIENT], 0);
      g_array_set_size (self->state_events[SEQACK_SERVER], 0);
      self->n_indexed = 0;
    }
  for (; self->n_indexed < n; self->n_indexed++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, self->n_indexed);

      if (ev->kind == SEQACK_EVENT_STATE && ev->side <= SEQACK_SERVER)
        g_array_append_val (self->state_events[ev->side], self->n_indexed);
    }
}

/* The last STATE event of @side among events [0, @n), or G_MAXUINT. */
static guint
last_state_event (SeqackWindow *self,
                  SeqackSide    side,
                  guint         n)
{
  GArray *events = self->state_events[side];
  guint lo = 0, hi = events->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (events, guint, mid) < n)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo > 0 ? g_array_index (events, guint, lo - 1) : G_MAXUINT;
}

/* Virtual time the picture shows: the lab's clock at the end of the
 * trace, else the last shown event's time. */
static gint64
shown_now (SeqackWindow *self)
{
  if (self->n_shown >= n_events (self))
    return seqack_lab_get_now (self->lab);
  if (self->n_shown == 0)
    return 0;
  return seqack_trace_get_event (get_trace (self), self->n_shown - 1)->t;
}

void
_seqack_window_toast (SeqackWindow *self,
                      const char   *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* Updating the views */

static void
update_panel (SeqackWindow        *self,
              SeqackEndpointPanel *panel,
              SeqackSide           side,
              gint64               now)
{
  SeqackTrace *trace = get_trace (self);
  SeqackTcpState state = SEQACK_TCP_CLOSED;
  SeqackTcpEdge edge = SEQACK_TCP_EDGE_NONE;
  SeqackTcpState edge_from = SEQACK_TCP_N_STATES;
  const SeqackEndpoint *endpoint;
  SeqackTcpVars vars;
  guint32 own = 0, peer = 0;
  guint state_event;
  char buf[64];
  gint64 deadline;

  state_event = last_state_event (self, side, self->n_shown);
  if (state_event != G_MAXUINT)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, state_event);

      state = ev->to;
      edge = ev->edge;
      edge_from = ev->from;
    }
  seqack_endpoint_panel_set_state (panel, state, edge, edge_from);

  endpoint = seqack_trace_get_endpoint (trace, side);
  if (endpoint != NULL)
    seqack_endpoint_panel_set_address (panel,
                                       seqack_endpoint_to_string (endpoint,
                                                                  buf));

  if (self->n_shown > 0 &&
      seqack_trace_get_vars (trace, self->n_shown - 1, side, &vars) &&
      state != SEQACK_TCP_CLOSED && state != SEQACK_TCP_LISTEN)
    {
      if (!seqack_trace_get_base (trace, self->n_shown - 1, side, &own))
        own = vars.iss;
      if (!seqack_trace_get_base (trace, self->n_shown - 1,
                                  SEQACK_OTHER_SIDE (side), &peer))
        peer = vars.irs;
      seqack_endpoint_panel_set_vars (panel, &vars, self->absolute, own,
                                      peer);
    }
  else
    seqack_endpoint_panel_set_vars (panel, NULL, self->absolute, 0, 0);

  deadline = seqack_sequence_layout_get_time_wait_deadline (self->layout,
                                                            side,
                                                            self->n_shown);
  if (state == SEQACK_TCP_TIME_WAIT && deadline != SEQACK_NO_DEADLINE)
    {
      g_autofree char *text = NULL;
      double left = MAX (deadline - now, 0) / (double) SEQACK_USEC_PER_SEC;
      const SeqackLabConfig *config = seqack_lab_get_config (self->lab);
      double two_msl = 2.0 * config->tcp.msl / SEQACK_USEC_PER_SEC;

      text = g_strdup_printf (_("TIME-WAIT: %.1f s left\n(2MSL = %.0f s)"),
                              left, two_msl);
      seqack_endpoint_panel_set_countdown (panel, text);
    }
  else
    seqack_endpoint_panel_set_countdown (panel, NULL);
}

/* Actions that only mean something for the lab (the per-endpoint calls
 * and the steps are enabled by state in _seqack_window_update_actions()). */
static const char *const lab_only_actions[] = {
  "lab.drop-next", "lab.reset", "lab.scenario", "sidebar.lessons",
  "view.play", "view.letters",
};

void
_seqack_window_update_actions (SeqackWindow *self)
{
  static const struct
  {
    const char    *name;
    SeqackTcpCall  call;
  } calls[] = {
    { "listen", SEQACK_TCP_CALL_LISTEN },
    { "connect", SEQACK_TCP_CALL_CONNECT },
    { "send", SEQACK_TCP_CALL_SEND },
    { "close", SEQACK_TCP_CALL_CLOSE },
    { "abort", SEQACK_TCP_CALL_ABORT },
  };
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean shows_present[2];
  gboolean can_skip;

  /* A button acts on the lab as it is now; while the picture shows an
   * earlier state of that endpoint (a replay, a step back) its buttons
   * would act on something the user does not see, so they wait. */
  for (SeqackSide side = SEQACK_CLIENT; side <= SEQACK_SERVER; side++)
    {
      guint event = last_state_event (self, side, self->n_shown);
      SeqackTcpState shown = SEQACK_TCP_CLOSED;

      if (event != G_MAXUINT)
        shown = seqack_trace_get_event (get_trace (self), event)->to;
      shows_present[side] = shown == seqack_lab_get_state (self->lab, side);
    }

  for (SeqackSide side = SEQACK_CLIENT; side <= SEQACK_SERVER; side++)
    for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
      {
        char name[32];

        g_snprintf (name, sizeof name, "lab.%s-%s", seqack_side_name (side),
                    calls[i].name);
        gtk_widget_action_set_enabled (widget, name,
                                       !self->capture_mode &&
                                       shows_present[side] &&
                                       seqack_lab_allows (self->lab, side,
                                                          calls[i].call));
      }

  can_skip = !self->capture_mode &&
             seqack_lab_get_n_in_flight (self->lab) == 0 &&
             seqack_lab_next_event_time (self->lab) != SEQACK_NO_DEADLINE;
  gtk_widget_action_set_enabled (widget, "lab.skip-wait", can_skip);
  gtk_widget_action_set_enabled (widget, "view.step-backward",
                                 !self->capture_mode && self->n_shown > 0);
  gtk_widget_action_set_enabled (widget, "view.step-forward",
                                 !self->capture_mode &&
                                 (self->n_shown < n_showable (self) ||
                                  (self->limit == G_MAXUINT &&
                                   seqack_lab_next_event_time (self->lab)
                                     != SEQACK_NO_DEADLINE)));

  /* While the Capture page shows, the keys of the lab (Space, arrows, A,
   * X, P...) must not move a lab nobody sees. */
  for (guint i = 0; i < G_N_ELEMENTS (lab_only_actions); i++)
    gtk_widget_action_set_enabled (widget, lab_only_actions[i],
                                   !self->capture_mode);
}

/* The picture only: cheap enough for every animation frame. */
static void
update_picture (SeqackWindow *self)
{
  gint64 now = shown_now (self);
  g_autofree char *t = NULL;

  seqack_sequence_view_set_shown (self->sequence_view, self->n_shown,
                                  self->flight, now);
  t = g_strdup_printf (_("t = %.3f s"), now / (double) SEQACK_USEC_PER_SEC);
  gtk_label_set_label (self->time_label, t);
}

void
_seqack_window_update (SeqackWindow *self)
{
  gint64 now;

  sync_layout (self);
  if (self->n_shown > n_showable (self))
    self->n_shown = n_showable (self);
  now = shown_now (self);

  self->syncing = TRUE;
  gtk_adjustment_set_upper (self->scrub_adjustment, n_showable (self));
  gtk_adjustment_set_value (self->scrub_adjustment, self->n_shown);
  self->syncing = FALSE;

  update_picture (self);
  update_panel (self, self->client_panel, SEQACK_CLIENT, now);
  update_panel (self, self->server_panel, SEQACK_SERVER, now);

  if (self->selected != SEQACK_NO_EVENT && self->selected >= self->n_shown)
    self->selected = SEQACK_NO_EVENT;
  seqack_sequence_view_set_selected (self->sequence_view, self->selected);
  if (seqack_inspector_get_event (self->inspector) != self->selected ||
      self->selected == SEQACK_NO_EVENT)
    seqack_inspector_show (self->inspector, self->layout, self->selected,
                           self->absolute, self->letters);

  _seqack_window_update_actions (self);
  ensure_ticking (self);
}

/* Moving through the trace */

/* Reveals everything up to and including the next segment (or, with no
 * segment left, the rest). With @animate the segment flies. FALSE when
 * there was nothing to reveal. */
static gboolean
reveal_next (SeqackWindow *self,
             gboolean      animate)
{
  SeqackTrace *trace = get_trace (self);
  guint n = n_showable (self);
  guint last_segment = G_MAXUINT;
  guint j;

  if (self->n_shown >= n)
    return FALSE;

  for (j = self->n_shown; j < n; j++)
    {
      if (seqack_trace_get_event (trace, j)->kind == SEQACK_EVENT_SEGMENT)
        {
          last_segment = j;
          break;
        }
    }
  self->n_shown = MIN (j + 1, n);

  if (last_segment != G_MAXUINT)
    {
      self->selected = last_segment;
      self->flight = animate ? 0.0 : 1.0;
    }
  else
    self->flight = 1.0;
  self->hold_until = 0;

  return TRUE;
}

gboolean
_seqack_window_step_forward (SeqackWindow *self)
{
  gboolean revealed;

  if (self->n_shown >= n_showable (self))
    {
      /* A lesson's pending question holds the lab where it is. */
      if (self->limit != G_MAXUINT || !seqack_lab_step (self->lab))
        {
          _seqack_window_update (self);
          return FALSE;
        }
      sync_layout (self);
    }

  revealed = reveal_next (self, TRUE);
  _seqack_window_update (self);

  return revealed;
}

void
_seqack_window_step_backward (SeqackWindow *self)
{
  SeqackTrace *trace = get_trace (self);
  guint j;

  if (self->n_shown == 0)
    return;

  /* Back to just after the segment before the last shown one. */
  for (j = self->n_shown - 1; j > 0; j--)
    if (seqack_trace_get_event (trace, j - 1)->kind == SEQACK_EVENT_SEGMENT)
      break;
  self->n_shown = j;
  self->flight = 1.0;
  self->selected = SEQACK_NO_EVENT;
  for (guint k = self->n_shown; k-- > 0;)
    if (seqack_trace_get_event (trace, k)->kind == SEQACK_EVENT_SEGMENT)
      {
        self->selected = k;
        break;
      }

  if (self->playing)
    {
      self->playing = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
    }
  _seqack_window_update (self);
}

void
_seqack_window_skip_wait (SeqackWindow *self)
{
  self->n_shown = n_showable (self);
  if (!_seqack_window_perform (self, SEQACK_CLIENT, SEQACK_ACTION_SKIP_WAIT,
                               0, NULL))
    _seqack_window_toast (self, _("Nothing to wait for"));
}

/* Makes a user action on the lab: the picture first jumps to the present,
 * then shows what the action caused. */
gboolean
_seqack_window_perform (SeqackWindow *self,
                        SeqackSide    side,
                        SeqackAction  action,
                        gint64        number,
                        const char   *text)
{
  g_autoptr(GError) error = NULL;
  guint before;

  self->n_shown = n_showable (self);
  self->flight = 1.0;
  before = n_events (self);

  if (!seqack_session_perform (self->session, self->lab, side, action,
                               number, text, &error))
    {
      if (error != NULL)
        _seqack_window_toast (self, error->message);
      _seqack_window_update (self);
      return FALSE;
    }

  sync_layout (self);
  if (n_events (self) > before)
    reveal_next (self, TRUE);
  _seqack_window_update (self);

  return TRUE;
}

/* The frame clock */

static gboolean
has_future (SeqackWindow *self)
{
  return self->n_shown < n_showable (self) ||
         (self->limit == G_MAXUINT &&
          seqack_lab_next_event_time (self->lab) != SEQACK_NO_DEADLINE);
}

/* One frame of play at the end of the trace: a segment in flight is
 * delivered by stepping the lab; a pending timer is reached by letting
 * virtual time run at the playback speed. */
static void
play_lab (SeqackWindow *self,
          gint64        frame_usec)
{
  gint64 next = seqack_lab_next_event_time (self->lab);
  gint64 now = seqack_lab_get_now (self->lab);
  gint64 target;

  if (next == SEQACK_NO_DEADLINE)
    return;

  if (seqack_lab_get_n_in_flight (self->lab) == 0)
    {
      target = now + (gint64) (MIN (frame_usec, MAX_FRAME_USEC) * self->speed);
      if (target < next)
        {
          seqack_lab_run_until (self->lab, target);
          _seqack_window_update (self);
          return;
        }
    }

  if (seqack_lab_step (self->lab))
    {
      sync_layout (self);
      reveal_next (self, TRUE);
    }
  _seqack_window_update (self);
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  SeqackWindow *self = SEQACK_WINDOW (widget);
  gint64 frame = gdk_frame_clock_get_frame_time (clock);
  gint64 dt = self->last_frame > 0 ? frame - self->last_frame : 0;

  self->last_frame = frame;

  if (self->flight < 1.0)
    {
      self->flight += dt / (FLIGHT_SECONDS * SEQACK_USEC_PER_SEC)
                      * self->speed;
      if (self->flight >= 1.0)
        {
          self->flight = 1.0;
          self->hold_until = frame + (gint64) (PAUSE_SECONDS / self->speed
                                               * SEQACK_USEC_PER_SEC);
        }
      update_picture (self);
      return G_SOURCE_CONTINUE;
    }

  if (!self->playing || !has_future (self))
    {
      self->tick_id = 0;
      self->last_frame = 0;
      return G_SOURCE_REMOVE;
    }

  if (frame < self->hold_until)
    return G_SOURCE_CONTINUE;

  if (self->n_shown < n_showable (self))
    {
      reveal_next (self, TRUE);
      if (self->flight >= 1.0)
        self->hold_until = frame + (gint64) (PAUSE_SECONDS / self->speed
                                             * SEQACK_USEC_PER_SEC);
      _seqack_window_update (self);
    }
  else if (self->limit == G_MAXUINT)
    play_lab (self, dt);

  return G_SOURCE_CONTINUE;
}

static void
ensure_ticking (SeqackWindow *self)
{
  if (self->tick_id != 0)
    return;
  if (self->flight >= 1.0 && !(self->playing && has_future (self)))
    return;

  self->last_frame = 0;
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick,
                                                NULL, NULL);
}

/* Runs */

void
_seqack_window_reset_lab (SeqackWindow  *self,
                          SeqackSession *session,
                          SeqackLab     *lab)
{
  /* The lesson lets go of the old lab first (it stops its run). */
  seqack_lesson_panel_set_lab (self->lesson_panel, lab);
  seqack_sequence_view_set_layout (self->sequence_view, NULL);
  g_clear_pointer (&self->layout, seqack_sequence_layout_free);
  g_clear_pointer (&self->lab, seqack_lab_free);
  g_clear_pointer (&self->session, seqack_session_free);

  self->session = session;
  self->lab = lab;
  self->layout = seqack_sequence_layout_new (seqack_lab_get_trace (lab));
  g_array_set_size (self->state_events[SEQACK_CLIENT], 0);
  g_array_set_size (self->state_events[SEQACK_SERVER], 0);
  self->n_indexed = 0;
  self->epoch_us = g_get_real_time ();
  self->n_shown = 0;
  self->limit = G_MAXUINT;
  self->selected = SEQACK_NO_EVENT;
  self->flight = 1.0;

  seqack_sequence_view_set_layout (self->sequence_view, self->layout);
  _seqack_window_update (self);
}

/* A fresh session with the wire settings of the controls. */
static SeqackSession *
new_session (SeqackWindow *self)
{
  return seqack_session_new (self->seed,
                             gtk_spin_button_get_value (self->latency_spin)
                               * 1000,
                             gtk_spin_button_get_value (self->loss_spin)
                               / 100.0,
                             gtk_spin_button_get_value (self->msl_spin)
                               * SEQACK_USEC_PER_SEC);
}

static SeqackLab *
new_lab (SeqackSession *session)
{
  SeqackLabConfig config;

  seqack_session_get_config (session, &config);
  return seqack_lab_new (&config);
}

gboolean
seqack_window_run_scenario (SeqackWindow *self,
                            const char   *name,
                            GError      **error)
{
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(SeqackSession) session = NULL;
  g_autoptr(SeqackLab) lab = NULL;

  g_return_val_if_fail (SEQACK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  scenario = seqack_scenario_builtin (name, error);
  if (scenario == NULL)
    return FALSE;

  session = new_session (self);
  seqack_session_set_scenario (session, name);
  lab = new_lab (session);
  if (!seqack_scenario_run (scenario, lab, error))
    return FALSE;

  _seqack_window_reset_lab (self, g_steal_pointer (&session),
                            g_steal_pointer (&lab));
  adw_window_title_set_subtitle (self->window_title,
                                 seqack_scenario_get_description (scenario));
  g_object_set (self, "playing", TRUE, NULL);

  return TRUE;
}

void
seqack_window_show_all (SeqackWindow *self)
{
  g_return_if_fail (SEQACK_IS_WINDOW (self));

  self->n_shown = n_showable (self);
  self->flight = 1.0;
  self->selected = SEQACK_NO_EVENT;
  for (guint k = self->n_shown; k-- > 0;)
    if (seqack_trace_get_event (get_trace (self), k)->kind
        == SEQACK_EVENT_SEGMENT)
      {
        self->selected = k;
        break;
      }
  g_object_set (self, "playing", FALSE, NULL);
  _seqack_window_update (self);
}

gboolean
seqack_window_show_until_state (SeqackWindow   *self,
                                SeqackTcpState  state)
{
  SeqackTrace *trace;

  g_return_val_if_fail (SEQACK_IS_WINDOW (self), FALSE);

  trace = get_trace (self);
  for (guint i = 0; i < n_events (self); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_STATE && ev->to == state)
        {
          g_object_set (self, "playing", FALSE, NULL);
          /* As a step would show it: up to the segment it sends. */
          self->n_shown = i;
          reveal_next (self, FALSE);
          self->flight = 1.0;
          self->selected = SEQACK_NO_EVENT;
          for (guint k = self->n_shown; k-- > 0;)
            if (seqack_trace_get_event (trace, k)->kind
                == SEQACK_EVENT_SEGMENT)
              {
                self->selected = k;
                break;
              }
          _seqack_window_update (self);
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
seqack_window_save_session (SeqackWindow *self,
                            GFile        *file,
                            GError      **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (SEQACK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  seqack_session_set_absolute (self->session, self->absolute);
  seqack_session_set_letters (self->session, self->letters);
  text = seqack_session_to_string (self->session);

  return g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                  G_FILE_CREATE_NONE, NULL, NULL, error);
}

gboolean
seqack_window_open_session (SeqackWindow *self,
                            GFile        *file,
                            GError      **error)
{
  g_autofree char *text = NULL;
  g_autoptr(SeqackSession) session = NULL;
  SeqackLab *lab;
  gsize len;

  g_return_val_if_fail (SEQACK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!g_file_load_contents (file, NULL, &text, &len, NULL, error))
    return FALSE;
  if (memchr (text, '\0', len) != NULL || !g_utf8_validate (text, len, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Not a SeqAck session file"));
      return FALSE;
    }

  session = seqack_session_parse (text, error);
  if (session == NULL)
    return FALSE;
  lab = seqack_session_replay (session, error);
  if (lab == NULL)
    return FALSE;

  self->seed = seqack_session_get_seed (session);
  g_object_set (self,
                "absolute", seqack_session_get_absolute (session),
                "letters", seqack_session_get_letters (session),
                "playing", FALSE,
                NULL);
  _seqack_window_reset_lab (self, g_steal_pointer (&session), lab);
  seqack_window_show_all (self);

  return TRUE;
}

/* libpcap and cairo write to paths: a file chosen through a portal or on
 * a remote location has none, and @message says so. */
static char *
local_path (GFile      *file,
            const char *message,
            GError    **error)
{
  char *path = g_file_get_path (file);

  if (path == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         message);
  return path;
}

gboolean
seqack_window_export_pcap (SeqackWindow *self,
                           GFile        *file,
                           GError      **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (SEQACK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = local_path (file, _("Only local files can hold a capture"), error);
  if (path == NULL)
    return FALSE;

  return seqack_trace_write_pcap (get_trace (self), path, self->epoch_us,
                                  error);
}

gboolean
seqack_window_export_diagram (SeqackWindow *self,
                              GFile        *file,
                              GError      **error)
{
  g_autofree char *path = NULL;
  SeqackExportOptions options;

  g_return_val_if_fail (SEQACK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = local_path (file, _("Only local files can hold a diagram"), error);
  if (path == NULL)
    return FALSE;

  seqack_export_options_init (&options);
  if (!seqack_export_format_from_path (path, &options.format))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("Name the file .png, .svg or .pdf"));
      return FALSE;
    }
  if (self->n_shown == 0)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("Nothing is shown yet: there is no diagram to export"));
      return FALSE;
    }
  /* What the class sees: the picture up to the step on screen. */
  options.end_event = self->n_shown;
  options.absolute = self->absolute;
  options.letters = self->letters;

  return seqack_export_write (get_trace (self), path, &options, error);
}

char *
seqack_window_get_ladder (SeqackWindow *self)
{
  SeqackFormatOptions options = { 0 };
  GString *ladder;
  SeqackTrace *trace;

  g_return_val_if_fail (SEQACK_IS_WINDOW (self), NULL);

  trace = get_trace (self);
  options.absolute = self->absolute;
  ladder = g_string_new (NULL);
  seqack_trace_format_text_header (trace, ladder);
  for (guint i = 0; i < self->n_shown; i++)
    seqack_trace_format_text (trace, i, &options, ladder);

  return g_string_free (ladder, FALSE);
}

gboolean
seqack_window_save_screenshot (SeqackWindow *self,
                               const char   *path,
                               GError      **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  graphene_rect_t bounds;
  int width, height;

  g_return_val_if_fail (SEQACK_IS_WINDOW (self), FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  renderer = gtk_native_get_renderer (GTK_NATIVE (self));
  if (width <= 0 || height <= 0 || renderer == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   _("The window is not on screen yet"));
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (GTK_WIDGET (self));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The window drew nothing"));
      return FALSE;
    }

  graphene_rect_init (&bounds, 0, 0, width, height);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write “%s”"), path);
      return FALSE;
    }

  return TRUE;
}

/* Controls */

static void
on_scrubbed (SeqackWindow *self)
{
  guint value;

  if (self->syncing)
    return;

  value = (guint) lround (gtk_adjustment_get_value (self->scrub_adjustment));
  if (value == self->n_shown)
    return;

  self->n_shown = value;
  self->flight = 1.0;
  self->selected = SEQACK_NO_EVENT;
  for (guint k = value; k-- > 0;)
    if (seqack_trace_get_event (get_trace (self), k)->kind
        == SEQACK_EVENT_SEGMENT)
      {
        self->selected = k;
        break;
      }
  if (self->playing)
    g_object_set (self, "playing", FALSE, NULL);
  _seqack_window_update (self);
}

static void
on_selected_changed (SeqackWindow *self)
{
  guint selected = seqack_sequence_view_get_selected (self->sequence_view);

  if (selected == self->selected)
    return;

  self->selected = selected;
  seqack_inspector_show (self->inspector, self->layout, selected,
                         self->absolute, self->letters);
}

static void
on_speed_changed (SeqackWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->speed_dropdown);

  if (self->syncing || i >= G_N_ELEMENTS (speeds))
    return;
  g_object_set (self, "speed", speeds[i], NULL);
}

static void
update_two_msl (SeqackWindow *self)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("2MSL = %.0f s"),
                          2 * gtk_spin_button_get_value (self->msl_spin));
  gtk_label_set_label (self->two_msl_label, text);
}

static void
on_wire_changed (GtkSpinButton *spin,
                 SeqackWindow  *self)
{
  double value = gtk_spin_button_get_value (spin);

  if (spin == self->msl_spin)
    update_two_msl (self);
  if (self->syncing || self->lab == NULL)
    return;

  if (spin == self->latency_spin)
    {
      seqack_ui_settings_set_int (self->settings, "latency-ms", value);
      _seqack_window_perform (self, SEQACK_CLIENT,
                              SEQACK_ACTION_SET_LATENCY,
                              (gint64) (value * 1000), NULL);
    }
  else if (spin == self->loss_spin)
    {
      seqack_ui_settings_set_double (self->settings, "loss-percent", value);
      _seqack_window_perform (self, SEQACK_CLIENT, SEQACK_ACTION_SET_LOSS,
                              (gint64) llround (value * 10000), NULL);
    }
  else if (spin == self->msl_spin)
    {
      seqack_ui_settings_set_int (self->settings, "msl-seconds", value);
      _seqack_window_perform (self, SEQACK_CLIENT, SEQACK_ACTION_SET_MSL,
                              (gint64) value * SEQACK_USEC_PER_SEC, NULL);
    }
}

static void
build_scenario_menu (SeqackWindow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  const char *const *names = seqack_scenario_builtin_names ();

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (names[i], NULL);

      g_menu_item_set_action_and_target_value (item, "lab.scenario",
                                               g_variant_new_string (names[i]));
      if (i < 9)
        {
          char accel[16];

          g_snprintf (accel, sizeof accel, "<Control>%u", i + 1);
          g_menu_item_set_attribute (item, "accel", "s", accel);
        }
      g_menu_append_item (menu, item);
    }

  gtk_menu_button_set_menu_model (self->scenario_button, G_MENU_MODEL (menu));
}

/* Presentation mode: full screen, everything larger, the pointer not
 * needed. Text grows through the display's DPI setting so every label
 * scales, and the diagrams through their render scale. */
static void
apply_presentation (SeqackWindow *self)
{
  GtkSettings *gtk_settings = gtk_widget_get_settings (GTK_WIDGET (self));
  double scale = 1.0;

  if (self->presentation)
    {
      scale = seqack_ui_settings_get_double (self->settings,
                                             "presentation-scale", 1.6);
      if (self->normal_dpi == 0)
        g_object_get (gtk_settings, "gtk-xft-dpi", &self->normal_dpi, NULL);
      if (self->normal_dpi <= 0)
        self->normal_dpi = 96 * 1024;
      g_object_set (gtk_settings, "gtk-xft-dpi",
                    (int) (self->normal_dpi * MIN (scale, 1.3)), NULL);
      gtk_window_fullscreen (GTK_WINDOW (self));
      gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
      gtk_widget_grab_focus (GTK_WIDGET (self->sequence_view));
    }
  else
    {
      if (self->normal_dpi > 0)
        g_object_set (gtk_settings, "gtk-xft-dpi", self->normal_dpi, NULL);
      self->normal_dpi = 0;
      gtk_window_unfullscreen (GTK_WINDOW (self));
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
    }

  gtk_widget_set_visible (self->header_bar, !self->presentation);
  gtk_widget_set_visible (self->wire_bar, !self->presentation);
  seqack_inspector_set_compact (self->inspector, self->presentation);
  seqack_endpoint_panel_set_details_visible (self->client_panel,
                                             self->state_columns);
  seqack_endpoint_panel_set_details_visible (self->server_panel,
                                             self->state_columns);
  seqack_endpoint_panel_set_controls_visible (self->client_panel,
                                              !self->presentation);
  seqack_endpoint_panel_set_controls_visible (self->server_panel,
                                              !self->presentation);
  seqack_sequence_view_set_scale (self->sequence_view, scale);
  /* The side panels' state machines grow with the diagram, by the same
   * presentation-scale a teacher chose in Preferences. */
  seqack_endpoint_panel_set_scale (self->client_panel, scale);
  seqack_endpoint_panel_set_scale (self->server_panel, scale);
}

/* The lesson sidebar drives the same lab */

/* The lesson reset the lab: its trace is empty again, and the run so far
 * is the lesson's, not a session of the user's actions. */
static void
on_lesson_lab_reset (SeqackWindow *self)
{
  SeqackSession *session = new_session (self);

  seqack_session_free (self->session);
  self->session = session;
  seqack_sequence_view_set_layout (self->sequence_view, NULL);
  g_clear_pointer (&self->layout, seqack_sequence_layout_free);
  self->layout = seqack_sequence_layout_new (get_trace (self));
  seqack_sequence_view_set_layout (self->sequence_view, self->layout);
  g_array_set_size (self->state_events[SEQACK_CLIENT], 0);
  g_array_set_size (self->state_events[SEQACK_SERVER], 0);
  self->n_indexed = 0;
  self->n_shown = 0;
  self->selected = SEQACK_NO_EVENT;
  self->flight = 1.0;
  _seqack_window_update (self);
}

/* The lesson moved on: show what it allows, hide what it asks about. */
static void
on_lesson_visible_end_changed (SeqackWindow *self,
                               guint         end)
{
  guint before = self->n_shown;

  self->limit = end;
  sync_layout (self);
  if (self->playing)
    g_object_set (self, "playing", FALSE, NULL);

  self->n_shown = n_showable (self);
  self->flight = 1.0;
  if (self->n_shown != before)
    {
      self->selected = SEQACK_NO_EVENT;
      for (guint k = self->n_shown; k-- > 0;)
        if (seqack_trace_get_event (get_trace (self), k)->kind
            == SEQACK_EVENT_SEGMENT)
          {
            self->selected = k;
            break;
          }
    }
  _seqack_window_update (self);
}

/* GObject */

/* The preferences window writes the same keys as the wire bar and the
 * view toggles: show its changes at once. Setting a control to the value
 * it has emits nothing, so the write-back ends here. */
static void
on_settings_changed (SeqackWindow *self,
                     const char   *key)
{
  if (g_str_equal (key, "latency-ms"))
    gtk_spin_button_set_value (self->latency_spin,
                               g_settings_get_int (self->settings, key));
  else if (g_str_equal (key, "loss-percent"))
    gtk_spin_button_set_value (self->loss_spin,
                               g_settings_get_double (self->settings, key));
  else if (g_str_equal (key, "msl-seconds"))
    gtk_spin_button_set_value (self->msl_spin,
                               g_settings_get_int (self->settings, key));
  else if (g_str_equal (key, "absolute-seq"))
    g_object_set (self, "absolute",
                  g_settings_get_boolean (self->settings, key), NULL);
  else if (g_str_equal (key, "show-letters"))
    g_object_set (self, "letters",
                  g_settings_get_boolean (self->settings, key), NULL);
  else if (g_str_equal (key, "speed"))
    g_object_set (self, "speed",
                  g_settings_get_double (self->settings, key), NULL);
  else if (g_str_equal (key, "presentation-scale") && self->presentation)
    apply_presentation (self);
}

static void
seqack_window_constructed (GObject *object)
{
  SeqackWindow *self = SEQACK_WINDOW (object);
  GtkApplication *app;
  guint speed_index = 2;

  G_OBJECT_CLASS (seqack_window_parent_class)->constructed (object);

  /* Without an application (tests, no session bus) the window reads the
   * settings itself. */
  app = gtk_window_get_application (GTK_WINDOW (self));
  if (SEQACK_IS_APPLICATION (app))
    {
      GSettings *settings =
        seqack_application_get_settings (SEQACK_APPLICATION (app));

      if (settings != NULL)
        self->settings = g_object_ref (settings);
    }
  else
    self->settings = seqack_ui_settings_new ();

  gtk_window_set_default_size (GTK_WINDOW (self),
                               seqack_ui_settings_get_int (self->settings,
                                                           "window-width",
                                                           1280),
                               seqack_ui_settings_get_int (self->settings,
                                                           "window-height",
                                                           800));
  if (seqack_ui_settings_get_boolean (self->settings, "window-maximized",
                                      FALSE))
    gtk_window_maximize (GTK_WINDOW (self));

  self->syncing = TRUE;
  gtk_spin_button_set_value (self->latency_spin,
                             seqack_ui_settings_get_int (self->settings,
                                                         "latency-ms", 20));
  gtk_spin_button_set_value (self->loss_spin,
                             seqack_ui_settings_get_double (self->settings,
                                                            "loss-percent",
                                                            0));
  gtk_spin_button_set_value (self->msl_spin,
                             seqack_ui_settings_get_int (self->settings,
                                                         "msl-seconds", 30));
  self->speed = seqack_ui_settings_get_double (self->settings, "speed", 1.0);
  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (fabs (speeds[i] - self->speed) < 1e-6)
      speed_index = i;
  self->speed = speeds[speed_index];
  gtk_drop_down_set_selected (self->speed_dropdown, speed_index);
  self->absolute = seqack_ui_settings_get_boolean (self->settings,
                                                   "absolute-seq", FALSE);
  self->letters = seqack_ui_settings_get_boolean (self->settings,
                                                  "show-letters", FALSE);
  self->state_columns = seqack_ui_settings_get_boolean (self->settings,
                                                        "show-state-columns",
                                                        TRUE);
  self->syncing = FALSE;
  update_two_msl (self);
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed",
                             G_CALLBACK (on_settings_changed), self,
                             G_CONNECT_SWAPPED);

  seqack_sequence_view_set_absolute (self->sequence_view, self->absolute);
  seqack_capture_page_set_absolute (self->capture_page, self->absolute);
  seqack_sequence_view_set_letters (self->sequence_view, self->letters);
  seqack_lesson_panel_set_absolute (self->lesson_panel, self->absolute);
  apply_presentation (self);

  {
    SeqackSession *session = new_session (self);

    _seqack_window_reset_lab (self, session, new_lab (session));
  }
}

static gboolean
seqack_window_close_request (GtkWindow *window)
{
  SeqackWindow *self = SEQACK_WINDOW (window);
  int width, height;

  if (self->presentation)
    g_object_set (self, "presentation", FALSE, NULL);

  gtk_window_get_default_size (window, &width, &height);
  seqack_ui_settings_set_int (self->settings, "window-width", width);
  seqack_ui_settings_set_int (self->settings, "window-height", height);
  seqack_ui_settings_set_boolean (self->settings, "window-maximized",
                                  gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (seqack_window_parent_class)->close_request (window);
}

static void
seqack_window_dispose (GObject *object)
{
  SeqackWindow *self = SEQACK_WINDOW (object);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  if (self->normal_dpi > 0)
    {
      g_object_set (gtk_widget_get_settings (GTK_WIDGET (self)),
                    "gtk-xft-dpi", self->normal_dpi, NULL);
      self->normal_dpi = 0;
    }

  if (self->lesson_panel != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->lesson_panel, self);
      seqack_lesson_panel_set_lab (self->lesson_panel, NULL);
    }
  if (self->sequence_view != NULL)
    seqack_sequence_view_set_layout (self->sequence_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEQACK_TYPE_WINDOW);

  G_OBJECT_CLASS (seqack_window_parent_class)->dispose (object);
}

static void
seqack_window_finalize (GObject *object)
{
  SeqackWindow *self = SEQACK_WINDOW (object);

  g_clear_pointer (&self->layout, seqack_sequence_layout_free);
  g_clear_pointer (&self->lab, seqack_lab_free);
  g_clear_pointer (&self->session, seqack_session_free);
  g_clear_pointer (&self->state_events[SEQACK_CLIENT], g_array_unref);
  g_clear_pointer (&self->state_events[SEQACK_SERVER], g_array_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (seqack_window_parent_class)->finalize (object);
}

static void
seqack_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SeqackWindow *self = SEQACK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_PRESENTATION:
      g_value_set_boolean (value, self->presentation);
      break;
    case PROP_ABSOLUTE:
      g_value_set_boolean (value, self->absolute);
      break;
    case PROP_LETTERS:
      g_value_set_boolean (value, self->letters);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;
    case PROP_LESSONS_VISIBLE:
      g_value_set_boolean (value, self->lessons_visible);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seqack_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SeqackWindow *self = SEQACK_WINDOW (object);
  gboolean b;

  switch (prop_id)
    {
    case PROP_PLAYING:
      b = g_value_get_boolean (value);
      if (b == self->playing)
        break;
      self->playing = b;
      if (self->lab != NULL)
        {
          _seqack_window_update_actions (self);
          ensure_ticking (self);
        }
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_PRESENTATION:
      b = g_value_get_boolean (value);
      if (b == self->presentation)
        break;
      self->presentation = b;
      apply_presentation (self);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_ABSOLUTE:
      b = g_value_get_boolean (value);
      if (b == self->absolute)
        break;
      self->absolute = b;
      seqack_ui_settings_set_boolean (self->settings, "absolute-seq", b);
      seqack_sequence_view_set_absolute (self->sequence_view, b);
      seqack_lesson_panel_set_absolute (self->lesson_panel, b);
      seqack_capture_page_set_absolute (self->capture_page, b);
      if (self->lab != NULL)
        {
          seqack_inspector_show (self->inspector, self->layout,
                                 self->selected, self->absolute,
                                 self->letters);
          _seqack_window_update (self);
        }
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_LETTERS:
      b = g_value_get_boolean (value);
      if (b == self->letters)
        break;
      self->letters = b;
      seqack_ui_settings_set_boolean (self->settings, "show-letters", b);
      seqack_sequence_view_set_letters (self->sequence_view, b);
      if (self->lab != NULL)
        seqack_inspector_show (self->inspector, self->layout, self->selected,
                               self->absolute, self->letters);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_SPEED:
      {
        double speed = CLAMP (g_value_get_double (value), 0.25, 8.0);

        if (speed == self->speed)
          break;
        self->speed = speed;
        seqack_ui_settings_set_double (self->settings, "speed", speed);
        self->syncing = TRUE;
        for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
          if (fabs (speeds[i] - speed) < 1e-6)
            gtk_drop_down_set_selected (self->speed_dropdown, i);
        self->syncing = FALSE;
        g_object_notify_by_pspec (object, pspec);
      }
      break;
    case PROP_SEED:
      self->seed = g_value_get_uint64 (value);
      break;
    case PROP_LESSONS_VISIBLE:
      b = g_value_get_boolean (value);
      if (b == self->lessons_visible)
        break;
      self->lessons_visible = b;
      if (self->lesson_flap != NULL)
        adw_flap_set_reveal_flap (self->lesson_flap, b);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Lab or Capture: the header keeps only what the page showing uses. */
static void
on_mode_changed (SeqackWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->mode_stack);
  gboolean capture = g_strcmp0 (name, "capture") == 0;

  if (capture == self->capture_mode)
    return;
  self->capture_mode = capture;
  if (capture && self->playing)
    g_object_set (self, "playing", FALSE, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->scenario_button), !capture);
  gtk_widget_set_visible (self->lessons_toggle, !capture);
  gtk_widget_set_visible (self->letters_toggle, !capture);
  /* The lesson panel's own keys (N, R, G...) are global shortcuts: an
   * insensitive panel does not run them. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->lesson_panel), !capture);
  if (self->lab != NULL)
    _seqack_window_update_actions (self);
}

static void
seqack_window_class_init (SeqackWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = seqack_window_constructed;
  object_class->dispose = seqack_window_dispose;
  object_class->finalize = seqack_window_finalize;
  object_class->get_property = seqack_window_get_property;
  object_class->set_property = seqack_window_set_property;
  window_class->close_request = seqack_window_close_request;

  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));
  properties[PROP_PRESENTATION] =
    g_param_spec_boolean ("presentation", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));
  properties[PROP_ABSOLUTE] =
    g_param_spec_boolean ("absolute", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));
  properties[PROP_LETTERS] =
    g_param_spec_boolean ("letters", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0.25, 8.0, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  /* The lab's seed: the same seed gives the same ISNs and losses. */
  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, 1,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));
  properties[PROP_LESSONS_VISIBLE] =
    g_param_spec_boolean ("lessons-visible", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SEQACK_TYPE_CAPTURE_PAGE);
  g_type_ensure (SEQACK_TYPE_ENDPOINT_PANEL);
  g_type_ensure (SEQACK_TYPE_LESSON_PANEL);
  g_type_ensure (SEQACK_TYPE_INSPECTOR);
  g_type_ensure (SEQACK_TYPE_SEQUENCE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH
                                               "/seqack-window.ui");
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, SeqackWindow, name)
  BIND (toast_overlay);
  BIND (header_bar);
  BIND (window_title);
  BIND (scenario_button);
  BIND (time_bar);
  BIND (scrub_adjustment);
  BIND (scrubber);
  BIND (speed_dropdown);
  BIND (time_label);
  BIND (lesson_flap);
  BIND (lesson_panel);
  BIND (paned);
  BIND (client_panel);
  BIND (server_panel);
  BIND (client_scroller);
  BIND (server_scroller);
  BIND (sequence_scroller);
  BIND (sequence_view);
  BIND (inspector);
  BIND (wire_bar);
  BIND (latency_spin);
  BIND (loss_spin);
  BIND (msl_spin);
  BIND (two_msl_label);
  BIND (mode_stack);
  BIND (capture_page);
  BIND (lessons_toggle);
  BIND (letters_toggle);
#undef BIND

  _seqack_window_class_actions_init (widget_class);
}

static void
seqack_window_init (SeqackWindow *self)
{
  self->state_events[SEQACK_CLIENT] = g_array_new (FALSE, FALSE,
                                                   sizeof (guint));
  self->state_events[SEQACK_SERVER] = g_array_new (FALSE, FALSE,
                                                   sizeof (guint));
  self->selected = SEQACK_NO_EVENT;
  self->limit = G_MAXUINT;
  self->flight = 1.0;
  self->speed = 1.0;
  self->state_columns = TRUE;
  self->seed = 1;

  gtk_widget_init_template (GTK_WIDGET (self));

  seqack_endpoint_panel_set_side (self->client_panel, SEQACK_CLIENT);
  seqack_endpoint_panel_set_side (self->server_panel, SEQACK_SERVER);
  gtk_widget_add_css_class (GTK_WIDGET (self->client_panel), "client");
  gtk_widget_add_css_class (GTK_WIDGET (self->server_panel), "server");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->latency_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Latency in milliseconds"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->loss_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Loss rate in percent"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->msl_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Maximum segment lifetime in seconds"),
                                  -1);

  g_signal_connect_swapped (self->scrub_adjustment, "value-changed",
                            G_CALLBACK (on_scrubbed), self);
  g_signal_connect_swapped (self->sequence_view, "notify::selected",
                            G_CALLBACK (on_selected_changed), self);
  g_signal_connect_swapped (self->speed_dropdown, "notify::selected",
                            G_CALLBACK (on_speed_changed), self);
  g_signal_connect (self->latency_spin, "value-changed",
                    G_CALLBACK (on_wire_changed), self);
  g_signal_connect (self->loss_spin, "value-changed",
                    G_CALLBACK (on_wire_changed), self);
  g_signal_connect (self->msl_spin, "value-changed",
                    G_CALLBACK (on_wire_changed), self);

  g_signal_connect_swapped (self->lesson_panel, "lab-reset",
                            G_CALLBACK (on_lesson_lab_reset), self);
  g_signal_connect_swapped (self->lesson_panel, "visible-end-changed",
                            G_CALLBACK (on_lesson_visible_end_changed), self);

  g_signal_connect_swapped (self->mode_stack, "notify::visible-child-name",
                            G_CALLBACK (on_mode_changed), self);

  build_scenario_menu (self);
}

SeqackWindow *
seqack_window_new (SeqackApplication *application,
                   guint64            seed)
{
  SeqackWindow *self;

  g_return_val_if_fail (application == NULL ||
                        SEQACK_IS_APPLICATION (application), NULL);

  self = g_object_new (SEQACK_TYPE_WINDOW,
                       "application", application,
                       "seed", seed,
                       NULL);

  return self;
}

SeqackLab *
seqack_window_get_lab (SeqackWindow *self)
{
  g_return_val_if_fail (SEQACK_IS_WINDOW (self), NULL);

  return self->lab;
}

guint
seqack_window_get_n_shown (SeqackWindow *self)
{
  g_return_val_if_fail (SEQACK_IS_WINDOW (self), 0);

  return self->n_shown;
}
