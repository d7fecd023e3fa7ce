/* seqack-window-actions.c: every button of the window is one of these
 * actions, so a click, a shortcut, a presentation clicker and the tests
 * all drive the same code.
 *
 * lab.*   calls on the lab (per side: lab.client-connect...)
 * view.*  the picture: time, numbers, presentation
 * win.*   files: sessions and pcap export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "seqack-file-chooser.h"
#include "seqack-peer-dialog.h"
#include "seqack-scenario.h"
#include "seqack-trace-format.h"
#include "seqack-window-private.h"

/* What the actions can do now */

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
    { "quit", SEQACK_TCP_CALL_QUIT },
  };
  GtkWidget *widget = GTK_WIDGET (self);
  SeqackLab *lab = seqack_player_get_lab (self->player);
  gboolean shows_present[2];
  guint host[2];
  gboolean can_skip;

  /* A button acts on the lab as it is now; while the picture shows an
   * earlier state of that endpoint (a replay, a step back) its buttons
   * would act on something the user does not see, so they wait. */
  for (SeqackSide side = SEQACK_CLIENT; side <= SEQACK_SERVER; side++)
    {
      host[side] = _seqack_window_host_of (self, side);
      shows_present[side] =
        seqack_player_get_shown_state (self->player, side, NULL, NULL)
          == seqack_lab_get_state (lab, host[side]);
      /* With several clients the side's shown state may be another
       * client's: the buttons wait only for the picture to catch up. */
      if (seqack_trace_has_more_hosts (seqack_lab_get_trace (lab)))
        shows_present[side] = !seqack_player_has_future (self->player);
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
                                       seqack_lab_allows (lab, host[side],
                                                          calls[i].call));
      }

  /* Bulk data needs a side that may send; the reading application is
   * the lab's at any time. */
  for (SeqackSide side = SEQACK_CLIENT; side <= SEQACK_SERVER; side++)
    {
      static const char *const reading[] = {
        "read", "pause-reading", "resume-reading" };
      gboolean now = !self->capture_mode && shows_present[side];
      char name[40];

      g_snprintf (name, sizeof name, "lab.%s-send-bytes",
                  seqack_side_name (side));
      gtk_widget_action_set_enabled (widget, name,
                                     now &&
                                     seqack_lab_allows (lab, host[side],
                                                        SEQACK_TCP_CALL_SEND));
      for (guint i = 0; i < G_N_ELEMENTS (reading); i++)
        {
          g_snprintf (name, sizeof name, "lab.%s-%s",
                      seqack_side_name (side), reading[i]);
          gtk_widget_action_set_enabled (widget, name, now);
        }
    }

  gtk_widget_action_set_enabled (widget, "lab.client-connect-new-port",
                                 !self->capture_mode &&
                                 shows_present[SEQACK_CLIENT]);
  for (guint i = 0; i < 3; i++)
    {
      static const char *const accepting[] = {
        "lab.server-pause-accepting", "lab.server-accept-all",
        "lab.server-accept-one" };

      gtk_widget_action_set_enabled (widget, accepting[i],
                                     !self->capture_mode &&
                                     shows_present[SEQACK_SERVER]);
    }
  gtk_widget_action_set_enabled (widget, "lab.syn-cookies",
                                 !self->capture_mode);
  gtk_widget_action_set_enabled (widget, "lab.add-client",
                                 !self->capture_mode &&
                                 shows_present[SEQACK_CLIENT] &&
                                 !seqack_lab_has_host (lab,
                                                       SEQACK_HOST_LAST_CLIENT));
  gtk_widget_action_set_enabled (widget, "lab.flood-start",
                                 !self->capture_mode &&
                                 shows_present[SEQACK_CLIENT]);
  gtk_widget_action_set_enabled (widget, "lab.flood-stop",
                                 !self->capture_mode &&
                                 seqack_lab_get_flood_rate (lab) > 0);
  /* The lab's setting, after an undo or a scenario: notified when it
   * changed, so the radio buttons follow. */
  {
    guint8 cookies = seqack_lab_get_config (lab)->syn_cookies;

    if (cookies != self->syn_cookies_shown)
      {
        self->syn_cookies_shown = cookies;
        g_object_notify (G_OBJECT (self), "syn-cookies");
      }
  }

  can_skip = !self->capture_mode &&
             seqack_lab_get_n_in_flight (lab) ==
               seqack_lab_get_n_flood_in_flight (lab) &&
             seqack_lab_next_event_time (lab) != SEQACK_NO_DEADLINE;
  gtk_widget_action_set_enabled (widget, "lab.skip-wait", can_skip);
  gtk_widget_action_set_enabled (widget, "lab.undo",
                                 !self->capture_mode &&
                                 seqack_player_can_undo (self->player));
  gtk_widget_action_set_enabled (widget, "lab.redo",
                                 !self->capture_mode &&
                                 seqack_player_can_redo (self->player));
  gtk_widget_action_set_enabled (widget, "view.step-backward",
                                 !self->capture_mode &&
                                 seqack_player_get_n_shown (self->player) > 0);
  gtk_widget_action_set_enabled (widget, "view.step-forward",
                                 !self->capture_mode &&
                                 seqack_player_can_step (self->player));

  /* While the Capture page shows, the keys of the lab (Space, arrows, A,
   * X, P...) must not move a lab nobody sees. */
  for (guint i = 0; i < G_N_ELEMENTS (lab_only_actions); i++)
    gtk_widget_action_set_enabled (widget, lab_only_actions[i],
                                   !self->capture_mode);
}

