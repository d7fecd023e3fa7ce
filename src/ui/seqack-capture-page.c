/* seqack-capture-page.c: the capture mode of the window.
 *
 * The page owns one SeqackCapture at a time (a loaded file or a live
 * capture being fed) and lays out the Trace of the conversation chosen
 * in the list; the views are the lab's own widgets, so a real kernel
 * handshake looks exactly like the simulated one. Loading and capturing
 * run on the capture layer's worker threads; everything here runs on the
 * main thread. The list's model is a GtkStringList of row numbers: the
 * cells read the capture, and a live update replaces the rows that
 * changed so they are bound again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "seqack-capture-demo.h"
#include "seqack-capture-live.h"
#include "seqack-capture-loader.h"
#include "seqack-capture-page.h"
#include "seqack-endpoint-panel.h"
#include "seqack-file-chooser.h"
#include "seqack-inspector.h"
#include "seqack-sequence-render.h"

/* After the demo connection closed, frames still in the kernel's buffer
 * (the last ACK) reach the capture within one batch interval; wait a few
 * of them before stopping. */
#define DEMO_STOP_DELAY_MS 300

enum
{
  COLUMN_NUMBER,
  COLUMN_CLIENT,
  COLUMN_SERVER,
  COLUMN_PACKETS,
  COLUMN_DURATION,
  COLUMN_END,
  N_COLUMNS
};

struct _SeqackCapturePage
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkWidget            *toolbar;
  GtkWidget            *progress_box;
  GtkProgressBar       *progress_bar;
  GtkDropDown          *interface_dropdown;
  GtkEntry             *filter_entry;
  GtkWidget            *message_box;
  GtkLabel             *message_label;
  GtkLabel             *status_label;
  GtkColumnView        *conversation_view;
  GtkStack             *content_stack;
  SeqackEndpointPanel  *client_panel;
  SeqackEndpointPanel  *server_panel;
  SeqackSequenceView   *sequence_view;
  SeqackInspector      *inspector;

  /* Model */
  GtkStringList        *rows;          /* "0", "1"...: conversation index */
  GtkSingleSelection   *selection;
  GtkStringList        *interfaces;
  SeqackCapture        *capture;
  SeqackCaptureLoader  *loader;
  char                 *loading_name;
  SeqackCaptureLive    *live;
  SeqackCaptureDemo    *demo;          /* while the demo runs */
  GCancellable         *demo_cancellable;
  guint                 demo_stop_id;
  guint                 scroll_tick_id;
  guint                 selected;      /* conversation shown */
  SeqackSequenceLayout *layout;        /* of its trace */
  guint                 selected_event;
  char                 *sandbox_message; /* NULL when live capture works */
  gboolean              syncing;
  gboolean              absolute;    /* the window's Absolute toggle */
};

G_DEFINE_FINAL_TYPE (SeqackCapturePage, seqack_capture_page, GTK_TYPE_WIDGET)

static void update_actions (SeqackCapturePage *self);

/* Messages */

static void
show_message (SeqackCapturePage *self,
              const char        *message)
{
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->message_box,
                          message != NULL || self->sandbox_message != NULL);
  if (message == NULL && self->sandbox_message != NULL)
    gtk_label_set_label (self->message_label, self->sandbox_message);
}

static void
update_status (SeqackCapturePage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->capture != NULL)
    {
      const SeqackCaptureStats *stats = seqack_capture_get_stats (self->capture);
      const char *warning = seqack_capture_get_warning (self->capture);
      guint n = seqack_capture_get_n_conversations (self->capture);
      char n_frames[24], n_tcp[24], n_other[24], n_bad[24];

      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u TCP conversation",
                                           "%u TCP conversations", n),
                              n);
      g_string_append (text, " · ");
      /* Numbers as strings: a format macro inside _() cannot be
       * translated. */
      g_snprintf (n_frames, sizeof n_frames, "%" G_GUINT64_FORMAT,
                  stats->n_frames);
      g_snprintf (n_tcp, sizeof n_tcp, "%" G_GUINT64_FORMAT, stats->n_tcp);
      g_snprintf (n_other, sizeof n_other, "%" G_GUINT64_FORMAT,
                  stats->n_not_tcp);
      g_snprintf (n_bad, sizeof n_bad, "%" G_GUINT64_FORMAT, stats->n_bad);
      g_string_append_printf (text, _("%s frames, %s TCP segments, %s other, "
                                      "%s damaged"),
                              n_frames, n_tcp, n_other, n_bad);
      if (self->live != NULL && seqack_capture_live_is_running (self->live))
        {
          g_string_append (text, " · ");
          g_string_append_printf (text, _("capturing on %s"),
                                  seqack_capture_live_get_interface (self->live));
        }
      if (warning != NULL)
        {
          g_string_append (text, " · ");
          g_string_append (text, warning);
        }
    }
  else if (self->loader == NULL)
    g_string_append (text, _("No capture open"));

  gtk_label_set_label (self->status_label, text->str);
}

