/* seqack-packet-list-model.c: a trace's segments as a GListModel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "seqack-packet-list-model.h"
#include "seqack-sequence-render.h"
#include "seqack-tcp-header.h"
#include "seqack-trace-format.h"

/* How far after a segment its receiver's state change is looked for:
 * the lab records it right after the arrival, a capture right after the
 * packet; more events between the two are other segments' doing. */
#define STATE_LOOKAHEAD 16

/* Rows */

struct _SeqackPacketRow
{
  GObject  parent_instance;

  guint    event;
  char    *texts[SEQACK_PACKET_N_COLUMNS];
  char    *label;
};

G_DEFINE_FINAL_TYPE (SeqackPacketRow, seqack_packet_row, G_TYPE_OBJECT)

static void
seqack_packet_row_finalize (GObject *object)
{
  SeqackPacketRow *self = SEQACK_PACKET_ROW (object);

  for (guint i = 0; i < SEQACK_PACKET_N_COLUMNS; i++)
    g_free (self->texts[i]);
  g_free (self->label);

  G_OBJECT_CLASS (seqack_packet_row_parent_class)->finalize (object);
}

static void
seqack_packet_row_class_init (SeqackPacketRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = seqack_packet_row_finalize;
}

static void
seqack_packet_row_init (SeqackPacketRow *self)
{
}

guint
seqack_packet_row_get_event (SeqackPacketRow *self)
{
  g_return_val_if_fail (SEQACK_IS_PACKET_ROW (self), SEQACK_NO_EVENT);

  return self->event;
}

const char *
seqack_packet_row_get_text (SeqackPacketRow    *self,
                            SeqackPacketColumn  column)
{
  g_return_val_if_fail (SEQACK_IS_PACKET_ROW (self), NULL);
  g_return_val_if_fail (column < SEQACK_PACKET_N_COLUMNS, NULL);

  return self->texts[column];
}

const char *
seqack_packet_row_get_label (SeqackPacketRow *self)
{
  g_return_val_if_fail (SEQACK_IS_PACKET_ROW (self), NULL);

  return self->label;
}

/* The list */

struct _SeqackPacketListModel
{
  GObject               parent_instance;

  SeqackSequenceLayout *layout;   /* borrowed */
  GArray               *segments; /* guint: the event of each row */
  GPtrArray            *rows;     /* SeqackPacketRow or NULL, made on demand */
  guint                 n_shown;
  gint64                now;
  gboolean              absolute;
};

/* Rows not made yet are NULL. */
static void
row_unref (gpointer row)
{
  if (row != NULL)
    g_object_unref (row);
}

static GType
seqack_packet_list_model_get_item_type (GListModel *list)
{
  return SEQACK_TYPE_PACKET_ROW;
}

static guint
seqack_packet_list_model_get_n_items (GListModel *list)
{
  return SEQACK_PACKET_LIST_MODEL (list)->segments->len;
}

static SeqackTrace *
trace_of (SeqackPacketListModel *self)
{
  return seqack_sequence_layout_get_trace (self->layout);
}

/* The time the picture shows. */
static gint64
shown_time (SeqackPacketListModel *self)
{
  if (self->now != SEQACK_NOW_LAST_SHOWN)
    return self->now;
  if (self->n_shown == 0)
    return 0;
  return seqack_trace_get_event (trace_of (self), self->n_shown - 1)->t;
}

static const char *
side_label (SeqackSide side)
{
  return side == SEQACK_SERVER ? C_("endpoint", "server")
                               : C_("endpoint", "client");
}

/* "client: CLOSED → SYN-SENT" */
static void
append_state_change (GString           *out,
                     const SeqackEvent *state)
{
  if (out->len > 0)
    g_string_append (out, "; ");
  /* TRANSLATORS: a state change in the packet list: "server: LISTEN →
   * SYN-RCVD" */
  g_string_append_printf (out, _("%s: %s → %s"),
                          side_label ((SeqackSide) state->side),
                          seqack_tcp_state_name (state->from),
                          seqack_tcp_state_name (state->to));
}

