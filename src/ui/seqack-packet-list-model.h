/* seqack-packet-list-model.h: a trace's segments as a GListModel.
 *
 * The packet list shows one SeqackPacketRow per segment among the events
 * the picture shows ([0, n-shown)), in trace order: "No." 1 is the first
 * segment. What a lesson question hides is beyond n-shown, so the list
 * never shows it either, nor a state change it would give away. A row
 * holds its cells' texts and its sentence for screen readers as they
 * were when it was made; when what is shown changes (a segment arrives,
 * a state change is revealed, numbers turn absolute) the rows that read
 * differently are replaced, so the list binds them again. Like
 * GtkStringList and GtkStringObject, the list and its item type share a
 * file. No GTK here: tested without a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "seqack-sequence-layout.h"

G_BEGIN_DECLS

typedef enum
{
  SEQACK_PACKET_COLUMN_NUMBER,
  SEQACK_PACKET_COLUMN_TIME,
  SEQACK_PACKET_COLUMN_ENDPOINTS, /* "client → server" */
  SEQACK_PACKET_COLUMN_FLAGS,
  SEQACK_PACKET_COLUMN_SEQ,
  SEQACK_PACKET_COLUMN_ACK,       /* empty without ACK */
  SEQACK_PACKET_COLUMN_LEN,
  SEQACK_PACKET_COLUMN_WIN,
  SEQACK_PACKET_COLUMN_INFO,      /* state changes, lost, marks */
  SEQACK_PACKET_N_COLUMNS
} SeqackPacketColumn;

#define SEQACK_TYPE_PACKET_ROW (seqack_packet_row_get_type ())

G_DECLARE_FINAL_TYPE (SeqackPacketRow, seqack_packet_row,
                      SEQACK, PACKET_ROW, GObject)

/* The segment's event in the trace. */
guint       seqack_packet_row_get_event (SeqackPacketRow    *self);
const char *seqack_packet_row_get_text  (SeqackPacketRow    *self,
                                         SeqackPacketColumn  column);
/* The row in words, for screen readers: "Segment 3, client to server,
 * ACK, Seq 1, Ack 1, delivered". */
const char *seqack_packet_row_get_label (SeqackPacketRow    *self);

#define SEQACK_TYPE_PACKET_LIST_MODEL (seqack_packet_list_model_get_type ())

G_DECLARE_FINAL_TYPE (SeqackPacketListModel, seqack_packet_list_model,
                      SEQACK, PACKET_LIST_MODEL, GObject)

SeqackPacketListModel *seqack_packet_list_model_new (void);

/* @layout is borrowed; it must outlive its use here (or be unset). The
 * list is empty until seqack_packet_list_model_set_shown(). */
void  seqack_packet_list_model_set_layout   (SeqackPacketListModel *self,
                                             SeqackSequenceLayout  *layout);
/* Events [0, @n_shown) at virtual time @now (SEQACK_NOW_LAST_SHOWN: the
 * last shown event's; a segment arriving after @now is "in flight"). */
void  seqack_packet_list_model_set_shown    (SeqackPacketListModel *self,
                                             guint                  n_shown,
                                             gint64                 now);
void  seqack_packet_list_model_set_absolute (SeqackPacketListModel *self,
                                             gboolean               absolute);
/* The event of row @position, or SEQACK_NO_EVENT. */
guint seqack_packet_list_model_get_event    (SeqackPacketListModel *self,
                                             guint                  position);
/* The row of segment @event, or G_MAXUINT (GTK_INVALID_LIST_POSITION)
 * when it is no segment the list shows. O(log n). */
guint seqack_packet_list_model_find_event   (SeqackPacketListModel *self,
                                             guint                  event);

G_END_DECLS