/* The conversation list */

static char *
cell_text (SeqackCapturePage *self,
           guint              index,
           guint              column)
{
  SeqackConversation *conv;
  const SeqackConversationInfo *info;
  char buf[64];

  if (self->capture == NULL ||
      index >= seqack_capture_get_n_conversations (self->capture))
    return g_strdup ("");

  conv = seqack_capture_get_conversation (self->capture, index);
  info = seqack_conversation_get_info (conv);
  switch (column)
    {
    case COLUMN_NUMBER:
      return g_strdup_printf ("%u", index + 1);
    case COLUMN_CLIENT:
      return g_strdup (seqack_endpoint_to_string (&info->client, buf));
    case COLUMN_SERVER:
      return g_strdup (seqack_endpoint_to_string (&info->server, buf));
    case COLUMN_PACKETS:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, info->n_packets);
    case COLUMN_DURATION:
      {
        double seconds = seqack_conversation_get_duration (conv);

        /* A loopback handshake takes microseconds: "0.000 s" would hide
         * it. */
        if (seconds < 1.0)
          return g_strdup_printf (_("%.3f ms"), seconds * 1000.0);
        return g_strdup_printf (_("%.3f s"), seconds);
      }
    case COLUMN_END:
      switch (info->end)
        {
        case SEQACK_CONVERSATION_FIN:
          return g_strdup (_("FIN"));
        case SEQACK_CONVERSATION_RST:
          return g_strdup (_("RST"));
        case SEQACK_CONVERSATION_OPEN:
        default:
          return g_strdup (_("open"));
        }
    default:
      g_assert_not_reached ();
    }
}

static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory),
                                                      "column"));
  GtkWidget *label = gtk_label_new (NULL);

  if (column == COLUMN_NUMBER || column == COLUMN_PACKETS ||
      column == COLUMN_DURATION)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "numeric");
    }
  else
    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (column == COLUMN_CLIENT || column == COLUMN_SERVER)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_add_css_class (label, "monospace");
    }
  gtk_list_item_set_child (item, label);
}

static void
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  SeqackCapturePage *self = user_data;
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory),
                                                      "column"));
  GtkStringObject *row = gtk_list_item_get_item (item);
  guint index = (guint) g_ascii_strtoull (gtk_string_object_get_string (row),
                                          NULL, 10);
  g_autofree char *text = cell_text (self, index, column);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
add_column (SeqackCapturePage *self,
            guint              column,
            const char        *title,
            gboolean           expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), self);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->conversation_view, view_column);
  g_object_unref (view_column);
}

static void
select_row_quietly (SeqackCapturePage *self,
                    guint              index)
{
  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->selection,
                                     index == G_MAXUINT ? GTK_INVALID_LIST_POSITION
                                                        : index);
  self->syncing = FALSE;
}

/* Appends rows for new conversations and rebinds the rows in @changed
 * (NULL: none). */
static void
sync_rows (SeqackCapturePage *self,
           GHashTable        *changed)
{
  guint n = self->capture != NULL
            ? seqack_capture_get_n_conversations (self->capture) : 0;
  guint have = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  GHashTableIter iter;
  gpointer key;

  self->syncing = TRUE;
  if (changed != NULL)
    {
      g_hash_table_iter_init (&iter, changed);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          guint index = GPOINTER_TO_UINT (key) - 1;
          char number[16];
          const char *const items[] = { number, NULL };

          if (index >= have)
            continue;
          g_snprintf (number, sizeof number, "%u", index);
          gtk_string_list_splice (self->rows, index, 1, items);
        }
    }
  for (; have < n; have++)
    {
      char number[16];

      g_snprintf (number, sizeof number, "%u", have);
      gtk_string_list_append (self->rows, number);
    }
  self->syncing = FALSE;

  select_row_quietly (self, self->selected);
}

/* The views */

