/* seqack-window.c: the teaching window.
 *
 * The window shows what its SeqackPlayer says, paced for people: it binds its controls to the player, redraws on the
 * player's "changed" and feeds it the frame clock. Files are in
 * seqack-window-files.c, presentation mode in
 * seqack-window-presentation.c, the actions in seqack-window-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "seqack-endpoint-panel-private.h"
#include "seqack-trace-sockets.h"
#include "seqack-ui-settings.h"
#include "seqack-window-private.h"

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
  PROP_INSPECTOR_VISIBLE,
  PROP_PACKET_LIST_VISIBLE,
  PROP_SLIDING_WINDOW_VISIBLE,
  PROP_SYN_COOKIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SeqackWindow, seqack_window, ADW_TYPE_APPLICATION_WINDOW)

static void ensure_ticking (SeqackWindow *self);

void
_seqack_window_toast (SeqackWindow *self,
                      const char   *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* Updating the views */

/* A lesson question asks for a Seq or Ack the variables would give. */
static gboolean
vars_concealed (SeqackWindow *self)
{
  SeqackLessonConcealed concealed;

  return seqack_lesson_panel_get_concealed (self->lesson_panel, &concealed) &&
         concealed.vars;
}

gboolean
_seqack_window_question_open (SeqackWindow  *self,
                              GError       **error)
{
  SeqackLessonConcealed concealed;

  if (!seqack_lesson_panel_get_concealed (self->lesson_panel, &concealed))
    return FALSE;
  g_set_error_literal (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                       _("Answer the question first: the capture would "
                         "give its answer away"));
  return TRUE;
}

/* The picture only: cheap enough for every animation frame. */
static void
show_time (SeqackWindow *self,
           gint64        now)
{
  g_autofree char *t = NULL;

  t = g_strdup_printf (_("t = %.3f s"), now / (double) SEQACK_USEC_PER_SEC);
  gtk_label_set_label (self->time_label, t);
}

static void
update_picture (SeqackWindow *self)
{
  gint64 now = seqack_player_get_time (self->player);

  seqack_trace_view_set_flight (self->trace_view,
                                seqack_player_get_flight (self->player), now);
  show_time (self, now);
}

/* Drop next is armed for @side in the picture: the last thing @side did
 * among the shown events was asking for it, not sending a segment (the
 * lab loses the first segment sent after the request). */
gboolean
_seqack_window_drop_armed (SeqackWindow *self,
                           SeqackSide    side)
{
  SeqackTrace *trace = seqack_player_get_trace (self->player);

  for (guint i = seqack_player_get_n_shown (self->player); i-- > 0;)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->side != side)
        continue;
      if (ev->kind == SEQACK_EVENT_SEGMENT)
        return FALSE;
      if (ev->kind == SEQACK_EVENT_ACTION &&
          ev->from == SEQACK_ACTION_DROP_NEXT)
        return TRUE;
    }

  return FALSE;
}

/* Before a long wait Step stops: Skip Wait is the way on, so it is the
 * suggested button and says how long the wait really is. */
static void
update_skip_button (SeqackWindow *self)
{
  gint64 until;

  if (seqack_player_waits (self->player, &until))
    {
      g_autofree char *label = NULL;
      double wait = (until - seqack_player_get_time (self->player))
                    / (double) SEQACK_USEC_PER_SEC;

      label = g_strdup_printf (_("Skip Wait (%.*f s)"), wait < 10 ? 1 : 0,
                               wait);
      gtk_button_set_label (self->skip_button, label);
      gtk_widget_add_css_class (GTK_WIDGET (self->skip_button),
                                "suggested-action");
      gtk_widget_remove_css_class (self->step_button, "suggested-action");
    }
  else
    {
      gtk_button_set_label (self->skip_button, _("Skip Wait"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->skip_button),
                                   "suggested-action");
    }
}