/* The sliding window */

void
_seqack_window_show_sliding_window (SeqackWindow *self,
                                    gboolean      visible)
{
  visible = !!visible;
  if (visible == self->sliding_window_visible)
    return;
  self->sliding_window_visible = visible;
  seqack_trace_view_set_flow_visible (self->trace_view, visible);
  g_object_notify (G_OBJECT (self), "sliding-window-visible");
}

/* The packet list */

/* Wide enough for the columns, the diagram and the list side by side. */
#define PACKET_LIST_MIN_WINDOW_WIDTH 1500

void
_seqack_window_show_packet_list (SeqackWindow *self,
                                 gboolean      visible)
{
  visible = !!visible;
  if (visible == self->packet_list_visible)
    return;
  self->packet_list_visible = visible;
  seqack_trace_view_set_packet_list_visible (self->trace_view, visible);
  seqack_capture_page_set_packet_list_visible (self->capture_page, visible);
  g_object_notify (G_OBJECT (self), "packet-list-visible");
}

void
_seqack_window_fit_packet_list (SeqackWindow *self)
{
  int width = 0, height = 0;

  if (self->packet_list_chosen)
    return;
  /* GTK 4.8 crashes on a NULL height here. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  _seqack_window_show_packet_list (self,
                                   width >= PACKET_LIST_MIN_WINDOW_WIDTH);
}

/* The actions */

static SeqackSide
side_of (const char *action_name)
{
  /* "lab.client-connect" / "lab.server-connect" */
  return g_str_has_prefix (action_name, "lab.server-") ? SEQACK_SERVER
                                                       : SEQACK_CLIENT;
}

static void
lab_listen (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  SeqackWindow *self = SEQACK_WINDOW (widget);
  SeqackSide side = side_of (action_name);
  guint backlog = side == SEQACK_SERVER
                  ? seqack_endpoint_panel_get_backlog (self->server_panel)
                  : 0;

  /* The lab's own backlog is written as a plain "listen". */
  _seqack_window_perform (self, side, SEQACK_ACTION_LISTEN,
                          backlog == SEQACK_LAB_BACKLOG ? 0 : backlog, NULL);
}

static void
lab_connect (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  _seqack_window_perform (SEQACK_WINDOW (widget), side_of (action_name),
                          SEQACK_ACTION_CONNECT, 0, NULL);
}

/* The server's application and accept(): connections wait in the
 * accept queue, or are accepted all, or one. */
static void
lab_accept (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  SeqackAction action = g_str_has_suffix (action_name, "pause-accepting")
                        ? SEQACK_ACTION_ACCEPT_OFF
                        : g_str_has_suffix (action_name, "accept-all")
                        ? SEQACK_ACTION_ACCEPT_ON : SEQACK_ACTION_ACCEPT;

  _seqack_window_perform (SEQACK_WINDOW (widget), SEQACK_SERVER, action,
                          action == SEQACK_ACTION_ACCEPT ? 1 : 0, NULL);
}

/* From a new socket: connect() picks a new ephemeral port, and the
 * client may hold several connections at once. */
static void
lab_connect_new_port (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  _seqack_window_perform (SEQACK_WINDOW (widget), SEQACK_CLIENT,
                          SEQACK_ACTION_CONNECT, 1, NULL);
}

/* Another client joins the wire (client-2 … client-8); the client
 * panel's buttons act on it from now on. */
static void
lab_add_client (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  SeqackWindow *self = SEQACK_WINDOW (widget);

  if (_seqack_window_perform_on (self, SEQACK_CLIENT,
                                 SEQACK_ACTION_ADD_CLIENT, 0, NULL))
    {
      g_autofree char *message =
        /* TRANSLATORS: "client-2 joined: the Client buttons act on it" */
        g_strdup_printf (_("%s joined: the Client buttons act on it"),
                         seqack_host_label (
                           _seqack_window_host_of (self, SEQACK_CLIENT)));

      _seqack_window_toast (self, message);
    }
}

/* The SYN flood, at the rate the client panel's popover says, or off. */
static void
lab_flood (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  SeqackWindow *self = SEQACK_WINDOW (widget);
  guint rate = g_str_has_suffix (action_name, "start")
               ? seqack_endpoint_panel_get_flood_rate (self->client_panel)
               : 0;

  _seqack_window_perform_on (self, SEQACK_HOST_FLOOD, SEQACK_ACTION_FLOOD,
                             rate, NULL);
}

static void
lab_send (GtkWidget  *widget,
          const char *action_name,
          GVariant   *param)
{
  SeqackWindow *self = SEQACK_WINDOW (widget);
  SeqackSide side = side_of (action_name);
  SeqackEndpointPanel *panel = side == SEQACK_CLIENT ? self->client_panel
                                                     : self->server_panel;
  const char *text = seqack_endpoint_panel_get_send_text (panel);

  if (text == NULL || *text == '\0')
    {
      _seqack_window_toast (self, _("Type some text to send first"));
      return;
    }
  _seqack_window_perform (self, side, SEQACK_ACTION_SEND, 0, text);
}

static void
lab_close (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  _seqack_window_perform (SEQACK_WINDOW (widget), side_of (action_name),
                          SEQACK_ACTION_CLOSE, 0, NULL);
}

static void
lab_abort (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  _seqack_window_perform (SEQACK_WINDOW (widget), side_of (action_name),
                          SEQACK_ACTION_ABORT, 0, NULL);
}

/* Bulk data and the reading application (the panel's popover), as the
 * scenario steps SIDE send-bytes N, read off / on, read N. */
static SeqackEndpointPanel *
panel_for (SeqackWindow *self,
           SeqackSide    side)
{
  return side == SEQACK_CLIENT ? self->client_panel : self->server_panel;
}

static void
lab_send_bytes (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  SeqackWindow *self = SEQACK_WINDOW (widget);
  SeqackSide side = side_of (action_name);

  _seqack_window_perform (self, side, SEQACK_ACTION_SEND_BYTES,
                          seqack_endpoint_panel_get_send_bytes (
                            panel_for (self, side)), NULL);
}

static void
lab_read (GtkWidget  *widget,
          const char *action_name,
          GVariant   *param)
{
  SeqackWindow *self = SEQACK_WINDOW (widget);
  SeqackSide side = side_of (action_name);

  _seqack_window_perform (self, side, SEQACK_ACTION_READ,
                          seqack_endpoint_panel_get_read_bytes (
                            panel_for (self, side)), NULL);
}

static void
lab_pause_reading (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  _seqack_window_perform (SEQACK_WINDOW (widget), side_of (action_name),
                          SEQACK_ACTION_READ_OFF, 0, NULL);
}

static void
lab_resume_reading (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  _seqack_window_perform (SEQACK_WINDOW (widget), side_of (action_name),
                          SEQACK_ACTION_READ_ON, 0, NULL);
}

/* The application closes the socket and exits (the panel's overflow
 * menu): unlike Close, nothing reads afterwards. */
static void
lab_quit (GtkWidget  *widget,
          const char *action_name,
          GVariant   *param)
{
  _seqack_window_perform (SEQACK_WINDOW (widget), side_of (action_name),
                          SEQACK_ACTION_QUIT, 0, NULL);
}

static gboolean
parse_side (GVariant   *param,
            SeqackSide *side)
{
  const char *name = g_variant_get_string (param, NULL);

  if (g_str_equal (name, "client"))
    *side = SEQACK_CLIENT;
  else if (g_str_equal (name, "server"))
    *side = SEQACK_SERVER;
  else
    return FALSE;
  return TRUE;
}

static void
lab_drop_next (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SeqackWindow *self = SEQACK_WINDOW (widget);
  SeqackSide side;

  if (!parse_side (param, &side))
    return;
  /* Pressing it again while armed changes nothing: one segment is lost. */
  if (_seqack_window_drop_armed (self, side))
    {
      _seqack_window_update (self);
      return;
    }
  if (!_seqack_window_perform (self, side, SEQACK_ACTION_DROP_NEXT, 0, NULL))
    return;
  if (side == SEQACK_CLIENT)
    _seqack_window_toast (self, _("The client's next segment will be lost"));
  else
    _seqack_window_toast (self, _("The server's next segment will be lost"));
}

static void
lab_reset (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  SeqackWindow *self = SEQACK_WINDOW (widget);

  _seqack_window_reset_lab (self, NULL, NULL);
  adw_window_title_set_subtitle (self->window_title,
                                 _("How TCP opens and closes a connection"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), NULL);
}

/* After an undo or a redo the wire controls show the lab's settings
 * (the lab has them already: no new action, see on_wire_changed()). */
static void
show_wire_settings (SeqackWindow *self)
{
  const SeqackLabConfig *config =
    seqack_lab_get_config (seqack_player_get_lab (self->player));
  const struct
  {
    GtkSpinButton *spin;
    double         value;
  } wire[] = {
    { self->latency_spin, config->latency / 1000.0 },
    { self->loss_spin, config->loss_rate * 100.0 },
    { self->msl_spin, (double) config->tcp.msl / SEQACK_USEC_PER_SEC },
  };

  for (guint i = 0; i < G_N_ELEMENTS (wire); i++)
    gtk_spin_button_set_value (wire[i].spin, wire[i].value);
}

static void
lab_undo (GtkWidget  *widget,
          const char *action_name,
          GVariant   *param)
{
  SeqackWindow *self = SEQACK_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!seqack_player_can_undo (self->player))
    return;
  if (!seqack_player_undo (self->player, &error))
    _seqack_window_toast (self, error->message);
  show_wire_settings (self);
}