static void
update_panel (SeqackCapturePage   *self,
              SeqackEndpointPanel *panel,
              SeqackSide           side)
{
  SeqackTrace *trace = seqack_sequence_layout_get_trace (self->layout);
  guint n = seqack_trace_get_n_events (trace);
  SeqackTcpState state = SEQACK_TCP_CLOSED;
  SeqackTcpEdge edge = SEQACK_TCP_EDGE_NONE;
  SeqackTcpState edge_from = SEQACK_TCP_N_STATES;
  const SeqackEndpoint *endpoint;
  SeqackTcpVars vars;
  char buf[64];

  /* The last state change of @side; captures have a handful, early on,
   * so this walks back over the data segments of a long conversation
   * only when the state did not change for a long time. */
  for (guint i = n; i-- > 0;)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_STATE && ev->side == side)
        {
          state = ev->to;
          edge = ev->edge;
          edge_from = ev->from;
          break;
        }
    }
  seqack_endpoint_panel_set_state (panel, state, edge, edge_from);

  endpoint = seqack_trace_get_endpoint (trace, side);
  if (endpoint != NULL)
    seqack_endpoint_panel_set_address (panel,
                                       seqack_endpoint_to_string (endpoint,
                                                                  buf));

  if (n > 0 && seqack_trace_get_vars (trace, n - 1, side, &vars))
    {
      guint32 own, peer;

      if (!seqack_trace_get_base (trace, n - 1, side, &own))
        own = vars.iss;
      if (!seqack_trace_get_base (trace, n - 1, SEQACK_OTHER_SIDE (side),
                                  &peer))
        peer = vars.irs;
      seqack_endpoint_panel_set_vars (panel, &vars, self->absolute, own,
                                      peer);
    }
  else
    seqack_endpoint_panel_set_vars (panel, NULL, self->absolute, 0, 0);
  seqack_endpoint_panel_set_countdown (panel, NULL);
}

static void
refresh_views (SeqackCapturePage *self)
{
  guint n;

  if (self->layout == NULL)
    return;

  seqack_sequence_layout_update (self->layout);
  n = seqack_trace_get_n_events (seqack_sequence_layout_get_trace (self->layout));
  seqack_sequence_view_set_shown (self->sequence_view, n, 1.0,
                                  SEQACK_NOW_LAST_SHOWN);
  update_panel (self, self->client_panel, SEQACK_CLIENT);
  update_panel (self, self->server_panel, SEQACK_SERVER);
  seqack_inspector_show (self->inspector, self->layout, self->selected_event,
                         self->absolute, FALSE);
}

static void
clear_shown (SeqackCapturePage *self)
{
  seqack_sequence_view_set_layout (self->sequence_view, NULL);
  seqack_inspector_show (self->inspector, NULL, SEQACK_NO_EVENT, FALSE,
                         FALSE);
  g_clear_pointer (&self->layout, seqack_sequence_layout_free);
  self->selected = G_MAXUINT;
  self->selected_event = SEQACK_NO_EVENT;
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

/* The view keeps its newest row in sight whenever it gets a new size,
 * which for a page just shown happens at the next frame's layout: scroll
 * now and once more at the first frame after the view has its size. */
static gboolean
scroll_to_top_tick (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  SeqackCapturePage *self = user_data;
  GtkAdjustment *vadj =
    gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (widget));

  if (vadj != NULL)
    gtk_adjustment_set_value (vadj, gtk_adjustment_get_lower (vadj));
  if (gtk_widget_get_height (widget) > 0)
    {
      self->scroll_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
scroll_to_top (SeqackCapturePage *self)
{
  GtkWidget *view = GTK_WIDGET (self->sequence_view);

  scroll_to_top_tick (view, NULL, self);
  if (self->scroll_tick_id != 0)
    gtk_widget_remove_tick_callback (view, self->scroll_tick_id);
  self->scroll_tick_id = gtk_widget_add_tick_callback (view,
                                                       scroll_to_top_tick,
                                                       self, NULL);
}

static void
show_conversation (SeqackCapturePage *self,
                   guint              index)
{
  SeqackConversation *conv;
  SeqackTrace *trace;

  clear_shown (self);
  if (self->capture == NULL ||
      index >= seqack_capture_get_n_conversations (self->capture))
    return;

  conv = seqack_capture_get_conversation (self->capture, index);
  trace = seqack_conversation_get_trace (conv);
  self->selected = index;
  self->layout = seqack_sequence_layout_new (trace);
  /* The first segment is what a class looks at first: the SYN. */
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT)
      {
        self->selected_event = i;
        break;
      }
  seqack_sequence_view_set_layout (self->sequence_view, self->layout);
  seqack_sequence_view_set_selected (self->sequence_view,
                                     self->selected_event);
  gtk_stack_set_visible_child_name (self->content_stack, "conversation");
  refresh_views (self);
  /* A finished conversation is read from its SYN down; a live one
   * follows its newest segment (the view scrolls there itself). */
  if (!seqack_capture_page_is_live (self))
    scroll_to_top (self);
  select_row_quietly (self, index);
  update_actions (self);
}

static void
on_selection_changed (SeqackCapturePage *self)
{
  guint position;

  if (self->syncing)
    return;
  position = gtk_single_selection_get_selected (self->selection);
  if (position == GTK_INVALID_LIST_POSITION)
    return;
  show_conversation (self, position);
}

static void
on_event_selected (SeqackCapturePage *self)
{
  guint event = seqack_sequence_view_get_selected (self->sequence_view);

  if (event == self->selected_event || self->layout == NULL)
    return;
  self->selected_event = event;
  seqack_inspector_show (self->inspector, self->layout, event,
                         self->absolute, FALSE);
}

/* Replaces the capture (and drops what was shown). */
static void
set_capture (SeqackCapturePage *self,
             SeqackCapture     *capture)
{
  clear_shown (self);
  self->syncing = TRUE;
  gtk_string_list_splice (self->rows, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                          NULL);
  self->syncing = FALSE;
  g_clear_pointer (&self->capture, seqack_capture_free);
  self->capture = capture;
  sync_rows (self, NULL);
  update_status (self);
}

/* Loading a file */

static void
on_load_progress (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  SeqackCapturePage *self = user_data;

  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   MIN ((double) done / total, 1.0));
  else
    gtk_progress_bar_pulse (self->progress_bar);
}

