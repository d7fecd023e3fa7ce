/* seqack-socket-table.c: a host's socket table in a GtkColumnView.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "seqack-socket-table.h"
#include "seqack-trace-sockets.h"

enum { COL_STATE, COL_RECV_Q, COL_SEND_Q, COL_LOCAL, COL_PEER, N_COLS };

/* One row's cells. */
#define SEQACK_TYPE_SOCKET_ITEM (seqack_socket_item_get_type ())
G_DECLARE_FINAL_TYPE (SeqackSocketItem, seqack_socket_item, SEQACK,
                      SOCKET_ITEM, GObject)

struct _SeqackSocketItem
{
  GObject          parent_instance;
  char            *cells[N_COLS];
  SeqackSocketKey  key;
  guint            host;
};

G_DEFINE_FINAL_TYPE (SeqackSocketItem, seqack_socket_item, G_TYPE_OBJECT)

static void
seqack_socket_item_finalize (GObject *object)
{
  SeqackSocketItem *self = SEQACK_SOCKET_ITEM (object);

  for (guint i = 0; i < N_COLS; i++)
    g_free (self->cells[i]);
  G_OBJECT_CLASS (seqack_socket_item_parent_class)->finalize (object);
}

static void
seqack_socket_item_class_init (SeqackSocketItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = seqack_socket_item_finalize;
}

static void
seqack_socket_item_init (SeqackSocketItem *self)
{
}

struct _SeqackSocketTable
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkColumnView  *view;
  GListStore     *store;
  GtkSingleSelection *selection;
  gboolean        updating;     /* the selection follows the calls */
  SeqackSocketKey chosen;       /* the row the user selected */
  guint           chosen_host;  /* and the host it is on */
  guint           emit_source;
  GtkLabel       *summary;
  GtkLabel       *empty;
};

G_DEFINE_FINAL_TYPE (SeqackSocketTable, seqack_socket_table, GTK_TYPE_WIDGET)

enum { SOCKET_SELECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label),
                        GPOINTER_TO_UINT (user_data) == COL_RECV_Q ||
                        GPOINTER_TO_UINT (user_data) == COL_SEND_Q ? 1 : 0);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  SeqackSocketItem *row = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      row->cells[GPOINTER_TO_UINT (user_data)]);
}

static void
seqack_socket_table_dispose (GObject *object)
{
  SeqackSocketTable *self = SEQACK_SOCKET_TABLE (object);

  g_clear_handle_id (&self->emit_source, g_source_remove);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (seqack_socket_table_parent_class)->dispose (object);
}

static void
seqack_socket_table_class_init (SeqackSocketTableClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = seqack_socket_table_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class,
                                            GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sockettable");

  /* The user chose a row: its SeqackSocketKey, for the side's calls to
   * act on (the table is what the trace shows; whoever listens checks
   * the socket is still there). */
  signals[SOCKET_SELECTED] =
    g_signal_new ("socket-selected", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_POINTER);
}

/* Emitted from the main loop a moment after the selection settles, not
 * from inside the click: whoever listens changes the trace, and the table
 * is rebuilt from it; arrow keys moving through the rows make one select,
 * not one per row. */
#define SELECT_SETTLE_MS 300

static gboolean
emit_selected (gpointer user_data)
{
  SeqackSocketTable *self = user_data;

  self->emit_source = 0;
  g_signal_emit (self, signals[SOCKET_SELECTED], 0, &self->chosen);
  return G_SOURCE_REMOVE;
}

static void
on_selected (SeqackSocketTable *self)
{
  SeqackSocketItem *item =
    gtk_single_selection_get_selected_item (self->selection);

  if (self->updating || item == NULL)
    return;
  self->chosen = item->key;
  self->chosen_host = item->host;
  g_clear_handle_id (&self->emit_source, g_source_remove);
  self->emit_source = g_timeout_add (SELECT_SETTLE_MS, emit_selected, self);
}

static void
seqack_socket_table_init (SeqackSocketTable *self)
{
  /* ss's column names: what a student types on Linux reads the same. */
  const char *titles[N_COLS] = {
    _("State"), _("Recv-Q"), _("Send-Q"), _("Local Address:Port"),
    _("Peer Address:Port"),
  };
  GtkWidget *scroller;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->store = g_list_store_new (SEQACK_TYPE_SOCKET_ITEM);
  /* The selected row is the socket the side's buttons act on. */
  self->selection = gtk_single_selection_new (
    G_LIST_MODEL (g_object_ref (self->store)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection,
                                     GTK_INVALID_LIST_POSITION);
  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (on_selected), self);
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (
    GTK_SELECTION_MODEL (self->selection)));
  gtk_column_view_set_reorderable (self->view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sockets"), -1);
  for (guint i = 0; i < N_COLS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell),
                        GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell),
                        GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (titles[i], factory);
      gtk_column_view_append_column (self->view, column);
      g_object_unref (column);
    }

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (
    GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller),
                                              360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller),
                                 GTK_WIDGET (self->view));
  gtk_box_append (GTK_BOX (self->box), scroller);

  self->empty = GTK_LABEL (gtk_label_new (_("No sockets yet")));
  gtk_widget_add_css_class (GTK_WIDGET (self->empty), "dim-label");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->empty));

  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary, 0);
  gtk_label_set_wrap (self->summary, TRUE);
  gtk_label_set_max_width_chars (self->summary, 48);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->summary));
}