static void
lab_redo (GtkWidget  *widget,
          const char *action_name,
          GVariant   *param)
{
  SeqackWindow *self = SEQACK_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!seqack_player_can_redo (self->player))
    return;
  if (!seqack_player_redo (self->player, &error))
    _seqack_window_toast (self, error->message);
  show_wire_settings (self);
}

static void
lab_skip_wait (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SeqackWindow *self = SEQACK_WINDOW (widget);

  if (!_seqack_window_perform (self, SEQACK_CLIENT, SEQACK_ACTION_SKIP_WAIT,
                               0, NULL))
    _seqack_window_toast (self, _("Nothing to wait for"));
}

static void
lab_scenario (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SeqackWindow *self = SEQACK_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!seqack_window_run_scenario (self, g_variant_get_string (param, NULL),
                                   &error))
    _seqack_window_toast (self, error->message);
}

static void
view_step_forward (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  seqack_player_step (SEQACK_WINDOW (widget)->player);
}

static void
view_step_backward (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  seqack_player_back (SEQACK_WINDOW (widget)->player);
}

/* Text size: one step is a tenth, as a browser's zoom is. */
static void
view_zoom (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  SeqackWindow *self = SEQACK_WINDOW (widget);

  double scale = seqack_settings_get_double (self->settings, "text-scale");

  if (g_str_equal (action_name, "view.zoom-in"))
    _seqack_window_set_text_scale (self, scale + 0.1);
  else if (g_str_equal (action_name, "view.zoom-out"))
    _seqack_window_set_text_scale (self, scale - 0.1);
  else
    _seqack_window_set_text_scale (self, 1.0);
}

