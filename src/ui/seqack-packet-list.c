/* seqack-packet-list.c: the trace's segments as a table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "seqack-packet-list.h"

struct _SeqackPacketList
{
  GtkWidget              parent_instance;

  GtkWidget             *scroller;
  GtkColumnView         *view;
  GtkSingleSelection    *selection;
  SeqackPacketListModel *model;
  guint                  selected; /* the event; SEQACK_NO_EVENT */
  gulong                 selection_handler;
};

enum {
  PROP_0,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SeqackPacketList, seqack_packet_list, GTK_TYPE_WIDGET)

/* Cells */

static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  SeqackPacketColumn column =
    GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkWidget *label = gtk_label_new (NULL);

  switch (column)
    {
    case SEQACK_PACKET_COLUMN_NUMBER:
    case SEQACK_PACKET_COLUMN_TIME:
    case SEQACK_PACKET_COLUMN_SEQ:
    case SEQACK_PACKET_COLUMN_ACK:
    case SEQACK_PACKET_COLUMN_LEN:
    case SEQACK_PACKET_COLUMN_WIN:
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "numeric");
      break;
    case SEQACK_PACKET_COLUMN_INFO:
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      break;
    default:
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
    }
  gtk_list_item_set_child (item, label);
}

static void
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  SeqackPacketColumn column =
    GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  SeqackPacketRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = seqack_packet_row_get_text (row, column);

  gtk_label_set_label (GTK_LABEL (label), text);
  if (column == SEQACK_PACKET_COLUMN_INFO)
    gtk_widget_set_tooltip_text (label, text[0] != '\0' ? text : NULL);
  if (column != SEQACK_PACKET_COLUMN_NUMBER)
    return;

  /* GTK 4.8 gives a list item no accessible label of its own: the row's
   * first cell reads the whole segment in words. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  seqack_packet_row_get_label (row), -1);
#if GTK_CHECK_VERSION (4, 12, 0)
  gtk_list_item_set_accessible_label (item, seqack_packet_row_get_label (row));
#endif
}

static void
add_column (SeqackPacketList   *self,
            SeqackPacketColumn  column,
            const char         *title,
            gboolean            expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), NULL);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->view, view_column);
  g_object_unref (view_column);
}

/* Selection, both ways */

static void
scroll_to (SeqackPacketList *self,
           guint             position)
{
#if GTK_CHECK_VERSION (4, 12, 0)
  gtk_column_view_scroll_to (self->view, position, NULL,
                             GTK_LIST_SCROLL_NONE, NULL);
#else
  /* GTK 4.8 has no gtk_column_view_scroll_to(): the column view's own
   * list view answers "list.scroll-to-item". */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      {
        gtk_widget_activate_action (child, "list.scroll-to-item", "u",
                                    position);
        break;
      }
#endif
}

/* Selects the row of the selected event (none when it is no segment the
 * list shows); on_selection_changed() is not told. */
static void
show_selected (SeqackPacketList *self,
               gboolean          scroll)
{
  guint position = seqack_packet_list_model_find_event (self->model,
                                                        self->selected);

  g_signal_handler_block (self->selection, self->selection_handler);
  gtk_single_selection_set_selected (self->selection,
                                     position == G_MAXUINT
                                     ? GTK_INVALID_LIST_POSITION : position);
  g_signal_handler_unblock (self->selection, self->selection_handler);
  if (scroll && position != G_MAXUINT)
    scroll_to (self, position);
}

