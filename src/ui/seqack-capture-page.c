/* seqack-capture-page.c: the capture mode of the window.
 *
 * The page owns one SeqackCapture at a time (a loaded file or a live
 * capture being fed) and lays out the Trace of the conversation chosen
 * in the list; the views are the lab's own widgets, so a real kernel
 * handshake looks exactly like the simulated one. Loading and capturing
 * run on the capture layer's worker threads; everything here runs on the
 * main thread. The list's model is a SeqackConversationList over the
 * capture; a live update replaces the rows that changed so they are bound
 * again. Live capture and the demo are in seqack-capture-page-live.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "seqack-capture-page-private.h"
#include "seqack-file-chooser.h"
#include "seqack-sequence-render.h"


G_DEFINE_FINAL_TYPE (SeqackCapturePage, seqack_capture_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_ALL_FLOWS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Messages */

void
_seqack_capture_page_show_message (SeqackCapturePage *self,
              const char        *message)
{
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->message_box,
                          message != NULL || self->sandbox_message != NULL);
  if (message == NULL && self->sandbox_message != NULL)
    gtk_label_set_label (self->message_label, self->sandbox_message);
}

void
_seqack_capture_page_update_status (SeqackCapturePage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->capture != NULL)
    {
      const SeqackCaptureStats *stats = seqack_capture_get_stats (self->capture);
      guint n = seqack_capture_get_n_conversations (self->capture);
      char n_frames[24], n_tcp[24], n_other[24], n_bad[24];
      g_autofree char *frames = NULL, *segments = NULL;

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
      /* "1 frame", "11 frames": each count with its own plural. */
      frames = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s frame",
                                             "%s frames",
                                             (gulong) MIN (stats->n_frames,
                                                           G_MAXULONG)),
                                n_frames);
      segments = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%s TCP segment",
                                               "%s TCP segments",
                                               (gulong) MIN (stats->n_tcp,
                                                             G_MAXULONG)),
                                  n_tcp);
      /* TRANSLATORS: "12 frames, 10 TCP segments, 2 other, 0 damaged" */
      g_string_append_printf (text, _("%s, %s, %s other, %s damaged"),
                              frames, segments, n_other, n_bad);
      if (self->live != NULL && seqack_capture_live_is_running (self->live))
        {
          g_string_append (text, " · ");
          g_string_append_printf (text, _("capturing on %s"),
                                  seqack_capture_live_get_interface (self->live));
        }
    }
  else if (self->loader == NULL)
    g_string_append (text, _("No capture open"));

  if (self->merged != NULL)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "showing all %u flow between "
                                           "these two hosts",
                                           "showing all %u flows between "
                                           "these two hosts",
                                           self->n_flows),
                              self->n_flows);
    }

  /* A damaged or cut-short file says so where nobody misses it, not in
   * the grey status line. */
  {
    const char *warning = self->capture != NULL
                          ? seqack_capture_get_warning (self->capture) : NULL;

    if (warning != NULL)
      gtk_label_set_label (self->damage_label, warning);
    gtk_revealer_set_reveal_child (self->damage_banner, warning != NULL);
  }

  gtk_label_set_label (self->status_label, text->str);
}

/* The conversation list */

static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory),
                                                      "column"));
  GtkWidget *label = gtk_label_new (NULL);

  if (column == SEQACK_CONVERSATION_COLUMN_NUMBER ||
      column == SEQACK_CONVERSATION_COLUMN_PACKETS ||
      column == SEQACK_CONVERSATION_COLUMN_DURATION)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "numeric");
    }
  else
    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (column == SEQACK_CONVERSATION_COLUMN_CLIENT ||
      column == SEQACK_CONVERSATION_COLUMN_SERVER)
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
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory),
                                                      "column"));
  SeqackConversationRow *row = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       seqack_conversation_row_get_text (row, column));
}

static void
add_column (SeqackCapturePage        *self,
            SeqackConversationColumn  column,
            const char        *title,
            gboolean           expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), NULL);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->conversation_view, view_column);
  g_object_unref (view_column);
}

