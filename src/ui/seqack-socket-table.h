/* seqack-socket-table.h: one host's sockets as `ss -tan` lists them
 * (State, Recv-Q, Send-Q, Local Address:Port, Peer Address:Port), at the
 * point of the trace the window shows, and its listener's queues.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "seqack-trace.h"

G_BEGIN_DECLS

#define SEQACK_TYPE_SOCKET_TABLE (seqack_socket_table_get_type ())

G_DECLARE_FINAL_TYPE (SeqackSocketTable, seqack_socket_table,
                      SEQACK, SOCKET_TABLE, GtkWidget)

GtkWidget *seqack_socket_table_new (void);
/* @side's sockets as events [0, @n_shown) of @trace show them; the row
 * of the socket its calls act on is selected. A row the user selects
 * emits "socket-selected" with its SeqackSocketKey. */
void       seqack_socket_table_update (SeqackSocketTable *self,
                                       SeqackTrace       *trace,
                                       guint              n_shown,
                                       SeqackSide         side);
/* The rows as shown, one line each, cells separated by tabs (tests). */
char      *seqack_socket_table_dump (SeqackSocketTable *self);
/* Selects row @row as a click does ("socket-selected" is emitted);
 * FALSE when there is no such row (tests). */
gboolean   seqack_socket_table_select_row (SeqackSocketTable *self,
                                           guint              row);
/* The row selected: the socket the side's calls act on, as the shown
 * events say (GTK_INVALID_LIST_POSITION: none of the rows). */
guint      seqack_socket_table_get_selected_row (SeqackSocketTable *self);
/* The host of the row the user selected last: the client side's table
 * has the rows of every client host. */
guint      seqack_socket_table_get_chosen_host (SeqackSocketTable *self);
/* The line under the table: the listener's queues, the TIME-WAITs. */
const char *seqack_socket_table_get_summary (SeqackSocketTable *self);

G_END_DECLS
