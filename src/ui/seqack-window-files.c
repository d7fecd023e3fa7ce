/* seqack-window-files.c: what the window runs, reads and writes: built-in
 * scenarios and sessions, the pcap and diagram exports, the text ladder
 * and screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "seqack-export.h"
#include "seqack-scenario.h"
#include "seqack-trace-format.h"
#include "seqack-window-private.h"

/* Runs */

SeqackSession *
_seqack_window_new_session (SeqackWindow *self)
{
  SeqackSession *session;

  session = seqack_session_new (self->seed,
                                gtk_spin_button_get_value (self->latency_spin)
                                  * 1000,
                                gtk_spin_button_get_value (self->loss_spin)
                                  / 100.0,
                                gtk_spin_button_get_value (self->msl_spin)
                                  * SEQACK_USEC_PER_SEC);
  /* RFC 6298's 1 s, or Linux's 200 ms (Preferences): for the whole run,
   * so it is set here and saved with the session. */
  seqack_session_set_linux_rto_min (session,
                                    seqack_settings_get_boolean (
                                      self->settings, "linux-rto-min"));
  return session;
}

static SeqackLab *
new_lab (SeqackSession *session)
{
  SeqackLabConfig config;

  seqack_session_get_config (session, &config);
  return seqack_lab_new (&config);
}

SeqackLab *
_seqack_window_new_user_lab (SeqackWindow  *self,
                             SeqackSession *session)
{
  static const struct
  {
    const char  *key;
    SeqackAction action;
  } options[] = {
    { "initial-window-10", SEQACK_ACTION_SET_IW10 },
    { "nagle", SEQACK_ACTION_SET_NAGLE },
  };
  SeqackLab *lab = new_lab (session);

  /* Linux's IW10 and Nagle (Preferences) are the run's first steps, "set
   * iw10 on" and "set nagle on": labelled in the ladder, saved with the
   * session, replayed with it. */
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    if (seqack_settings_get_boolean (self->settings, options[i].key))
      {
        g_autoptr(GError) error = NULL;

        if (!seqack_session_perform (session, lab, SEQACK_CLIENT,
                                     options[i].action, 1, NULL, &error))
          g_warning ("%s: %s", options[i].key, error->message);
      }
  return lab;
}

void
_seqack_window_reset_lab (SeqackWindow  *self,
                          SeqackSession *session,
                          SeqackLab     *lab)
{
  if (session == NULL)
    session = _seqack_window_new_session (self);
  if (lab == NULL)
    lab = _seqack_window_new_user_lab (self, session);

  self->epoch_us = g_get_real_time ();
  seqack_player_reset (self->player, session, lab);
  _seqack_window_mark_saved (self);
}

gboolean
_seqack_window_trace_moves_window (SeqackTrace *trace,
                                   guint        end)
{
  if (trace == NULL)
    return FALSE;
  end = MIN (end, seqack_trace_get_n_events (trace));
  for (guint i = 0; i < end; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_ACTION
          && (ev->from == SEQACK_ACTION_SEND_BYTES
              || ev->from == SEQACK_ACTION_READ_OFF
              || ev->from == SEQACK_ACTION_READ
              || ev->from == SEQACK_ACTION_SET_RCVBUF))
        return TRUE;
    }
  return FALSE;
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

  session = _seqack_window_new_session (self);
  seqack_session_set_scenario (session, name);
  lab = new_lab (session);
  if (!seqack_scenario_run (scenario, lab, error))
    return FALSE;

  _seqack_window_reset_lab (self, g_steal_pointer (&session),
                            g_steal_pointer (&lab));
  adw_window_title_set_subtitle (self->window_title,
                                 seqack_scenario_get_description (scenario));
  /* A narrow header ellipsizes the description: the tooltip has it all. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title),
                               seqack_scenario_get_description (scenario));
  /* A scenario that moves the window (bulk data, a reader that pauses,
   * a small buffer) shows the window's bars, until the user chooses. */
  if (!self->sliding_window_chosen)
    _seqack_window_show_sliding_window (self,
      _seqack_window_trace_moves_window (
        seqack_player_get_trace (self->player), G_MAXUINT));
  seqack_player_set_playing (self->player, TRUE);

  return TRUE;
}

void
seqack_window_show_all (SeqackWindow *self)
{
  g_return_if_fail (SEQACK_IS_WINDOW (self));

  seqack_player_show_all (self->player);
}

gboolean
seqack_window_show_until_state (SeqackWindow   *self,
                                SeqackTcpState  state)
{
  g_return_val_if_fail (SEQACK_IS_WINDOW (self), FALSE);

  return seqack_player_show_until_state (self->player, state);
}

gboolean
seqack_window_show_segments (SeqackWindow *self,
                             guint         n)
{
  SeqackTrace *trace;
  guint found = 0;

  g_return_val_if_fail (SEQACK_IS_WINDOW (self), FALSE);

  trace = seqack_player_get_trace (self->player);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT &&
        ++found == n)
      {
        seqack_player_seek (self->player, i + 1);
        return TRUE;
      }

  return FALSE;
}

gboolean
seqack_window_open_lesson (SeqackWindow *self,
                           const char   *name,
                           GError      **error)
{
  g_return_val_if_fail (SEQACK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!seqack_lesson_panel_load_builtin (self->lesson_panel, name, error))
    return FALSE;
  g_object_set (self, "lessons-visible", TRUE, NULL);
  return TRUE;
}