/* Marks row @index (G_MAXUINT: none) as the one shown; on_selection_changed()
 * sees the conversation shown already and does nothing. */
static void
select_row (SeqackCapturePage *self,
            guint              index)
{
  gtk_single_selection_set_selected (self->selection,
                                     index == G_MAXUINT ? GTK_INVALID_LIST_POSITION
                                                        : index);
}

void
_seqack_capture_page_update_rows (SeqackCapturePage *self,
                                  const guint       *changed,
                                  guint              n_changed)
{
  seqack_conversation_list_update (self->conversations, changed, n_changed);
  select_row (self, self->selected);
}

/* The views */

/* A captured conversation is shown whole. */
void
_seqack_capture_page_refresh_views (SeqackCapturePage *self)
{
  guint n;

  if (self->layout == NULL)
    return;

  seqack_sequence_layout_update (self->layout);
  n = seqack_trace_get_n_events (seqack_sequence_layout_get_trace (self->layout));
  seqack_trace_view_set_shown (self->trace_view, n, 1.0,
                               SEQACK_NOW_LAST_SHOWN);
}

static void
clear_shown (SeqackCapturePage *self)
{
  seqack_trace_view_set_layout (self->trace_view, NULL);
  g_clear_pointer (&self->layout, seqack_sequence_layout_free);
  g_clear_pointer (&self->merged, seqack_trace_free);
  self->n_flows = 0;
  self->selected = G_MAXUINT;
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
  GtkWidget *view =
    GTK_WIDGET (seqack_trace_view_get_sequence_view (self->trace_view));

  scroll_to_top_tick (view, NULL, self);
  if (self->scroll_tick_id != 0)
    gtk_widget_remove_tick_callback (view, self->scroll_tick_id);
  self->scroll_tick_id = gtk_widget_add_tick_callback (view,
                                                       scroll_to_top_tick,
                                                       self, NULL);
}

void
_seqack_capture_page_show_conversation (SeqackCapturePage *self,
                                        guint              index)
{
  SeqackConversation *conv;
  SeqackTrace *trace;
  guint first_segment = SEQACK_NO_EVENT;

  clear_shown (self);
  if (self->capture == NULL ||
      index >= seqack_capture_get_n_conversations (self->capture))
    return;

  conv = seqack_capture_get_conversation (self->capture, index);
  trace = seqack_conversation_get_trace (conv);
  self->n_flows = 1;
  /* All flows of a file (a live capture's keep growing): the chosen
   * one's client host on the left, every arrow with its ports. */
  if (self->all_flows && !seqack_capture_page_is_live (self))
    {
      self->merged = seqack_capture_merge_all_flows (self->capture, index,
                                                     NULL, &self->n_flows);
      trace = self->merged;
    }
  self->selected = index;
  self->layout = seqack_sequence_layout_new (trace);
  /* The first segment is what a class looks at first: the SYN. */
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT)
      {
        first_segment = i;
        break;
      }
  seqack_trace_view_set_layout (self->trace_view, self->layout);
  seqack_trace_view_set_selected (self->trace_view, first_segment);
  gtk_stack_set_visible_child_name (self->content_stack, "conversation");
  _seqack_capture_page_refresh_views (self);
  /* A finished conversation is read from its SYN down; a live one
   * follows its newest segment (the view scrolls there itself). */
  if (!seqack_capture_page_is_live (self))
    scroll_to_top (self);
  select_row (self, index);
  _seqack_capture_page_update_status (self);
  _seqack_capture_page_update_actions (self);
}

static void
on_selection_changed (SeqackCapturePage *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (position == GTK_INVALID_LIST_POSITION || position == self->selected)
    return;
  _seqack_capture_page_show_conversation (self, position);
}

