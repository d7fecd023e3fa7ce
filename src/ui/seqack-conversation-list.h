/* seqack-conversation-list.h: a capture's conversations as a GListModel.
 *
 * The capture page's list shows one SeqackConversationRow per
 * conversation of a SeqackCapture, in the capture's order (row i is
 * conversation i, "No." i + 1 as the CLI's --conversation takes it). A
 * row holds its cells' texts as they were when it was made; when a live
 * capture adds packets to a conversation its row is replaced, so the
 * list binds it again. Like GtkStringList and GtkStringObject, the list
 * and its item type share a file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "seqack-capture.h"

G_BEGIN_DECLS

typedef enum
{
  SEQACK_CONVERSATION_COLUMN_NUMBER,
  SEQACK_CONVERSATION_COLUMN_CLIENT,
  SEQACK_CONVERSATION_COLUMN_SERVER,
  SEQACK_CONVERSATION_COLUMN_PACKETS,
  SEQACK_CONVERSATION_COLUMN_DURATION,
  SEQACK_CONVERSATION_COLUMN_END,
  SEQACK_CONVERSATION_N_COLUMNS
} SeqackConversationColumn;

#define SEQACK_TYPE_CONVERSATION_ROW (seqack_conversation_row_get_type ())

G_DECLARE_FINAL_TYPE (SeqackConversationRow, seqack_conversation_row,
                      SEQACK, CONVERSATION_ROW, GObject)

/* The conversation's index in the capture. */
guint       seqack_conversation_row_get_index (SeqackConversationRow    *self);
const char *seqack_conversation_row_get_text  (SeqackConversationRow    *self,
                                               SeqackConversationColumn  column);

#define SEQACK_TYPE_CONVERSATION_LIST (seqack_conversation_list_get_type ())

G_DECLARE_FINAL_TYPE (SeqackConversationList, seqack_conversation_list,
                      SEQACK, CONVERSATION_LIST, GObject)

SeqackConversationList *seqack_conversation_list_new (void);

/* Lists @capture's conversations (borrowed: it must outlive its use here
 * or be replaced; NULL: none). */
void seqack_conversation_list_set_capture (SeqackConversationList *self,
                                           SeqackCapture          *capture);
/* The capture grew: appends rows for new conversations and replaces the
 * rows of the @n_changed conversations in @changed. */
void seqack_conversation_list_update      (SeqackConversationList *self,
                                           const guint            *changed,
                                           guint                   n_changed);

G_END_DECLS