/* The state changes of segment @index shown so far: the sender's as a
 * user action made it send the segment (Connect: CLOSED → SYN-SENT and
 * the SYN; not a change an arrival caused just before), then the
 * receiver's when it arrives. */
static void
append_state_changes (SeqackPacketListModel *self,
                      guint                  index,
                      GString               *out)
{
  SeqackTrace *trace = trace_of (self);
  const SeqackEvent *segment = seqack_trace_get_event (trace, index);
  guint sender_state = SEQACK_NO_EVENT;
  gboolean by_action = FALSE;
  guint end;

  for (guint i = index; i-- > 0;)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->t != segment->t || ev->kind == SEQACK_EVENT_SEGMENT)
        break;
      if (ev->side != segment->side)
        continue;
      if (ev->kind == SEQACK_EVENT_STATE && sender_state == SEQACK_NO_EVENT)
        sender_state = i;
      else if (ev->kind == SEQACK_EVENT_ACTION &&
               sender_state != SEQACK_NO_EVENT)
        {
          by_action = TRUE;
          break;
        }
    }
  if (by_action)
    append_state_change (out, seqack_trace_get_event (trace, sender_state));

  if (segment->fate == SEQACK_FATE_LOST)
    return;
  end = MIN (self->n_shown, index + 1 + STATE_LOOKAHEAD);
  for (guint i = index + 1; i < end; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->t > segment->t2)
        break;
      if (ev->kind == SEQACK_EVENT_STATE && ev->side != segment->side &&
          ev->t == segment->t2)
        {
          append_state_change (out, ev);
          break;
        }
    }
}

/* "delivered", "lost", "in flight" or "captured". */
static const char *
fate_text (SeqackPacketListModel *self,
           const SeqackEvent     *segment)
{
  if (segment->fate == SEQACK_FATE_CAPTURED)
    return _("captured");
  if (segment->t2 > shown_time (self))
    return _("in flight");
  return segment->fate == SEQACK_FATE_LOST ? _("lost") : _("delivered");
}

