/* seqack-conversation-list.c: a capture's conversations as a GListModel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "seqack-conversation-list.h"

/* Rows */

struct _SeqackConversationRow
{
  GObject  parent_instance;

  guint    index;
  char    *texts[SEQACK_CONVERSATION_N_COLUMNS];
};

G_DEFINE_FINAL_TYPE (SeqackConversationRow, seqack_conversation_row,
                     G_TYPE_OBJECT)

static void
seqack_conversation_row_finalize (GObject *object)
{
  SeqackConversationRow *self = SEQACK_CONVERSATION_ROW (object);

  for (guint i = 0; i < SEQACK_CONVERSATION_N_COLUMNS; i++)
    g_free (self->texts[i]);

  G_OBJECT_CLASS (seqack_conversation_row_parent_class)->finalize (object);
}

static void
seqack_conversation_row_class_init (SeqackConversationRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = seqack_conversation_row_finalize;
}

static void
seqack_conversation_row_init (SeqackConversationRow *self)
{
}

static char *
duration_text (SeqackConversation *conv)
{
  double seconds = seqack_conversation_get_duration (conv);

  /* A loopback handshake takes microseconds: "0.000 s" would hide it. */
  if (seconds < 1.0)
    return g_strdup_printf (_("%.3f ms"), seconds * 1000.0);
  return g_strdup_printf (_("%.3f s"), seconds);
}

static const char *
end_text (SeqackConversationEnd end)
{
  switch (end)
    {
    case SEQACK_CONVERSATION_FIN:
      return _("FIN");
    case SEQACK_CONVERSATION_RST:
      return _("RST");
    case SEQACK_CONVERSATION_OPEN:
    default:
      return _("open");
    }
}

static SeqackConversationRow *
row_new (SeqackCapture *capture,
         guint          index)
{
  SeqackConversationRow *self = g_object_new (SEQACK_TYPE_CONVERSATION_ROW,
                                              NULL);
  SeqackConversation *conv = seqack_capture_get_conversation (capture, index);
  const SeqackConversationInfo *info = seqack_conversation_get_info (conv);
  char buf[64];

  self->index = index;
  self->texts[SEQACK_CONVERSATION_COLUMN_NUMBER] =
    g_strdup_printf ("%u", index + 1);
  self->texts[SEQACK_CONVERSATION_COLUMN_CLIENT] =
    g_strdup (seqack_endpoint_to_string (&info->client, buf));
  self->texts[SEQACK_CONVERSATION_COLUMN_SERVER] =
    g_strdup (seqack_endpoint_to_string (&info->server, buf));
  self->texts[SEQACK_CONVERSATION_COLUMN_PACKETS] =
    g_strdup_printf ("%" G_GUINT64_FORMAT, info->n_packets);
  self->texts[SEQACK_CONVERSATION_COLUMN_DURATION] = duration_text (conv);
  self->texts[SEQACK_CONVERSATION_COLUMN_END] = g_strdup (end_text (info->end));

  return self;
}

guint
seqack_conversation_row_get_index (SeqackConversationRow *self)
{
  g_return_val_if_fail (SEQACK_IS_CONVERSATION_ROW (self), 0);

  return self->index;
}

const char *
seqack_conversation_row_get_text (SeqackConversationRow    *self,
                                  SeqackConversationColumn  column)
{
  g_return_val_if_fail (SEQACK_IS_CONVERSATION_ROW (self), NULL);
  g_return_val_if_fail (column < SEQACK_CONVERSATION_N_COLUMNS, NULL);

  return self->texts[column];
}

/* The list */

struct _SeqackConversationList
{
  GObject        parent_instance;

  SeqackCapture *capture;   /* borrowed */
  GPtrArray     *rows;      /* SeqackConversationRow, NULL until asked */
};

static GType
list_get_item_type (GListModel *model)
{
  return SEQACK_TYPE_CONVERSATION_ROW;
}

static guint
list_get_n_items (GListModel *model)
{
  return SEQACK_CONVERSATION_LIST (model)->rows->len;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  SeqackConversationList *self = SEQACK_CONVERSATION_LIST (model);

  if (position >= self->rows->len)
    return NULL;
  if (g_ptr_array_index (self->rows, position) == NULL)
    g_ptr_array_index (self->rows, position) = row_new (self->capture,
                                                        position);

  return g_object_ref (g_ptr_array_index (self->rows, position));
}

static void
seqack_conversation_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SeqackConversationList,
                               seqack_conversation_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      seqack_conversation_list_model_init))

static void
clear_row (gpointer data)
{
  if (data != NULL)
    g_object_unref (data);
}

static void
seqack_conversation_list_finalize (GObject *object)
{
  SeqackConversationList *self = SEQACK_CONVERSATION_LIST (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (seqack_conversation_list_parent_class)->finalize (object);
}

static void
seqack_conversation_list_class_init (SeqackConversationListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = seqack_conversation_list_finalize;
}

static void
seqack_conversation_list_init (SeqackConversationList *self)
{
  self->rows = g_ptr_array_new_with_free_func (clear_row);
}

SeqackConversationList *
seqack_conversation_list_new (void)
{
  return g_object_new (SEQACK_TYPE_CONVERSATION_LIST, NULL);
}

void
seqack_conversation_list_set_capture (SeqackConversationList *self,
                                      SeqackCapture          *capture)
{
  guint removed;

  g_return_if_fail (SEQACK_IS_CONVERSATION_LIST (self));

  removed = self->rows->len;
  g_ptr_array_set_size (self->rows, 0);
  self->capture = capture;
  if (capture != NULL)
    g_ptr_array_set_size (self->rows,
                          seqack_capture_get_n_conversations (capture));
  if (removed > 0 || self->rows->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed,
                                self->rows->len);
}

void
seqack_conversation_list_update (SeqackConversationList *self,
                                 const guint            *changed,
                                 guint                   n_changed)
{
  guint had, n;

  g_return_if_fail (SEQACK_IS_CONVERSATION_LIST (self));

  if (self->capture == NULL)
    return;

  had = self->rows->len;
  for (guint i = 0; i < n_changed; i++)
    {
      guint index = changed[i];

      if (index >= had)
        continue;
      g_clear_object ((SeqackConversationRow **) &g_ptr_array_index (self->rows,
                                                                     index));
      g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 1);
    }

  n = seqack_capture_get_n_conversations (self->capture);
  if (n > had)
    {
      g_ptr_array_set_size (self->rows, n);
      g_list_model_items_changed (G_LIST_MODEL (self), had, 0, n - had);
    }
}