static void
on_loaded (SeqackCaptureLoader *loader,
           SeqackCapture       *capture,
           const GError        *error,
           gpointer             user_data)
{
  SeqackCapturePage *self = user_data;

  g_clear_pointer (&self->loader, seqack_capture_loader_free);
  gtk_widget_set_visible (self->progress_box, FALSE);

  if (capture == NULL)
    {
      /* Cancelling is the user's own choice: no message for it. */
      if (!g_error_matches (error, SEQACK_ERROR, SEQACK_ERROR_CANCELLED))
        show_message (self, error->message);
      update_status (self);
      update_actions (self);
      return;
    }

  show_message (self, NULL);
  set_capture (self, capture);
  if (seqack_capture_get_n_conversations (capture) > 0)
    show_conversation (self, 0);
  update_actions (self);
}

void
seqack_capture_page_open_file (SeqackCapturePage *self,
                               GFile             *file)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (SEQACK_IS_CAPTURE_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *message = g_strdup_printf (_("“%s” is not a local "
                                                    "file"), uri);

      show_message (self, message);
      return;
    }

  seqack_capture_page_stop_live (self);
  g_clear_pointer (&self->loader, seqack_capture_loader_free);
  g_free (self->loading_name);
  self->loading_name = g_file_get_basename (file);

  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  text = g_strdup_printf (_("Loading %s…"), self->loading_name);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_widget_set_visible (self->progress_box, TRUE);
  show_message (self, NULL);

  self->loader = seqack_capture_loader_new (path, NULL, on_load_progress,
                                            on_loaded, self);
  update_actions (self);
}

gboolean
seqack_capture_page_is_loading (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), FALSE);

  return self->loader != NULL;
}

void
seqack_capture_page_cancel (SeqackCapturePage *self)
{
  g_return_if_fail (SEQACK_IS_CAPTURE_PAGE (self));

  if (self->loader != NULL)
    seqack_capture_loader_cancel (self->loader);
}

static void
on_file_chosen (GObject  *owner,
                GFile    *file,
                gpointer  data)
{
  seqack_capture_page_open_file (SEQACK_CAPTURE_PAGE (owner), file);
}

static GtkFileFilter *
capture_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Packet captures (pcap, pcapng)"));
  gtk_file_filter_add_pattern (filter, "*.pcap");
  gtk_file_filter_add_pattern (filter, "*.pcapng");
  gtk_file_filter_add_pattern (filter, "*.cap");
  gtk_file_filter_add_mime_type (filter, "application/vnd.tcpdump.pcap");
  gtk_file_filter_add_mime_type (filter, "application/x-pcapng");

  return filter;
}

static void
action_open (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_autoptr(GtkFileFilter) filter = capture_filter ();

  seqack_choose_file (widget, FALSE, _("Open Capture File"), NULL, filter,
                      G_OBJECT (widget), on_file_chosen, NULL);
}

/* Live capture */