static void
view_leave_presentation (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  g_object_set (widget, "presentation", FALSE, NULL);
}

/* Files */

typedef enum
{
  FILE_SAVE_SESSION,
  FILE_OPEN_SESSION,
  FILE_EXPORT_PCAP,
  FILE_EXPORT_DIAGRAM,
} FileJob;

static void
finish_file_job (SeqackWindow *self,
                 FileJob       job,
                 GFile        *file)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  switch (job)
    {
    case FILE_SAVE_SESSION:
      ok = seqack_window_save_session (self, file, &error);
      break;
    case FILE_OPEN_SESSION:
      ok = seqack_window_open_session (self, file, &error);
      break;
    case FILE_EXPORT_PCAP:
      ok = seqack_window_export_pcap (self, file, &error);
      break;
    case FILE_EXPORT_DIAGRAM:
      ok = seqack_window_export_diagram (self, file, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Could not use the file: %s"),
                                 error->message);
      _seqack_window_toast (self, message);
    }
  else if (job == FILE_SAVE_SESSION)
    _seqack_window_toast (self, _("Session saved"));
  else if (job == FILE_EXPORT_PCAP)
    _seqack_window_toast (self, _("Capture exported"));
  else if (job == FILE_EXPORT_DIAGRAM)
    _seqack_window_toast (self, _("Diagram exported"));
}