/* The player's "changed": everything that reads the trace. */
static void
update (SeqackWindow *self)
{
  gint64 now = seqack_player_get_time (self->player);

  /* The player keeps n-shown within n-showable, so narrowing the range
   * never moves the scrubber to a position the player does not show
   * (on_scrubbed() then sees no change). */
  gtk_adjustment_set_upper (self->scrub_adjustment,
                            seqack_player_get_n_showable (self->player));
  gtk_adjustment_set_value (self->scrub_adjustment,
                            seqack_player_get_n_shown (self->player));

  seqack_trace_view_set_vars_concealed (self->trace_view,
                                        vars_concealed (self));
  seqack_trace_view_set_shown (self->trace_view,
                               seqack_player_get_n_shown (self->player),
                               seqack_player_get_flight (self->player), now);
  show_time (self, now);
  for (SeqackSide side = SEQACK_CLIENT; side <= SEQACK_SERVER; side++)
    seqack_endpoint_panel_set_drop_armed (side == SEQACK_CLIENT
                                            ? self->client_panel
                                            : self->server_panel,
                                          _seqack_window_drop_armed (self,
                                                                     side));

  /* At the start only Listen and Connect are suggested: the first steps
   * are theirs. Once there is a run, stepping through it is. */
  if (seqack_trace_get_n_events (seqack_player_get_trace (self->player)) > 0)
    gtk_widget_add_css_class (self->step_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->step_button, "suggested-action");
  update_skip_button (self);

  _seqack_window_update_actions (self);
  ensure_ticking (self);
}

void
_seqack_window_update (SeqackWindow *self)
{
  update (self);
}

/* A user action on the lab: the picture first jumps to the present, then
 * shows what the action caused. */
gboolean
_seqack_window_perform (SeqackWindow *self,
                        SeqackSide    side,
                        SeqackAction  action,
                        gint64        number,
                        const char   *text)
{
  return _seqack_window_perform_on (self, _seqack_window_host_of (self, side),
                                    action, number, text);
}

gboolean
_seqack_window_perform_on (SeqackWindow *self,
                           guint         host,
                           SeqackAction  action,
                           gint64        number,
                           const char   *text)
{
  g_autoptr(GError) error = NULL;

  if (seqack_player_perform (self->player, host, action, number, text,
                             &error))
    return TRUE;
  if (error != NULL)
    _seqack_window_toast (self, error->message);
  return FALSE;
}

guint
_seqack_window_host_of (SeqackWindow *self,
                        SeqackSide    side)
{
  SeqackTrace *trace = seqack_lab_get_trace (seqack_player_get_lab (
                                               self->player));

  return seqack_trace_get_calls_host (trace,
                                      seqack_trace_get_n_events (trace),
                                      side);
}

/* A row of a socket table was selected: the side's calls act on that
 * socket from now on (a "select" step), if it is still there. */
static void
on_socket_selected (SeqackSocketTable     *table,
                    const SeqackSocketKey *key,
                    SeqackWindow          *self)
{
  SeqackSide side =
    table == seqack_endpoint_panel_get_socket_table (self->client_panel)
    ? SEQACK_CLIENT : SEQACK_SERVER;
  /* The client side's table has every client host's rows. */
  guint host = side == SEQACK_CLIENT
               ? seqack_socket_table_get_chosen_host (table) : SEQACK_SERVER;
  SeqackLab *lab = seqack_player_get_lab (self->player);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  SeqackSocketKey calls;
  guint number;

  if (self->capture_mode)
    return;
  if (!seqack_lab_socket_number (lab, host, key, &number))
    _seqack_window_toast (self, _("That socket has closed: its row shows "
                                  "an earlier step"));
  else if (host != _seqack_window_host_of (self, side) ||
           !seqack_trace_get_calls_socket (trace,
                                           seqack_trace_get_n_events (trace),
                                           side, &calls) ||
           !seqack_socket_key_equal (&calls, key))
    {
      _seqack_window_perform_on (self, host, SEQACK_ACTION_SELECT, number,
                                 NULL);
      return;
    }
  seqack_endpoint_panel_refresh_sockets (side == SEQACK_CLIENT
                                         ? self->client_panel
                                         : self->server_panel);
}

/* The frame clock */

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  SeqackWindow *self = SEQACK_WINDOW (widget);

  if (seqack_player_advance (self->player,
                             gdk_frame_clock_get_frame_time (clock)))
    return G_SOURCE_CONTINUE;

  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
ensure_ticking (SeqackWindow *self)
{
  if (self->tick_id != 0 || !seqack_player_wants_frames (self->player))
    return;

  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick,
                                                NULL, NULL);
}

/* Controls */