static void
on_live_batch (SeqackCaptureLive        *live,
               const SeqackCaptureBatch *batch,
               gpointer                  user_data)
{
  SeqackCapturePage *self = user_data;
  g_autoptr(GHashTable) changed = g_hash_table_new (NULL, NULL);
  guint had = seqack_capture_get_n_conversations (self->capture);
  gboolean shown_changed = FALSE;

  for (guint i = 0; i < batch->n_frames; i++)
    {
      const SeqackCaptureFrame *frame = &batch->frames[i];
      gint index = seqack_capture_add_frame (self->capture, batch->link_type,
                                             frame->t_us, frame->data,
                                             frame->len);

      if (index < 0)
        continue;
      if ((guint) index < had)
        g_hash_table_add (changed, GUINT_TO_POINTER (index + 1));
      if ((guint) index == self->selected)
        shown_changed = TRUE;
    }

  sync_rows (self, changed);
  update_status (self);
  /* A live capture shows its first conversation as soon as it appears,
   * so the class sees the SYN arrive. */
  if (self->selected == G_MAXUINT &&
      seqack_capture_get_n_conversations (self->capture) > 0)
    show_conversation (self, 0);
  else if (shown_changed)
    refresh_views (self);
}

static void
on_live_stopped (SeqackCaptureLive *live,
                 const GError      *error,
                 gpointer           user_data)
{
  SeqackCapturePage *self = user_data;

  if (error != NULL)
    show_message (self, error->message);
  update_status (self);
  update_actions (self);
}

gboolean
seqack_capture_page_start_live (SeqackCapturePage *self,
                                const char        *interface,
                                const char        *filter,
                                GError           **error)
{
  g_autoptr(SeqackCaptureLive) live = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), FALSE);

  if (self->sandbox_message != NULL)
    {
      g_set_error_literal (error, SEQACK_ERROR, SEQACK_ERROR_PERMISSION,
                           self->sandbox_message);
      return FALSE;
    }

  if (interface == NULL)
    {
      GtkStringObject *item =
        gtk_drop_down_get_selected_item (self->interface_dropdown);

      interface = item != NULL ? gtk_string_object_get_string (item) : "lo";
    }
  if (filter == NULL)
    filter = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));

  seqack_capture_page_stop_live (self);
  g_clear_pointer (&self->live, seqack_capture_live_free);
  if (self->loader != NULL)
    {
      g_clear_pointer (&self->loader, seqack_capture_loader_free);
      gtk_widget_set_visible (self->progress_box, FALSE);
    }

  live = seqack_capture_live_new (interface, filter, &local_error);
  if (live == NULL ||
      !seqack_capture_live_start (live, NULL, on_live_batch, on_live_stopped,
                                  self, NULL, &local_error))
    {
      show_message (self, local_error->message);
      update_actions (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  show_message (self, NULL);
  self->live = g_steal_pointer (&live);
  set_capture (self, seqack_capture_new ());
  update_actions (self);

  return TRUE;
}

void
seqack_capture_page_stop_live (SeqackCapturePage *self)
{
  g_return_if_fail (SEQACK_IS_CAPTURE_PAGE (self));

  if (self->live != NULL)
    seqack_capture_live_stop (self->live);
}

gboolean
seqack_capture_page_is_live (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), FALSE);

  return self->live != NULL && seqack_capture_live_is_running (self->live);
}

/* The demo */

static void
end_demo (SeqackCapturePage *self)
{
  g_clear_handle_id (&self->demo_stop_id, g_source_remove);
  seqack_capture_page_stop_live (self);
  g_clear_pointer (&self->demo, seqack_capture_demo_free);
  update_actions (self);
}

static gboolean
on_demo_stop_timeout (gpointer user_data)
{
  SeqackCapturePage *self = user_data;

  self->demo_stop_id = 0;
  end_demo (self);
  if (self->capture != NULL &&
      seqack_capture_get_n_conversations (self->capture) > 0 &&
      self->selected == G_MAXUINT)
    show_conversation (self, 0);
  else
    refresh_views (self);

  return G_SOURCE_REMOVE;
}