GtkWidget *
seqack_socket_table_new (void)
{
  return g_object_new (SEQACK_TYPE_SOCKET_TABLE, NULL);
}

static SeqackSocketItem *
item_for (SeqackTrace           *trace,
          SeqackSide             side,
          const SeqackSocketRow *row)
{
  SeqackSocketItem *item = g_object_new (SEQACK_TYPE_SOCKET_ITEM, NULL);
  SeqackEndpoint local, remote;
  char buf[64];

  item->key = row->key;
  item->host = row->host;
  seqack_trace_socket_endpoints (trace, row->host, &row->key, &local, &remote);
  item->cells[COL_STATE] = g_strdup (seqack_tcp_state_name (row->state));
  item->cells[COL_RECV_Q] = g_strdup_printf ("%" G_GSIZE_FORMAT, row->recv_q);
  item->cells[COL_SEND_Q] = g_strdup_printf ("%" G_GSIZE_FORMAT, row->send_q);
  item->cells[COL_LOCAL] = g_strdup (seqack_endpoint_to_string (&local, buf));
  item->cells[COL_PEER] = g_strdup (remote.family != 0
                                    ? seqack_endpoint_to_string (&remote, buf)
                                    : "*:*");
  return item;
}

void
seqack_socket_table_update (SeqackSocketTable *self,
                            SeqackTrace       *trace,
                            guint              n_shown,
                            SeqackSide         side)
{
  g_autoptr (GArray) rows = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (
    g_object_unref);
  g_autoptr (GString) summary = g_string_new (NULL);
  guint time_wait = 0;
  guint calls_row = GTK_INVALID_LIST_POSITION;
  SeqackSocketKey calls;
  guint calls_host;
  gboolean has_calls;

  g_return_if_fail (SEQACK_IS_SOCKET_TABLE (self));
  g_return_if_fail (trace != NULL);

  rows = seqack_trace_list_sockets (trace, n_shown, side);
  has_calls = seqack_trace_get_calls_socket (trace, n_shown, side, &calls);
  calls_host = seqack_trace_get_calls_host (trace, n_shown, side);
  for (guint i = 0; i < rows->len; i++)
    {
      const SeqackSocketRow *row = &g_array_index (rows, SeqackSocketRow, i);

      if (has_calls && row->host == calls_host &&
          seqack_socket_key_equal (&row->key, &calls))
        calls_row = i;
      g_ptr_array_add (items, item_for (trace, side, row));
      time_wait += row->state == SEQACK_TCP_TIME_WAIT;
      if (seqack_socket_key_is_listener (&row->key) &&
          row->state == SEQACK_TCP_LISTEN)
        {
          if (summary->len > 0)
            g_string_append_c (summary, '\n');
          /* TRANSLATORS: a listener's two queues, as Linux keeps them:
           * "Port 80: SYN queue 1, accept queue 0 (backlog 4)" */
          g_string_append_printf (summary,
                                  _("Port %u: SYN queue %u, accept queue %u "
                                    "(backlog %u)"),
                                  row->key.local_port, row->syn_queue,
                                  (guint) row->recv_q, (guint) row->send_q);
        }
    }
  if (time_wait > 0)
    {
      if (summary->len > 0)
        g_string_append_c (summary, '\n');
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u connection in TIME-WAIT",
                                           "%u connections in TIME-WAIT",
                                           time_wait),
                              time_wait);
    }
  self->updating = TRUE;
  g_list_store_splice (self->store, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
  gtk_single_selection_set_selected (self->selection, calls_row);
  self->updating = FALSE;
  gtk_label_set_text (self->summary, summary->str);
  gtk_widget_set_visible (GTK_WIDGET (self->summary), summary->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty), rows->len == 0);
}

char *
seqack_socket_table_dump (SeqackSocketTable *self)
{
  GString *out = g_string_new (NULL);
  GListModel *model;

  g_return_val_if_fail (SEQACK_IS_SOCKET_TABLE (self), NULL);

  model = G_LIST_MODEL (self->store);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (SeqackSocketItem) item = g_list_model_get_item (model, i);

      for (guint c = 0; c < N_COLS; c++)
        g_string_append_printf (out, "%s%s", c > 0 ? "\t" : "",
                                item->cells[c]);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

gboolean
seqack_socket_table_select_row (SeqackSocketTable *self,
                                guint              row)
{
  g_return_val_if_fail (SEQACK_IS_SOCKET_TABLE (self), FALSE);

  if (row >= g_list_model_get_n_items (G_LIST_MODEL (self->store)))
    return FALSE;
  gtk_single_selection_set_selected (self->selection, row);
  return TRUE;
}

guint
seqack_socket_table_get_selected_row (SeqackSocketTable *self)
{
  g_return_val_if_fail (SEQACK_IS_SOCKET_TABLE (self),
                        GTK_INVALID_LIST_POSITION);

  return gtk_single_selection_get_selected (self->selection);
}

const char *
seqack_socket_table_get_summary (SeqackSocketTable *self)
{
  g_return_val_if_fail (SEQACK_IS_SOCKET_TABLE (self), NULL);

  return gtk_label_get_text (self->summary);
}

guint
seqack_socket_table_get_chosen_host (SeqackSocketTable *self)
{
  g_return_val_if_fail (SEQACK_IS_SOCKET_TABLE (self), SEQACK_CLIENT);

  return self->chosen_host;
}