static SeqackPacketRow *
row_new (SeqackPacketListModel *self,
         guint                  position)
{
  SeqackPacketRow *row = g_object_new (SEQACK_TYPE_PACKET_ROW, NULL);
  SeqackTrace *trace = trace_of (self);
  guint index = g_array_index (self->segments, guint, position);
  const SeqackEvent *ev = seqack_trace_get_event (trace, index);
  SeqackSide sender = (SeqackSide) ev->side;
  SeqackSide receiver = sender == SEQACK_CLIENT ? SEQACK_SERVER
                                                : SEQACK_CLIENT;
  g_autoptr(GString) time = g_string_new (NULL);
  g_autoptr(GString) info = g_string_new (NULL);
  g_autoptr(GString) states = g_string_new (NULL);
  g_autoptr(GString) label = g_string_new (NULL);
  const char *mark = seqack_trace_format_segment_mark (trace, index);
  const char *fate = fate_text (self, ev);
  gboolean has_ack = (ev->flags & SEQACK_TCP_ACK) != 0;
  guint32 seq, ack;
  char flags[48];

  seq = self->absolute ? ev->seq : seqack_trace_relative_seq (trace, index);
  ack = self->absolute ? ev->ack : seqack_trace_relative_ack (trace, index);
  seqack_tcp_flags_to_string (ev->flags, flags);
  seqack_trace_format_seconds (trace, ev->t, time);

  append_state_changes (self, index, states);

  /* Info: what became of the segment, its mark, the states it moved. */
  if (ev->fate == SEQACK_FATE_LOST && ev->t2 <= shown_time (self))
    g_string_append (info, fate);
  if (mark != NULL)
    g_string_append_printf (info, "%s%s", info->len > 0 ? " " : "", mark);
  if (states->len > 0)
    g_string_append_printf (info, "%s%s", info->len > 0 ? "; " : "",
                            states->str);

  row->event = index;
  row->texts[SEQACK_PACKET_COLUMN_NUMBER] = g_strdup_printf ("%u",
                                                             position + 1);
  row->texts[SEQACK_PACKET_COLUMN_TIME] = g_strdup (time->str);
  /* TRANSLATORS: the packet list's Source → Destination: "client →
   * server" */
  row->texts[SEQACK_PACKET_COLUMN_ENDPOINTS] =
    g_strdup_printf (_("%s → %s"), side_label (sender), side_label (receiver));
  row->texts[SEQACK_PACKET_COLUMN_FLAGS] = g_strdup (flags);
  row->texts[SEQACK_PACKET_COLUMN_SEQ] = g_strdup_printf ("%u", seq);
  row->texts[SEQACK_PACKET_COLUMN_ACK] = has_ack ? g_strdup_printf ("%u", ack)
                                                 : g_strdup ("");
  row->texts[SEQACK_PACKET_COLUMN_LEN] = g_strdup_printf ("%u", ev->number);
  row->texts[SEQACK_PACKET_COLUMN_WIN] = g_strdup_printf ("%u", ev->window);
  row->texts[SEQACK_PACKET_COLUMN_INFO] = g_strdup (info->str);

  /* The sentence a screen reader reads for the row. */
  g_string_append_printf (label,
                          sender == SEQACK_CLIENT
                          /* TRANSLATORS: the start of a packet list row
                           * read aloud: "Segment 3, client to server" */
                          ? _("Segment %u, client to server")
                          : _("Segment %u, server to client"),
                          position + 1);
  g_string_append_printf (label, ", %s", flags[0] != '\0' ? flags
                                                          : _("no flags"));
  g_string_append (label, ", ");
  /* TRANSLATORS: read aloud: "Seq 1" */
  g_string_append_printf (label, _("Seq %u"), seq);
  if (has_ack)
    {
      g_string_append (label, ", ");
      /* TRANSLATORS: read aloud: "Ack 1" */
      g_string_append_printf (label, _("Ack %u"), ack);
    }
  if (ev->number > 0)
    {
      g_string_append (label, ", ");
      /* TRANSLATORS: read aloud: "5 bytes of data" */
      g_string_append_printf (label, g_dngettext (GETTEXT_PACKAGE,
                                                  "%u byte of data",
                                                  "%u bytes of data",
                                                  ev->number),
                              ev->number);
    }
  g_string_append_printf (label, ", %s", fate);
  if (mark != NULL)
    g_string_append_printf (label, ", %s", mark);
  if (states->len > 0)
    g_string_append_printf (label, ", %s", states->str);
  row->label = g_string_free (g_steal_pointer (&label), FALSE);

  return row;
}

static gpointer
seqack_packet_list_model_get_item (GListModel *list,
                                   guint       position)
{
  SeqackPacketListModel *self = SEQACK_PACKET_LIST_MODEL (list);

  if (position >= self->segments->len)
    return NULL;
  if (g_ptr_array_index (self->rows, position) == NULL)
    g_ptr_array_index (self->rows, position) = row_new (self, position);
  return g_object_ref (g_ptr_array_index (self->rows, position));
}

static void
seqack_packet_list_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = seqack_packet_list_model_get_item_type;
  iface->get_n_items = seqack_packet_list_model_get_n_items;
  iface->get_item = seqack_packet_list_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SeqackPacketListModel, seqack_packet_list_model,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      seqack_packet_list_model_list_init))

/* Rows [@position, end) read anew; the list now holds the segments of
 * events [0, n_shown). */
static void
replace_from (SeqackPacketListModel *self,
              guint                  position)
{
  guint removed = self->segments->len - position;
  guint added;

  g_array_set_size (self->segments, position);
  if (self->layout != NULL)
    {
      SeqackTrace *trace = trace_of (self);
      guint from = position > 0
                   ? g_array_index (self->segments, guint, position - 1) + 1
                   : 0;

      for (guint i = from; i < self->n_shown; i++)
        if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT)
          g_array_append_val (self->segments, i);
    }
  added = self->segments->len - position;

  g_ptr_array_set_size (self->rows, position);
  g_ptr_array_set_size (self->rows, self->segments->len);
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