static void
demo_wait_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;

  if (seqack_capture_demo_wait (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_demo_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SeqackCapturePage *self = SEQACK_CAPTURE_PAGE (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_message (self, error->message);
    }
  if (self->demo == NULL)
    return;
  self->demo_stop_id = g_timeout_add (DEMO_STOP_DELAY_MS,
                                      on_demo_stop_timeout, self);
}

gboolean
seqack_capture_page_run_demo (SeqackCapturePage *self,
                              GError           **error)
{
  g_autoptr(SeqackCaptureDemo) demo = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *filter = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), FALSE);

  if (self->demo != NULL)
    end_demo (self);

  demo = seqack_capture_demo_new (&local_error);
  if (demo == NULL)
    {
      show_message (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* The filter first, then the connection: the SYN must not be missed. */
  filter = seqack_capture_demo_get_filter (demo);
  if (!seqack_capture_page_start_live (self, "lo", filter, error))
    return FALSE;
  if (!seqack_capture_demo_handshake (demo, &local_error))
    {
      seqack_capture_page_stop_live (self);
      show_message (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* The demo is used by the waiting thread; it is freed on the main
   * thread only after that thread returned (end_demo from on_demo_done),
   * or in dispose, which waits for the helper itself. */
  self->demo = g_steal_pointer (&demo);
  g_clear_object (&self->demo_cancellable);
  self->demo_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->demo_cancellable, on_demo_done, NULL);
  g_task_set_task_data (task, self->demo, NULL);
  g_task_run_in_thread (task, demo_wait_thread);
  update_actions (self);

  return TRUE;
}

gboolean
seqack_capture_page_is_demo_running (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), FALSE);

  return self->demo != NULL;
}

/* Sandbox and interfaces */

void
seqack_capture_page_check_sandbox (SeqackCapturePage *self,
                                   const char        *flatpak_info)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SEQACK_IS_CAPTURE_PAGE (self));

  g_clear_pointer (&self->sandbox_message, g_free);
  if (!seqack_capture_check_sandbox (flatpak_info, &error))
    {
      seqack_capture_page_stop_live (self);
      self->sandbox_message = g_strdup (error->message);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->interface_dropdown),
                            self->sandbox_message == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->filter_entry),
                            self->sandbox_message == NULL);
  show_message (self, NULL);
  update_actions (self);
}

gboolean
seqack_capture_page_get_live_available (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), FALSE);

  return self->sandbox_message == NULL;
}

static void
fill_interfaces (SeqackCapturePage *self)
{
  g_autoptr(GPtrArray) interfaces = NULL;
  g_autoptr(GError) error = NULL;

  interfaces = seqack_capture_list_interfaces (&error);
  if (interfaces == NULL || interfaces->len == 0)
    {
      /* lo exists on every Linux system even when libpcap may not list
       * it to an unprivileged user; starting will explain any problem. */
      gtk_string_list_append (self->interfaces, "lo");
      return;
    }
  for (guint i = 0; i < interfaces->len; i++)
    {
      SeqackCaptureInterface *iface = g_ptr_array_index (interfaces, i);

      gtk_string_list_append (self->interfaces, iface->name);
    }
}

static void
update_actions (SeqackCapturePage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean live = seqack_capture_page_is_live (self);
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->rows));

  gtk_widget_action_set_enabled (widget, "capture.cancel",
                                 self->loader != NULL);
  gtk_widget_action_set_enabled (widget, "capture.start",
                                 self->sandbox_message == NULL && !live);
  gtk_widget_action_set_enabled (widget, "capture.stop", live);
  gtk_widget_action_set_enabled (widget, "capture.demo",
                                 self->sandbox_message == NULL &&
                                 self->demo == NULL);
  gtk_widget_action_set_enabled (widget, "capture.next-conversation",
                                 n_rows > 0 &&
                                 (self->selected == G_MAXUINT ||
                                  self->selected + 1 < n_rows));
  gtk_widget_action_set_enabled (widget, "capture.previous-conversation",
                                 self->selected != G_MAXUINT &&
                                 self->selected > 0);
}

/* Actions */

static void
action_cancel (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  seqack_capture_page_cancel (SEQACK_CAPTURE_PAGE (widget));
}

static void
action_start (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  seqack_capture_page_start_live (SEQACK_CAPTURE_PAGE (widget), NULL, NULL,
                                  NULL);
}

static void
action_stop (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SeqackCapturePage *self = SEQACK_CAPTURE_PAGE (widget);

  if (self->demo != NULL)
    end_demo (self);
  else
    seqack_capture_page_stop_live (self);
}

static void
action_demo (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  seqack_capture_page_run_demo (SEQACK_CAPTURE_PAGE (widget), NULL);
}

static void
action_step_conversation (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SeqackCapturePage *self = SEQACK_CAPTURE_PAGE (widget);
  gboolean next = g_str_equal (action_name, "capture.next-conversation");
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint index;

  if (self->selected == G_MAXUINT)
    index = 0;
  else if (next)
    index = self->selected + 1;
  else
    index = self->selected > 0 ? self->selected - 1 : 0;
  if (index < n_rows)
    show_conversation (self, index);
}