/* Replaces the capture (and drops what was shown). */
void
_seqack_capture_page_set_capture (SeqackCapturePage *self,
                                  SeqackCapture     *capture)
{
  clear_shown (self);
  seqack_conversation_list_set_capture (self->conversations, NULL);
  g_clear_pointer (&self->capture, seqack_capture_free);
  self->capture = capture;
  seqack_conversation_list_set_capture (self->conversations, capture);
  _seqack_capture_page_update_status (self);
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
        _seqack_capture_page_show_message (self, error->message);
      _seqack_capture_page_update_status (self);
      _seqack_capture_page_update_actions (self);
      return;
    }

  _seqack_capture_page_show_message (self, NULL);
  _seqack_capture_page_set_capture (self, capture);
  if (seqack_capture_get_n_conversations (capture) > 0)
    _seqack_capture_page_show_conversation (self, 0);
  _seqack_capture_page_update_actions (self);
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

      _seqack_capture_page_show_message (self, message);
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
  _seqack_capture_page_show_message (self, NULL);

  self->loader = seqack_capture_loader_new (path, NULL, on_load_progress,
                                            on_loaded, self);
  _seqack_capture_page_update_actions (self);
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

void
_seqack_capture_page_update_actions (SeqackCapturePage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean live = seqack_capture_page_is_live (self);
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->conversations));

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
  gtk_widget_action_set_enabled (widget, "capture.all-flows", !live);
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
    _seqack_capture_page_end_demo (self);
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
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->conversations));
  guint index;

  if (self->selected == G_MAXUINT)
    index = 0;
  else if (next)
    index = self->selected + 1;
  else
    index = self->selected > 0 ? self->selected - 1 : 0;
  if (index < n_rows)
    _seqack_capture_page_show_conversation (self, index);
}

/* Public accessors */

guint
seqack_capture_page_get_n_rows (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->conversations));
}

char *
seqack_capture_page_get_row_text (SeqackCapturePage *self,
                                  guint              index)
{
  g_autoptr(SeqackConversationRow) row = NULL;
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), NULL);

  row = g_list_model_get_item (G_LIST_MODEL (self->conversations), index);
  if (row == NULL)
    return NULL;

  text = g_string_new (NULL);
  for (guint column = 0; column < SEQACK_CONVERSATION_N_COLUMNS; column++)
    {
      if (column > 0)
        g_string_append_c (text, '\t');
      g_string_append (text, seqack_conversation_row_get_text (row, column));
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
  _seqack_capture_page_show_conversation (self, index);

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

  return seqack_trace_view_get_sequence_view (self->trace_view);
}

const char *
seqack_capture_page_get_state_text (SeqackCapturePage *self,
                                    SeqackSide         side)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), NULL);

  return seqack_endpoint_panel_get_state_text
           (seqack_trace_view_get_panel (self->trace_view, side));
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