/* A person chose a row (pointer or keyboard). */
static void
on_selection_changed (SeqackPacketList *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  guint event = seqack_packet_list_model_get_event (self->model, position);

  if (event == self->selected)
    return;
  self->selected = event;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

void
seqack_packet_list_set_selected (SeqackPacketList *self,
                                 guint             event)
{
  g_return_if_fail (SEQACK_IS_PACKET_LIST (self));

  if (event == self->selected)
    return;
  self->selected = event;
  show_selected (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

guint
seqack_packet_list_get_selected (SeqackPacketList *self)
{
  g_return_val_if_fail (SEQACK_IS_PACKET_LIST (self), SEQACK_NO_EVENT);

  return self->selected;
}

/* What is shown. The rows that change are made anew, which drops their
 * selection: it is put back. */

void
seqack_packet_list_set_layout (SeqackPacketList     *self,
                               SeqackSequenceLayout *layout)
{
  g_return_if_fail (SEQACK_IS_PACKET_LIST (self));

  g_signal_handler_block (self->selection, self->selection_handler);
  seqack_packet_list_model_set_layout (self->model, layout);
  g_signal_handler_unblock (self->selection, self->selection_handler);
  seqack_packet_list_set_selected (self, SEQACK_NO_EVENT);
}

void
seqack_packet_list_set_shown (SeqackPacketList *self,
                              guint             n_shown,
                              gint64            now)
{
  g_return_if_fail (SEQACK_IS_PACKET_LIST (self));

  g_signal_handler_block (self->selection, self->selection_handler);
  seqack_packet_list_model_set_shown (self->model, n_shown, now);
  g_signal_handler_unblock (self->selection, self->selection_handler);
  show_selected (self, FALSE);
}

void
seqack_packet_list_set_absolute (SeqackPacketList *self,
                                 gboolean          absolute)
{
  g_return_if_fail (SEQACK_IS_PACKET_LIST (self));

  g_signal_handler_block (self->selection, self->selection_handler);
  seqack_packet_list_model_set_absolute (self->model, absolute);
  g_signal_handler_unblock (self->selection, self->selection_handler);
  show_selected (self, FALSE);
}

SeqackPacketListModel *
seqack_packet_list_get_model (SeqackPacketList *self)
{
  g_return_val_if_fail (SEQACK_IS_PACKET_LIST (self), NULL);

  return self->model;
}

/* GObject */

static void
seqack_packet_list_dispose (GObject *object)
{
  SeqackPacketList *self = SEQACK_PACKET_LIST (object);

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (seqack_packet_list_parent_class)->dispose (object);
}

static void
seqack_packet_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SeqackPacketList *self = SEQACK_PACKET_LIST (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_uint (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seqack_packet_list_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SeqackPacketList *self = SEQACK_PACKET_LIST (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      seqack_packet_list_set_selected (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

int
seqack_packet_list_get_columns_width (SeqackPacketList *self)
{
  int columns;

  g_return_val_if_fail (SEQACK_IS_PACKET_LIST (self), 0);

  gtk_widget_measure (GTK_WIDGET (self->view), GTK_ORIENTATION_HORIZONTAL, -1,
                      &columns, NULL, NULL, NULL);
  return columns;
}

static void
seqack_packet_list_class_init (SeqackPacketListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seqack_packet_list_dispose;
  object_class->get_property = seqack_packet_list_get_property;
  object_class->set_property = seqack_packet_list_set_property;

  properties[PROP_SELECTED] =
    g_param_spec_uint ("selected", NULL, NULL, 0, G_MAXUINT, G_MAXUINT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class,
                                            GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "packetlist");
}

static void
seqack_packet_list_init (SeqackPacketList *self)
{
  self->selected = G_MAXUINT;
  self->model = seqack_packet_list_model_new ();
  self->selection = gtk_single_selection_new (
    G_LIST_MODEL (g_object_ref (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection,
                                     GTK_INVALID_LIST_POSITION);
  self->selection_handler =
    g_signal_connect_swapped (self->selection, "notify::selected",
                              G_CALLBACK (on_selection_changed), self);

  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (
    GTK_SELECTION_MODEL (g_object_ref (self->selection))));
  gtk_column_view_set_show_column_separators (self->view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Packet list"), -1);

  add_column (self, SEQACK_PACKET_COLUMN_NUMBER, _("No."), FALSE);
  add_column (self, SEQACK_PACKET_COLUMN_TIME, _("Time"), FALSE);
  add_column (self, SEQACK_PACKET_COLUMN_ENDPOINTS,
              _("Source → Destination"), FALSE);
  add_column (self, SEQACK_PACKET_COLUMN_FLAGS, _("Flags"), FALSE);
  add_column (self, SEQACK_PACKET_COLUMN_SEQ, _("Seq"), FALSE);
  add_column (self, SEQACK_PACKET_COLUMN_ACK, _("Ack"), FALSE);
  add_column (self, SEQACK_PACKET_COLUMN_LEN, _("Len"), FALSE);
  add_column (self, SEQACK_PACKET_COLUMN_WIN, _("Win"), FALSE);
  add_column (self, SEQACK_PACKET_COLUMN_INFO, _("Info"), TRUE);

  /* Sideways it scrolls: its columns never widen the window. */
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller),
                                 GTK_WIDGET (self->view));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}