/* Public accessors */

SeqackCapture *
seqack_capture_page_get_capture (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), NULL);

  return self->capture;
}

guint
seqack_capture_page_get_n_rows (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

char *
seqack_capture_page_get_row_text (SeqackCapturePage *self,
                                  guint              index)
{
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), NULL);

  if (index >= seqack_capture_page_get_n_rows (self))
    return NULL;

  text = g_string_new (NULL);
  for (guint column = 0; column < N_COLUMNS; column++)
    {
      g_autofree char *cell = cell_text (self, index, column);

      if (column > 0)
        g_string_append_c (text, '\t');
      g_string_append (text, cell);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
seqack_capture_page_select (SeqackCapturePage *self,
                            guint              index)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), FALSE);

  if (index >= seqack_capture_page_get_n_rows (self))
    return FALSE;
  show_conversation (self, index);

  return TRUE;
}

guint
seqack_capture_page_get_selected (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), G_MAXUINT);

  return self->selected;
}

SeqackTrace *
seqack_capture_page_get_shown_trace (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), NULL);

  return self->layout != NULL
         ? seqack_sequence_layout_get_trace (self->layout) : NULL;
}

SeqackSequenceView *
seqack_capture_page_get_sequence_view (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), NULL);

  return self->sequence_view;
}

const char *
seqack_capture_page_get_state_text (SeqackCapturePage *self,
                                    SeqackSide         side)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), NULL);

  return seqack_endpoint_panel_get_state_text (side == SEQACK_CLIENT
                                               ? self->client_panel
                                               : self->server_panel);
}

const char *
seqack_capture_page_get_message (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), NULL);

  if (!gtk_widget_get_visible (self->message_box))
    return NULL;
  return gtk_label_get_label (self->message_label);
}

const char *
seqack_capture_page_get_status (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), NULL);

  return gtk_label_get_label (self->status_label);
}

/* GObject */

static void
seqack_capture_page_dispose (GObject *object)
{
  SeqackCapturePage *self = SEQACK_CAPTURE_PAGE (object);
  GtkWidget *child;

  if (self->demo_cancellable != NULL)
    g_cancellable_cancel (self->demo_cancellable);
  g_clear_handle_id (&self->demo_stop_id, g_source_remove);
  /* Joins the capture worker without calling back. */
  g_clear_pointer (&self->live, seqack_capture_live_free);
  g_clear_pointer (&self->loader, seqack_capture_loader_free);

  if (self->scroll_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->sequence_view),
                                     self->scroll_tick_id);
  self->scroll_tick_id = 0;
  seqack_sequence_view_set_layout (self->sequence_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), SEQACK_TYPE_CAPTURE_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->interfaces);
  g_clear_pointer (&self->layout, seqack_sequence_layout_free);
  g_clear_pointer (&self->capture, seqack_capture_free);

  G_OBJECT_CLASS (seqack_capture_page_parent_class)->dispose (object);
}

static void
seqack_capture_page_finalize (GObject *object)
{
  SeqackCapturePage *self = SEQACK_CAPTURE_PAGE (object);

  /* The demo's waiting thread held a reference on the page through its
   * task, so it has returned by now: freeing the demo joins its helper
   * thread, which ends within its own 5 s timeouts. */
  g_clear_pointer (&self->demo, seqack_capture_demo_free);
  g_clear_object (&self->demo_cancellable);
  g_free (self->loading_name);
  g_free (self->sandbox_message);

  G_OBJECT_CLASS (seqack_capture_page_parent_class)->finalize (object);
}