static GtkFileFilter *
filter_for (FileJob job)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  if (job == FILE_EXPORT_PCAP)
    {
      gtk_file_filter_set_name (filter, _("Packet captures (pcap)"));
      gtk_file_filter_add_pattern (filter, "*.pcap");
    }
  else if (job == FILE_EXPORT_DIAGRAM)
    {
      gtk_file_filter_set_name (filter, _("Diagrams (PDF, SVG, PNG)"));
      gtk_file_filter_add_pattern (filter, "*.pdf");
      gtk_file_filter_add_pattern (filter, "*.svg");
      gtk_file_filter_add_pattern (filter, "*.png");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("SeqAck sessions and scenarios"));
      gtk_file_filter_add_pattern (filter, "*.seqack");
      gtk_file_filter_add_pattern (filter, "*.scenario");
    }

  return filter;
}

static void
on_file_chosen (GObject  *owner,
                GFile    *file,
                gpointer  data)
{
  finish_file_job (SEQACK_WINDOW (owner), GPOINTER_TO_INT (data), file);
}

static void
choose_file (SeqackWindow *self,
             FileJob       job,
             const char   *title,
             const char   *name)
{
  g_autoptr(GtkFileFilter) filter = filter_for (job);

  seqack_choose_file (GTK_WIDGET (self), job != FILE_OPEN_SESSION, title,
                      name, filter, G_OBJECT (self), on_file_chosen,
                      GINT_TO_POINTER (job));
}

static void
win_save_session (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  choose_file (SEQACK_WINDOW (widget), FILE_SAVE_SESSION,
               _("Save Session"), "lesson.seqack");
}

static void
win_open_session (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  choose_file (SEQACK_WINDOW (widget), FILE_OPEN_SESSION,
               _("Open Session"), NULL);
}

static void
win_export_pcap (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SeqackWindow *self = SEQACK_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  /* Said before a file is chosen, not after. */
  if (_seqack_window_question_open (self, &error))
    {
      _seqack_window_toast (self, error->message);
      return;
    }
  choose_file (self, FILE_EXPORT_PCAP, _("Export pcap"), "seqack.pcap");
}

static void
win_export_diagram (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  choose_file (SEQACK_WINDOW (widget), FILE_EXPORT_DIAGRAM,
               _("Export Diagram"), "seqack-diagram.pdf");
}

static void
win_copy_ladder (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SeqackWindow *self = SEQACK_WINDOW (widget);
  g_autofree char *ladder = seqack_window_get_ladder (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), ladder);
  _seqack_window_toast (self, _("Ladder copied as text"));
}

/* Modes and the external peer */

static void
win_mode (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  GObject *stack = gtk_widget_get_template_child (widget, SEQACK_TYPE_WINDOW,
                                                  "mode_stack");

  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack),
                                         g_variant_get_string (parameter,
                                                               NULL));
}