static void
on_scrubbed (SeqackWindow *self)
{
  guint value;

  value = (guint) lround (gtk_adjustment_get_value (self->scrub_adjustment));
  /* update() moving the scrubber to the player's position is no seek. */
  if (value != seqack_player_get_n_shown (self->player))
    seqack_player_seek (self->player, value);
}

static gboolean
speed_to_index (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  double speed = g_value_get_double (from);

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (fabs (speeds[i] - speed) < 1e-6)
      {
        g_value_set_uint (to, i);
        return TRUE;
      }
  return FALSE;
}

static gboolean
index_to_speed (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  guint i = g_value_get_uint (from);

  if (i >= G_N_ELEMENTS (speeds))
    return FALSE;
  g_value_set_double (to, speeds[i]);
  return TRUE;
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
  const SeqackLabConfig *config;
  SeqackAction action;
  gint64 number, now;

  if (spin == self->msl_spin)
    update_two_msl (self);
  /* Before the player exists the bindings only show the settings. */
  if (self->player == NULL)
    return;

  config = seqack_lab_get_config (seqack_player_get_lab (self->player));
  if (spin == self->latency_spin)
    {
      action = SEQACK_ACTION_SET_LATENCY;
      number = (gint64) (value * 1000);
      now = config->latency;
    }
  else if (spin == self->loss_spin)
    {
      action = SEQACK_ACTION_SET_LOSS;
      number = (gint64) llround (value * 10000);
      now = (gint64) llround (config->loss_rate * 1e6);
    }
  else
    {
      action = SEQACK_ACTION_SET_MSL;
      number = (gint64) value * SEQACK_USEC_PER_SEC;
      now = config->tcp.msl;
    }
  /* Showing what the lab has (after an undo) is no new action. */
  if (number != now)
    _seqack_window_perform (self, SEQACK_CLIENT, action, number, NULL);
}