static void
seqack_capture_page_class_init (SeqackCapturePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GdkModifierType ctrl_shift = GDK_CONTROL_MASK | GDK_SHIFT_MASK;

  object_class->dispose = seqack_capture_page_dispose;
  object_class->finalize = seqack_capture_page_finalize;

  g_type_ensure (SEQACK_TYPE_ENDPOINT_PANEL);
  g_type_ensure (SEQACK_TYPE_SEQUENCE_VIEW);
  g_type_ensure (SEQACK_TYPE_INSPECTOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH
                                               "/seqack-capture-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SeqackCapturePage,
                                        toolbar);
  gtk_widget_class_bind_template_child (widget_class, SeqackCapturePage,
                                        progress_box);
  gtk_widget_class_bind_template_child (widget_class, SeqackCapturePage,
                                        progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SeqackCapturePage,
                                        interface_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SeqackCapturePage,
                                        filter_entry);
  gtk_widget_class_bind_template_child (widget_class, SeqackCapturePage,
                                        message_box);
  gtk_widget_class_bind_template_child (widget_class, SeqackCapturePage,
                                        message_label);
  gtk_widget_class_bind_template_child (widget_class, SeqackCapturePage,
                                        status_label);
  gtk_widget_class_bind_template_child (widget_class, SeqackCapturePage,
                                        conversation_view);
  gtk_widget_class_bind_template_child (widget_class, SeqackCapturePage,
                                        content_stack);
  gtk_widget_class_bind_template_child (widget_class, SeqackCapturePage,
                                        client_panel);
  gtk_widget_class_bind_template_child (widget_class, SeqackCapturePage,
                                        server_panel);
  gtk_widget_class_bind_template_child (widget_class, SeqackCapturePage,
                                        sequence_view);
  gtk_widget_class_bind_template_child (widget_class, SeqackCapturePage,
                                        inspector);

  gtk_widget_class_install_action (widget_class, "capture.open", NULL,
                                   action_open);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, ctrl_shift,
                                       "capture.open", NULL);
  gtk_widget_class_install_action (widget_class, "capture.cancel", NULL,
                                   action_cancel);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "capture.cancel", NULL);
  gtk_widget_class_install_action (widget_class, "capture.start", NULL,
                                   action_start);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, ctrl_shift,
                                       "capture.start", NULL);
  gtk_widget_class_install_action (widget_class, "capture.stop", NULL,
                                   action_stop);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, ctrl_shift,
                                       "capture.stop", NULL);
  gtk_widget_class_install_action (widget_class, "capture.demo", NULL,
                                   action_demo);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, ctrl_shift,
                                       "capture.demo", NULL);
  gtk_widget_class_install_action (widget_class, "capture.next-conversation",
                                   NULL, action_step_conversation);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down,
                                       GDK_ALT_MASK,
                                       "capture.next-conversation", NULL);
  gtk_widget_class_install_action (widget_class,
                                   "capture.previous-conversation", NULL,
                                   action_step_conversation);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up,
                                       GDK_ALT_MASK,
                                       "capture.previous-conversation", NULL);

  gtk_widget_class_set_css_name (widget_class, "capturepage");
  gtk_widget_class_set_accessible_role (widget_class,
                                        GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
seqack_capture_page_init (SeqackCapturePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->selected = G_MAXUINT;
  self->selected_event = SEQACK_NO_EVENT;

  self->rows = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection,
                                     GTK_INVALID_LIST_POSITION);
  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (on_selection_changed), self);
  gtk_column_view_set_model (self->conversation_view,
                             GTK_SELECTION_MODEL (self->selection));
  /* Column titles: "No." is the row number the CLI's --conversation
   * takes. */
  add_column (self, COLUMN_NUMBER, _("No."), FALSE);
  add_column (self, COLUMN_CLIENT, _("Client"), TRUE);
  add_column (self, COLUMN_SERVER, _("Server"), TRUE);
  add_column (self, COLUMN_PACKETS, _("Packets"), FALSE);
  add_column (self, COLUMN_DURATION, _("Duration"), FALSE);
  add_column (self, COLUMN_END, _("Ended"), FALSE);

  seqack_endpoint_panel_set_side (self->client_panel, SEQACK_CLIENT);
  seqack_endpoint_panel_set_side (self->server_panel, SEQACK_SERVER);
  seqack_endpoint_panel_set_controls_visible (self->client_panel, FALSE);
  seqack_endpoint_panel_set_controls_visible (self->server_panel, FALSE);
  g_signal_connect_swapped (self->sequence_view, "notify::selected",
                            G_CALLBACK (on_event_selected), self);

  self->interfaces = gtk_string_list_new (NULL);
  fill_interfaces (self);
  gtk_drop_down_set_model (self->interface_dropdown,
                           G_LIST_MODEL (self->interfaces));

  seqack_capture_page_check_sandbox (self, NULL);
  update_status (self);
  update_actions (self);
}

GtkWidget *
seqack_capture_page_new (void)
{
  return g_object_new (SEQACK_TYPE_CAPTURE_PAGE, NULL);
}

void
seqack_capture_page_set_absolute (SeqackCapturePage *self,
                                  gboolean           absolute)
{
  g_return_if_fail (SEQACK_IS_CAPTURE_PAGE (self));

  absolute = !!absolute;
  if (absolute == self->absolute)
    return;
  self->absolute = absolute;
  seqack_sequence_view_set_absolute (self->sequence_view, absolute);
  refresh_views (self);
}

gboolean
seqack_capture_page_get_absolute (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), FALSE);

  return self->absolute;
}