static void
win_external_peer (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SeqackPeerDialog *dialog = seqack_peer_dialog_new (GTK_WINDOW (widget));

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Installation */

static void
install_side_action (GtkWidgetClass              *widget_class,
                     const char                  *call,
                     GtkWidgetActionActivateFunc  activate,
                     guint                        key,
                     GdkModifierType              client_mods,
                     GdkModifierType              server_mods)
{
  char name[32];

  g_snprintf (name, sizeof name, "lab.client-%s", call);
  gtk_widget_class_install_action (widget_class, name, NULL, activate);
  gtk_widget_class_add_binding_action (widget_class, key, client_mods, name,
                                       NULL);
  g_snprintf (name, sizeof name, "lab.server-%s", call);
  gtk_widget_class_install_action (widget_class, name, NULL, activate);
  gtk_widget_class_add_binding_action (widget_class, key, server_mods, name,
                                       NULL);
}

void
_seqack_window_class_actions_init (GtkWidgetClass *widget_class)
{
  const GdkModifierType ctrl = GDK_CONTROL_MASK;
  const GdkModifierType ctrl_shift = GDK_CONTROL_MASK | GDK_SHIFT_MASK;
  const char *const *names;

  /* The server usually listens and the client connects: those get the
   * plain Ctrl shortcut, the other side adds Shift. */
  install_side_action (widget_class, "listen", lab_listen, GDK_KEY_l,
                       ctrl_shift, ctrl);
  install_side_action (widget_class, "connect", lab_connect, GDK_KEY_k,
                       ctrl, ctrl_shift);
  install_side_action (widget_class, "send", lab_send, GDK_KEY_Return,
                       ctrl, ctrl_shift);
  install_side_action (widget_class, "close", lab_close, GDK_KEY_e,
                       ctrl, ctrl_shift);
  install_side_action (widget_class, "abort", lab_abort, GDK_KEY_b,
                       ctrl, ctrl_shift);
  install_side_action (widget_class, "quit", lab_quit, GDK_KEY_e,
                       ctrl | GDK_ALT_MASK, ctrl_shift | GDK_ALT_MASK);
  install_side_action (widget_class, "send-bytes", lab_send_bytes, GDK_KEY_g,
                       ctrl, ctrl_shift);
  install_side_action (widget_class, "read", lab_read, GDK_KEY_y,
                       ctrl | GDK_ALT_MASK, ctrl_shift | GDK_ALT_MASK);
  install_side_action (widget_class, "pause-reading", lab_pause_reading,
                       GDK_KEY_u, ctrl, ctrl_shift);
  install_side_action (widget_class, "resume-reading", lab_resume_reading,
                       GDK_KEY_u, ctrl | GDK_ALT_MASK,
                       ctrl_shift | GDK_ALT_MASK);

  gtk_widget_class_install_action (widget_class,
                                   "lab.client-connect-new-port", NULL,
                                   lab_connect_new_port);
  gtk_widget_class_install_action (widget_class, "lab.add-client", NULL,
                                   lab_add_client);
  gtk_widget_class_install_action (widget_class, "lab.flood-start", NULL,
                                   lab_flood);
  gtk_widget_class_install_action (widget_class, "lab.flood-stop", NULL,
                                   lab_flood);
  gtk_widget_class_install_action (widget_class,
                                   "lab.server-pause-accepting", NULL,
                                   lab_accept);
  gtk_widget_class_install_action (widget_class, "lab.server-accept-all",
                                   NULL, lab_accept);
  gtk_widget_class_install_action (widget_class, "lab.server-accept-one",
                                   NULL, lab_accept);
  gtk_widget_class_install_property_action (widget_class, "lab.syn-cookies",
                                            "syn-cookies");
  gtk_widget_class_install_action (widget_class, "lab.drop-next", "s",
                                   lab_drop_next);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, ctrl,
                                       "lab.drop-next", "s", "client");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, ctrl_shift,
                                       "lab.drop-next", "s", "server");
  gtk_widget_class_install_action (widget_class, "lab.reset", NULL,
                                   lab_reset);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, ctrl,
                                       "lab.reset", NULL);
  gtk_widget_class_install_action (widget_class, "lab.undo", NULL,
                                   lab_undo);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, ctrl,
                                       "lab.undo", NULL);
  gtk_widget_class_install_action (widget_class, "lab.redo", NULL,
                                   lab_redo);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, ctrl_shift,
                                       "lab.redo", NULL);
  gtk_widget_class_install_action (widget_class, "lab.skip-wait", NULL,
                                   lab_skip_wait);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, ctrl,
                                       "lab.skip-wait", NULL);
  gtk_widget_class_install_action (widget_class, "lab.scenario", "s",
                                   lab_scenario);
  names = seqack_scenario_builtin_names ();
  for (guint i = 0; names != NULL && names[i] != NULL && i < 9; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, ctrl,
                                         "lab.scenario", "s", names[i]);

  gtk_widget_class_install_property_action (widget_class, "sidebar.lessons",
                                            "lessons-visible");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0,
                                       "sidebar.lessons", NULL);

  gtk_widget_class_install_property_action (widget_class, "view.play",
                                            "playing");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, 0,
                                       "view.play", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_AudioPlay, 0,
                                       "view.play", NULL);

  gtk_widget_class_install_action (widget_class, "view.step-forward", NULL,
                                   view_step_forward);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0,
                                       "view.step-forward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0,
                                       "view.step-forward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0,
                                       "view.step-forward", NULL);
  gtk_widget_class_install_action (widget_class, "view.step-backward", NULL,
                                   view_step_backward);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0,
                                       "view.step-backward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0,
                                       "view.step-backward", NULL);

  gtk_widget_class_install_property_action (widget_class,
                                            "view.presentation",
                                            "presentation");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0,
                                       "view.presentation", NULL);
  gtk_widget_class_install_action (widget_class, "view.leave-presentation",
                                   NULL, view_leave_presentation);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "view.leave-presentation", NULL);
  gtk_widget_class_install_property_action (widget_class, "view.inspector",
                                            "inspector-visible");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, 0,
                                       "view.inspector", NULL);
  gtk_widget_class_install_property_action (widget_class, "view.packet-list",
                                            "packet-list-visible");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, 0,
                                       "view.packet-list", NULL);
  gtk_widget_class_install_property_action (widget_class,
                                            "view.sliding-window",
                                            "sliding-window-visible");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, 0,
                                       "view.sliding-window", NULL);
  gtk_widget_class_install_action (widget_class, "view.zoom-in", NULL,
                                   view_zoom);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, ctrl,
                                       "view.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, ctrl,
                                       "view.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, ctrl,
                                       "view.zoom-in", NULL);
  gtk_widget_class_install_action (widget_class, "view.zoom-out", NULL,
                                   view_zoom);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, ctrl,
                                       "view.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract,
                                       ctrl, "view.zoom-out", NULL);
  gtk_widget_class_install_action (widget_class, "view.zoom-reset", NULL,
                                   view_zoom);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, ctrl,
                                       "view.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, ctrl,
                                       "view.zoom-reset", NULL);
  gtk_widget_class_install_property_action (widget_class, "view.absolute",
                                            "absolute");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, 0,
                                       "view.absolute", NULL);
  gtk_widget_class_install_property_action (widget_class, "view.letters",
                                            "letters");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_x, 0,
                                       "view.letters", NULL);

  gtk_widget_class_install_action (widget_class, "win.save-session", NULL,
                                   win_save_session);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, ctrl,
                                       "win.save-session", NULL);
  gtk_widget_class_install_action (widget_class, "win.open-session", NULL,
                                   win_open_session);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, ctrl,
                                       "win.open-session", NULL);
  gtk_widget_class_install_action (widget_class, "win.export-pcap", NULL,
                                   win_export_pcap);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, ctrl_shift,
                                       "win.export-pcap", NULL);
  gtk_widget_class_install_action (widget_class, "win.export-diagram", NULL,
                                   win_export_diagram);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, ctrl,
                                       "win.export-diagram", NULL);
  gtk_widget_class_install_action (widget_class, "win.copy-ladder", NULL,
                                   win_copy_ladder);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, ctrl_shift,
                                       "win.copy-ladder", NULL);

  /* Ctrl+1…9 are the scenarios: the modes take Alt+1 and Alt+2. */
  gtk_widget_class_install_action (widget_class, "win.mode", "s", win_mode);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.mode", "s", "lab");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.mode", "s", "capture");
  gtk_widget_class_install_action (widget_class, "win.external-peer", NULL,
                                   win_external_peer);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, ctrl_shift,
                                       "win.external-peer", NULL);
}