static void
bind_spin (SeqackWindow  *self,
           const char    *key,
           GtkSpinButton *spin)
{
  g_object_bind_property (self->settings, key,
                          gtk_spin_button_get_adjustment (spin), "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

static void
on_presentation_setting (SeqackWindow *self)
{
  if (self->presentation)
    _seqack_window_apply_sizes (self);
}

/* The player */

static void
on_player_lab (SeqackWindow *self)
{
  /* The lesson lets go of the old lab (it stops its run) while it lives. */
  seqack_lesson_panel_set_lab (self->lesson_panel,
                               seqack_player_get_lab (self->player));
}

static void
on_player_layout (SeqackWindow *self)
{
  seqack_trace_view_set_layout (self->trace_view,
                                seqack_player_get_layout (self->player));
}

/* Play turns into Pause while playing, icon and label. */
static void
update_play_button (SeqackWindow *self)
{
  gboolean playing = seqack_player_get_playing (self->player);

  adw_button_content_set_icon_name (self->play_content,
                                    playing
                                      ? "media-playback-pause-symbolic"
                                      : "media-playback-start-symbolic");
  adw_button_content_set_label (self->play_content,
                                playing ? _("Pause") : _("Play"));
}

static void
on_player_playing (SeqackWindow *self)
{
  update_play_button (self);
  _seqack_window_update_actions (self);
  ensure_ticking (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

static void
on_player_speed (SeqackWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

static void
connect_player (SeqackWindow *self)
{
  SeqackSession *session = _seqack_window_new_session (self);

  self->epoch_us = g_get_real_time ();
  self->player = seqack_player_new (session,
                                    _seqack_window_new_user_lab (self,
                                                                 session));

  g_signal_connect_object (self->player, "changed", G_CALLBACK (update),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::flight",
                           G_CALLBACK (update_picture), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::playing",
                           G_CALLBACK (on_player_playing), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::speed",
                           G_CALLBACK (on_player_speed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::lab",
                           G_CALLBACK (on_player_lab), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::layout",
                           G_CALLBACK (on_player_layout), self,
                           G_CONNECT_SWAPPED);
  g_object_bind_property (self->settings, "speed", self->player, "speed",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property_full (self->player, "speed",
                               self->speed_dropdown, "selected",
                               G_BINDING_BIDIRECTIONAL |
                               G_BINDING_SYNC_CREATE,
                               speed_to_index, index_to_speed, NULL, NULL);

  on_player_lab (self);
  on_player_layout (self);
  /* A click on a segment selects it in the player. */
  g_object_bind_property (self->player, "selected",
                          self->trace_view, "selected",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  update (self);
}

/* The lesson sidebar drives the same lab */

/* The lesson reset the lab: its trace is empty again, and the run so far
 * is the lesson's, not a session of the user's actions. */
static void
on_lesson_lab_reset (SeqackWindow *self)
{
  seqack_player_reset (self->player, _seqack_window_new_session (self), NULL);
  /* A scenario's description no longer says what the lab shows. */
  adw_window_title_set_subtitle (self->window_title,
                                 _("How TCP opens and closes a connection"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), NULL);
  /* A new lesson starts without the window's bars, until it moves it. */
  if (!self->sliding_window_chosen)
    _seqack_window_show_sliding_window (self, FALSE);
}

/* The lesson moved on: show what it allows, hide what it asks about. A
 * lesson that moves the window (bulk data, a reader that pauses, a small
 * buffer) shows the window's bars from that step on, as a scenario does,
 * until the user chooses. */
static void
on_lesson_visible_end_changed (SeqackWindow *self,
                               guint         end)
{
  seqack_player_set_limit (self->player, end);
  if (!self->sliding_window_chosen && !self->sliding_window_visible &&
      _seqack_window_trace_moves_window (
        seqack_player_get_trace (self->player), end))
    _seqack_window_show_sliding_window (self, TRUE);
}

/* GObject */

static void
seqack_window_constructed (GObject *object)
{
  SeqackWindow *self = SEQACK_WINDOW (object);
  GtkApplication *app;

  G_OBJECT_CLASS (seqack_window_parent_class)->constructed (object);

  /* Without an application (tests, no session bus) the window reads the
   * settings itself. */
  app = gtk_window_get_application (GTK_WINDOW (self));
  if (SEQACK_IS_APPLICATION (app))
    self->settings =
      g_object_ref (seqack_application_get_settings (SEQACK_APPLICATION (app)));
  else
    {
      g_autoptr(GSettings) settings = seqack_ui_settings_new ();

      self->settings = seqack_settings_new (settings);
    }

  gtk_window_set_default_size (GTK_WINDOW (self),
                               seqack_settings_get_int (self->settings,
                                                        "window-width"),
                               seqack_settings_get_int (self->settings,
                                                        "window-height"));
  if (seqack_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* The wire bar and the view toggles are the settings: the preferences
   * window writes the same keys, and each shows the other's change. */
  bind_spin (self, "latency-ms", self->latency_spin);
  bind_spin (self, "loss-percent", self->loss_spin);
  bind_spin (self, "msl-seconds", self->msl_spin);
  update_two_msl (self);
  g_object_bind_property (self->settings, "absolute-seq", self, "absolute",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->settings, "show-letters", self, "letters",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->settings, "notify::presentation-scale",
                           G_CALLBACK (on_presentation_setting), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::text-scale",
                           G_CALLBACK (_seqack_window_apply_sizes), self,
                           G_CONNECT_SWAPPED);
  g_object_bind_property (self->settings, "inspector-visible",
                          self, "inspector-visible",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->settings, "inspector-height",
                          self->trace_view, "inspector-height",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->settings, "notify::show-state-columns",
                           G_CALLBACK (_seqack_window_apply_presentation),
                           self, G_CONNECT_SWAPPED);
  _seqack_window_apply_presentation (self);

  connect_player (self);
  _seqack_window_setup_open (self);
}

static gboolean
seqack_window_close_request (GtkWindow *window)
{
  SeqackWindow *self = SEQACK_WINDOW (window);
  int width, height;

  if (_seqack_window_keep_open (self))
    return TRUE;

  if (self->presentation)
    g_object_set (self, "presentation", FALSE, NULL);

  gtk_window_get_default_size (window, &width, &height);
  g_object_set (self->settings,
                "window-width", width,
                "window-height", height,
                "window-maximized", gtk_window_is_maximized (window),
                NULL);

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
  _seqack_window_restore_dpi (self);

  if (self->lesson_panel != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->lesson_panel, self);
      seqack_lesson_panel_set_lab (self->lesson_panel, NULL);
    }
  if (self->trace_view != NULL)
    seqack_trace_view_set_layout (self->trace_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEQACK_TYPE_WINDOW);
  g_clear_object (&self->player);

  G_OBJECT_CLASS (seqack_window_parent_class)->dispose (object);
}

static void
seqack_window_finalize (GObject *object)
{
  SeqackWindow *self = SEQACK_WINDOW (object);

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
      g_value_set_boolean (value, self->player != NULL &&
                                  seqack_player_get_playing (self->player));
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
      g_value_set_double (value, self->player != NULL
                                   ? seqack_player_get_speed (self->player)
                                   : 1.0);
      break;
    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;
    case PROP_LESSONS_VISIBLE:
      g_value_set_boolean (value, self->lessons_visible);
      break;
    case PROP_INSPECTOR_VISIBLE:
      g_value_set_boolean (value, self->inspector_visible);
      break;
    case PROP_PACKET_LIST_VISIBLE:
      g_value_set_boolean (value, self->packet_list_visible);
      break;
    case PROP_SLIDING_WINDOW_VISIBLE:
      g_value_set_boolean (value, self->sliding_window_visible);
      break;
    case PROP_SYN_COOKIES:
      /* Linux's default, 1, until there is a lab. */
      g_value_set_string (value, seqack_lab_syn_cookies_name (
        self->player != NULL
        ? seqack_lab_get_config (seqack_player_get_lab (
            self->player))->syn_cookies
        : 1));
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
      /* The player notifies, and the window with it. */
      if (self->player != NULL)
        seqack_player_set_playing (self->player, g_value_get_boolean (value));
      break;
    case PROP_PRESENTATION:
      b = g_value_get_boolean (value);
      if (b == self->presentation)
        break;
      self->presentation = b;
      _seqack_window_apply_presentation (self);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_ABSOLUTE:
      b = g_value_get_boolean (value);
      if (b == self->absolute)
        break;
      self->absolute = b;
      seqack_trace_view_set_absolute (self->trace_view, b);
      seqack_lesson_panel_set_absolute (self->lesson_panel, b);
      seqack_capture_page_set_absolute (self->capture_page, b);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_LETTERS:
      b = g_value_get_boolean (value);
      if (b == self->letters)
        break;
      self->letters = b;
      seqack_trace_view_set_letters (self->trace_view, b);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_SPEED:
      if (self->player != NULL)
        seqack_player_set_speed (self->player, g_value_get_double (value));
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
    case PROP_INSPECTOR_VISIBLE:
      b = g_value_get_boolean (value);
      if (b == self->inspector_visible)
        break;
      self->inspector_visible = b;
      seqack_trace_view_set_inspector_visible (self->trace_view, b);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_PACKET_LIST_VISIBLE:
      /* The user's choice: the window's width no longer decides. */
      self->packet_list_chosen = TRUE;
      _seqack_window_show_packet_list (self, g_value_get_boolean (value));
      break;
    case PROP_SLIDING_WINDOW_VISIBLE:
      self->sliding_window_chosen = TRUE;
      _seqack_window_show_sliding_window (self, g_value_get_boolean (value));
      break;
    case PROP_SYN_COOKIES:
      {
        guint mode;

        if (seqack_lab_syn_cookies_from_name (g_value_get_string (value),
                                              &mode) &&
            self->player != NULL &&
            seqack_lab_get_config (seqack_player_get_lab (
              self->player))->syn_cookies != mode)
          _seqack_window_perform (self, SEQACK_SERVER,
                                  SEQACK_ACTION_SET_SYNCOOKIES, mode, NULL);
      }
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
  if (capture && self->player != NULL)
    seqack_player_set_playing (self->player, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->scenario_button), !capture);
  gtk_widget_set_visible (self->lessons_toggle, !capture);
  /* The lesson panel's own keys (N, R, G...) are global shortcuts: an
   * insensitive panel does not run them. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->lesson_panel), !capture);
  if (self->player != NULL)
    _seqack_window_update_actions (self);
  /* The page's keys (Ctrl+Shift+O...) are its own bindings: they work
   * where the keyboard focus is, so it goes there at once. */
  if (capture)
    gtk_widget_child_focus (GTK_WIDGET (self->capture_page),
                            GTK_DIR_TAB_FORWARD);
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
  /* The inspector under the diagram (I, the "inspector-visible"
   * setting): shown while a segment is selected, unless hidden. */
  properties[PROP_INSPECTOR_VISIBLE] =
    g_param_spec_boolean ("inspector-visible", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));
  /* The packet list beside the diagram (L): shown where the window is
   * wide enough for both, until the user chooses. */
  properties[PROP_PACKET_LIST_VISIBLE] =
    g_param_spec_boolean ("packet-list-visible", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));
  /* "off", "on" (when the SYN queue is full, Linux's default) or
   * "always": net.ipv4.tcp_syncookies 0, 1, 2 in the lab. */
  properties[PROP_SYN_COOKIES] =
    g_param_spec_string ("syn-cookies", NULL, NULL, "on",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  /* Each side's sequence spaces and cwnd plot in its column (W): shown
   * with the scenarios that move the window, until the user chooses. */
  properties[PROP_SLIDING_WINDOW_VISIBLE] =
    g_param_spec_boolean ("sliding-window-visible", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SEQACK_TYPE_CAPTURE_PAGE);
  g_type_ensure (SEQACK_TYPE_LESSON_PANEL);
  g_type_ensure (SEQACK_TYPE_TRACE_VIEW);

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
  BIND (trace_view);
  BIND (play_button);
  BIND (play_content);
  BIND (step_button);
  BIND (skip_button);
  BIND (inspector_toggle);
  BIND (latency_spin);
  BIND (loss_spin);
  BIND (msl_spin);
  BIND (two_msl_label);
  BIND (mode_stack);
  BIND (capture_page);
  BIND (lessons_toggle);
#undef BIND

  _seqack_window_class_actions_init (widget_class);
  _seqack_window_class_open_init (widget_class);
}

static void
seqack_window_init (SeqackWindow *self)
{
  self->seed = 1;
  self->syn_cookies_shown = 1;  /* Linux's default, the lab's too */
  self->inspector_visible = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->client_panel = seqack_trace_view_get_panel (self->trace_view,
                                                    SEQACK_CLIENT);
  self->server_panel = seqack_trace_view_get_panel (self->trace_view,
                                                    SEQACK_SERVER);
  self->sequence_view = seqack_trace_view_get_sequence_view (self->trace_view);
  seqack_sequence_view_set_empty_hint (self->sequence_view,
                                       _("Press Listen on the server, then "
                                         "Connect on the client"));
  gtk_widget_add_css_class (GTK_WIDGET (self->client_panel), "client");
  gtk_widget_add_css_class (GTK_WIDGET (self->server_panel), "server");
  g_signal_connect (seqack_endpoint_panel_get_socket_table (
                      self->client_panel),
                    "socket-selected", G_CALLBACK (on_socket_selected), self);
  g_signal_connect (seqack_endpoint_panel_get_socket_table (
                      self->server_panel),
                    "socket-selected", G_CALLBACK (on_socket_selected), self);

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
  /* The columns widen where the window is wide (own size logic:
   * AdwBreakpoint needs libadwaita 1.4). */
  g_signal_connect_swapped (self, "notify::default-width",
                            G_CALLBACK (_seqack_window_apply_sizes), self);
  g_signal_connect_swapped (self, "notify::default-width",
                            G_CALLBACK (_seqack_window_fit_packet_list), self);
  _seqack_window_fit_packet_list (self);
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

  _seqack_window_build_scenario_menu (self);
}

SeqackWindow *
seqack_window_new (SeqackApplication *application,
                   guint64            seed)
{
  g_return_val_if_fail (application == NULL ||
                        SEQACK_IS_APPLICATION (application), NULL);

  return g_object_new (SEQACK_TYPE_WINDOW,
                       "application", application,
                       "seed", seed,
                       NULL);
}

SeqackLab *
seqack_window_get_lab (SeqackWindow *self)
{
  g_return_val_if_fail (SEQACK_IS_WINDOW (self), NULL);

  return seqack_player_get_lab (self->player);
}

guint
seqack_window_get_n_shown (SeqackWindow *self)
{
  g_return_val_if_fail (SEQACK_IS_WINDOW (self), 0);

  return seqack_player_get_n_shown (self->player);
}