/* The Scenarios menu's sections, in the order a course meets them. A
 * built-in not named here goes to the last section. */
static const struct
{
  const char *title;
  const char *names[12];
} scenario_sections[] = {
  { N_("Handshake and Teardown"),
    { "handshake", "hello-goodbye", "half-close", "server-closes-first",
      "simultaneous-open", "simultaneous-close", "abort", "closed-port",
      "quit-app" } },
  { N_("Loss and Timers"),
    { "lost-syn", "lost-syn-ack", "lost-final-ack", "old-duplicate-syn",
      "reordering", "high-latency", "lost-retransmission" } },
  { N_("Flow Control"),
    { "bulk-transfer", "zero-window", "lost-data", "rto-collapse",
      "slow-start-restart" } },
  { N_("Many Connections"),
    { "two-connections", "two-clients", "reconnect", "time-wait-reuse",
      "server-time-wait", "accept-queue-full", "syn-queue-full",
      "syn-queue-cookies", "syn-flood", "syn-cookies" } },
};

static guint
scenario_section (const char *name)
{
  for (guint s = 0; s < G_N_ELEMENTS (scenario_sections); s++)
    for (guint i = 0; scenario_sections[s].names[i] != NULL; i++)
      if (g_str_equal (scenario_sections[s].names[i], name))
        return s;
  return G_N_ELEMENTS (scenario_sections) - 1;
}

/* Human titles in the user's language, in sections; the shortcuts stay
 * Ctrl+1…9 in the order of seqack_scenario_builtin_names(). */
void
_seqack_window_build_scenario_menu (SeqackWindow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  const char *const *names = seqack_scenario_builtin_names ();

  for (guint s = 0; s < G_N_ELEMENTS (scenario_sections); s++)
    {
      g_autoptr(GMenu) section = g_menu_new ();

      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        {
          g_autoptr(SeqackScenario) scenario = NULL;
          g_autoptr(GMenuItem) item = NULL;

          if (scenario_section (names[i]) != s)
            continue;
          scenario = seqack_scenario_builtin (names[i], NULL);
          item = g_menu_item_new (scenario != NULL
                                    ? seqack_scenario_get_title (scenario)
                                    : names[i],
                                  NULL);
          g_menu_item_set_action_and_target_value (item, "lab.scenario",
                                                   g_variant_new_string (names[i]));
          if (i < 9)
            {
              char accel[16];

              g_snprintf (accel, sizeof accel, "<Control>%u", i + 1);
              g_menu_item_set_attribute (item, "accel", "s", accel);
            }
          g_menu_append_item (section, item);
        }
      if (g_menu_model_get_n_items (G_MENU_MODEL (section)) > 0)
        g_menu_append_section (menu, _(scenario_sections[s].title),
                               G_MENU_MODEL (section));
    }

  gtk_menu_button_set_menu_model (self->scenario_button, G_MENU_MODEL (menu));
}

/* Files */

gboolean
seqack_window_save_session (SeqackWindow *self,
                            GFile        *file,
                            GError      **error)
{
  SeqackSession *session;
  g_autofree char *text = NULL;

  g_return_val_if_fail (SEQACK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  session = seqack_player_get_session (self->player);
  seqack_session_set_absolute (session, self->absolute);
  seqack_session_set_letters (session, self->letters);
  text = seqack_session_to_string (session);

  if (!g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                G_FILE_CREATE_NONE, NULL, NULL, error))
    return FALSE;
  _seqack_window_mark_saved (self);
  return TRUE;
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

  /* The capture holds every segment the lab sent, the one a lesson's
   * open question hides too. */
  if (_seqack_window_question_open (self, error))
    return FALSE;
  path = local_path (file, _("Only local files can hold a capture"), error);
  if (path == NULL)
    return FALSE;

  return seqack_trace_write_pcap (seqack_player_get_trace (self->player),
                                  path, self->epoch_us, error);
}

gboolean
seqack_window_export_diagram (SeqackWindow *self,
                              GFile        *file,
                              GError      **error)
{
  g_autofree char *path = NULL;
  SeqackExportOptions options;
  SeqackSocketKey connection;
  SeqackSequenceLayout *layout;
  guint n_shown;

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
  n_shown = seqack_player_get_n_shown (self->player);
  if (n_shown == 0)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("Nothing is shown yet: there is no diagram to export"));
      return FALSE;
    }
  /* What the class sees: the picture up to the step on screen. */
  options.end_event = n_shown;
  options.absolute = self->absolute;
  options.letters = self->letters;
  /* The bars and the plot, when they are on screen. */
  options.flow = self->sliding_window_visible;
  /* The connection the diagram shows alone, if it does. */
  layout = seqack_player_get_layout (self->player);
  if (layout != NULL &&
      seqack_sequence_layout_get_connection_filter (layout, &connection))
    options.connection = &connection;

  return seqack_export_write (seqack_player_get_trace (self->player), path,
                              &options, error);
}

char *
seqack_window_get_ladder (SeqackWindow *self)
{
  SeqackFormatOptions options = { 0 };
  GString *ladder;
  SeqackTrace *trace;
  guint n_shown;

  g_return_val_if_fail (SEQACK_IS_WINDOW (self), NULL);

  trace = seqack_player_get_trace (self->player);
  n_shown = seqack_player_get_n_shown (self->player);
  options.absolute = self->absolute;
  ladder = g_string_new (NULL);
  seqack_trace_format_text_header (trace, ladder);
  for (guint i = 0; i < n_shown; i++)
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