const char *
seqack_capture_page_get_banner (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->damage_banner))
    return NULL;
  return gtk_label_get_label (self->damage_label);
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
    gtk_widget_remove_tick_callback
      (GTK_WIDGET (seqack_trace_view_get_sequence_view (self->trace_view)),
       self->scroll_tick_id);
  self->scroll_tick_id = 0;
  seqack_trace_view_set_layout (self->trace_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), SEQACK_TYPE_CAPTURE_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->conversations);
  g_clear_object (&self->interfaces);
  g_clear_pointer (&self->layout, seqack_sequence_layout_free);
  g_clear_pointer (&self->merged, seqack_trace_free);
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
seqack_capture_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SeqackCapturePage *self = SEQACK_CAPTURE_PAGE (object);

  switch (prop_id)
    {
    case PROP_ALL_FLOWS:
      g_value_set_boolean (value, self->all_flows);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seqack_capture_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SeqackCapturePage *self = SEQACK_CAPTURE_PAGE (object);

  switch (prop_id)
    {
    case PROP_ALL_FLOWS:
      seqack_capture_page_set_all_flows (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seqack_capture_page_class_init (SeqackCapturePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GdkModifierType ctrl_shift = GDK_CONTROL_MASK | GDK_SHIFT_MASK;

  object_class->dispose = seqack_capture_page_dispose;
  object_class->finalize = seqack_capture_page_finalize;
  object_class->get_property = seqack_capture_page_get_property;
  object_class->set_property = seqack_capture_page_set_property;

  properties[PROP_ALL_FLOWS] =
    g_param_spec_boolean ("all-flows", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SEQACK_TYPE_TRACE_VIEW);

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
                                        damage_banner);
  gtk_widget_class_bind_template_child (widget_class, SeqackCapturePage,
                                        damage_label);
  gtk_widget_class_bind_template_child (widget_class, SeqackCapturePage,
                                        conversation_view);
  gtk_widget_class_bind_template_child (widget_class, SeqackCapturePage,
                                        content_stack);
  gtk_widget_class_bind_template_child (widget_class, SeqackCapturePage,
                                        trace_view);

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
  gtk_widget_class_install_property_action (widget_class, "capture.all-flows",
                                            "all-flows");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, ctrl_shift,
                                       "capture.all-flows", NULL);

  gtk_widget_class_set_css_name (widget_class, "capturepage");
  gtk_widget_class_set_accessible_role (widget_class,
                                        GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
seqack_capture_page_init (SeqackCapturePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->selected = G_MAXUINT;

  self->conversations = seqack_conversation_list_new ();
  self->selection =
    gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->conversations)));
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
  add_column (self, SEQACK_CONVERSATION_COLUMN_NUMBER, _("No."), FALSE);
  add_column (self, SEQACK_CONVERSATION_COLUMN_CLIENT, _("Client"), TRUE);
  add_column (self, SEQACK_CONVERSATION_COLUMN_SERVER, _("Server"), TRUE);
  add_column (self, SEQACK_CONVERSATION_COLUMN_PACKETS, _("Packets"), FALSE);
  add_column (self, SEQACK_CONVERSATION_COLUMN_DURATION, _("Duration"),
              FALSE);
  add_column (self, SEQACK_CONVERSATION_COLUMN_END, _("Ended"), FALSE);

  /* Real peers are not driven from here, and their timers are unknown. */
  seqack_trace_view_set_inferred (self->trace_view, TRUE);
  for (SeqackSide side = SEQACK_CLIENT; side <= SEQACK_SERVER; side++)
    seqack_endpoint_panel_set_controls_visible
      (seqack_trace_view_get_panel (self->trace_view, side), FALSE);
  gtk_accessible_update_property
    (GTK_ACCESSIBLE (seqack_trace_view_get_sequence_view (self->trace_view)),
     GTK_ACCESSIBLE_PROPERTY_LABEL,
     _("Sequence diagram of the captured conversation"), -1);

  self->interfaces = gtk_string_list_new (NULL);
  _seqack_capture_page_fill_interfaces (self);
  gtk_drop_down_set_model (self->interface_dropdown,
                           G_LIST_MODEL (self->interfaces));

  seqack_capture_page_check_sandbox (self, NULL);
  _seqack_capture_page_update_status (self);
  _seqack_capture_page_update_actions (self);
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
  seqack_trace_view_set_absolute (self->trace_view, absolute);
}

void
seqack_capture_page_set_packet_list_visible (SeqackCapturePage *self,
                                             gboolean           visible)
{
  g_return_if_fail (SEQACK_IS_CAPTURE_PAGE (self));

  seqack_trace_view_set_packet_list_visible (self->trace_view, visible);
}

void
seqack_capture_page_set_all_flows (SeqackCapturePage *self,
                                   gboolean           all_flows)
{
  g_return_if_fail (SEQACK_IS_CAPTURE_PAGE (self));

  all_flows = !!all_flows;
  if (all_flows == self->all_flows)
    return;
  self->all_flows = all_flows;
  /* The conversation shown, drawn with its flows or alone. */
  if (self->selected != G_MAXUINT)
    _seqack_capture_page_show_conversation (self, self->selected);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALL_FLOWS]);
}

gboolean
seqack_capture_page_get_all_flows (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), FALSE);

  return self->all_flows;
}

guint
seqack_capture_page_get_n_flows_shown (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), 0);

  return self->n_flows;
}

gboolean
seqack_capture_page_get_absolute (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), FALSE);

  return self->absolute;
}