void
seqack_packet_list_model_set_layout (SeqackPacketListModel *self,
                                     SeqackSequenceLayout  *layout)
{
  g_return_if_fail (SEQACK_IS_PACKET_LIST_MODEL (self));

  self->layout = layout;
  self->n_shown = 0;
  self->now = SEQACK_NOW_LAST_SHOWN;
  replace_from (self, 0);
}

void
seqack_packet_list_model_set_shown (SeqackPacketListModel *self,
                                    guint                  n_shown,
                                    gint64                 now)
{
  SeqackTrace *trace;
  guint common, position;
  gint64 before, common_t;

  g_return_if_fail (SEQACK_IS_PACKET_LIST_MODEL (self));

  if (self->layout == NULL)
    return;
  trace = trace_of (self);
  n_shown = MIN (n_shown, seqack_trace_get_n_events (trace));
  if (n_shown == self->n_shown && now == self->now)
    return;

  /* A row reads the same in both pictures when its segment arrived by
   * both times and an event after its arrival is shown in both: nothing
   * about it can still be revealed. The first row that may differ, and
   * all after it, are made anew. */
  before = shown_time (self);
  common = MIN (n_shown, self->n_shown);
  self->n_shown = n_shown;
  self->now = now;
  common_t = MIN (before, shown_time (self));
  common_t = common > 0 ? MIN (common_t,
                               seqack_trace_get_event (trace, common - 1)->t)
                        : G_MININT64;

  for (position = 0; position < self->segments->len; position++)
    {
      guint index = g_array_index (self->segments, guint, position);

      if (index >= common ||
          seqack_trace_get_event (trace, index)->t2 >= common_t)
        break;
    }
  replace_from (self, position);
}

void
seqack_packet_list_model_set_absolute (SeqackPacketListModel *self,
                                       gboolean               absolute)
{
  g_return_if_fail (SEQACK_IS_PACKET_LIST_MODEL (self));

  absolute = !!absolute;
  if (absolute == self->absolute)
    return;
  self->absolute = absolute;
  replace_from (self, 0);
}

guint
seqack_packet_list_model_get_event (SeqackPacketListModel *self,
                                    guint                  position)
{
  g_return_val_if_fail (SEQACK_IS_PACKET_LIST_MODEL (self), SEQACK_NO_EVENT);

  if (position >= self->segments->len)
    return SEQACK_NO_EVENT;
  return g_array_index (self->segments, guint, position);
}

guint
seqack_packet_list_model_find_event (SeqackPacketListModel *self,
                                     guint                  event)
{
  guint lo = 0, hi;

  g_return_val_if_fail (SEQACK_IS_PACKET_LIST_MODEL (self), G_MAXUINT);

  hi = self->segments->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint at = g_array_index (self->segments, guint, mid);

      if (at == event)
        return mid;
      if (at < event)
        lo = mid + 1;
      else
        hi = mid;
    }
  return G_MAXUINT;
}

/* GObject */

static void
seqack_packet_list_model_finalize (GObject *object)
{
  SeqackPacketListModel *self = SEQACK_PACKET_LIST_MODEL (object);

  g_array_unref (self->segments);
  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (seqack_packet_list_model_parent_class)->finalize (object);
}

static void
seqack_packet_list_model_class_init (SeqackPacketListModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = seqack_packet_list_model_finalize;
}

static void
seqack_packet_list_model_init (SeqackPacketListModel *self)
{
  self->segments = g_array_new (FALSE, FALSE, sizeof (guint));
  self->rows = g_ptr_array_new_with_free_func (row_unref);
  self->now = SEQACK_NOW_LAST_SHOWN;
}

SeqackPacketListModel *
seqack_packet_list_model_new (void)
{
  return g_object_new (SEQACK_TYPE_PACKET_LIST_MODEL, NULL);
}
