/* seqack-packet-list.h: the trace's segments as a table.
 *
 * A GtkColumnView over a SeqackPacketListModel: No., Time, Source →
 * Destination, Flags, Seq, Ack, Len, Win and Info, one row per segment
 * the picture shows. Property "selected" is the selected segment's event
 * (SEQACK_NO_EVENT for none); choosing a row with the pointer or the
 * keyboard sets it, and setting it selects and scrolls to the row. Each
 * row reads as a sentence to a screen reader ("Segment 3, client to
 * server, ACK, Seq 1, Ack 1, delivered").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "seqack-packet-list-model.h"

G_BEGIN_DECLS

#define SEQACK_TYPE_PACKET_LIST (seqack_packet_list_get_type ())

G_DECLARE_FINAL_TYPE (SeqackPacketList, seqack_packet_list,
                      SEQACK, PACKET_LIST, GtkWidget)

/* As seqack_packet_list_model_set_layout() and _set_shown(). */
void  seqack_packet_list_set_layout   (SeqackPacketList     *self,
                                       SeqackSequenceLayout *layout);
void  seqack_packet_list_set_shown    (SeqackPacketList     *self,
                                       guint                 n_shown,
                                       gint64                now);
void  seqack_packet_list_set_absolute (SeqackPacketList     *self,
                                       gboolean              absolute);
void  seqack_packet_list_set_selected (SeqackPacketList     *self,
                                       guint                 event);
guint seqack_packet_list_get_selected (SeqackPacketList     *self);
/* The width its columns need to show whole (Win and Info included). */
int   seqack_packet_list_get_columns_width (SeqackPacketList *self);
SeqackPacketListModel *seqack_packet_list_get_model (SeqackPacketList *self);

G_END_DECLS
