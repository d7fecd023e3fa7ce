/* test-ui-conversation-list.c: the capture page's list model, without a
 * display: one row per conversation, in the capture's order, and a live
 * update replaces exactly the rows that changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "capture-test-util.h"
#include "seqack-conversation-list.h"

typedef struct
{
  guint calls;
  guint position, removed, added;
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->calls++;
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
}

static void
add (SeqackCapture *capture,
     guint16        client_port,
     gint64         t,
     gboolean       from_client,
     guint32        seq,
     guint32        ack,
     guint8         flags)
{
  g_autoptr(GByteArray) packet = test_ipv4 (from_client, client_port, seq,
                                            ack, flags, NULL);

  g_assert_cmpint (seqack_capture_add_ip (capture, TEST_T0 + t, packet->data,
                                          packet->len), >=, 0);
}

static void
handshake (SeqackCapture *capture,
           guint16        port)
{
  add (capture, port, 0, TRUE, 100, 0, SEQACK_TCP_SYN);
  add (capture, port, 1000, FALSE, 500, 101,
       SEQACK_TCP_SYN | SEQACK_TCP_ACK);
  add (capture, port, 2000, TRUE, 101, 501, SEQACK_TCP_ACK);
}

static char *
row_text (GListModel               *model,
          guint                     index,
          SeqackConversationColumn  column)
{
  g_autoptr(SeqackConversationRow) row = g_list_model_get_item (model, index);

  g_assert_nonnull (row);
  g_assert_cmpuint (seqack_conversation_row_get_index (row), ==, index);
  return g_strdup (seqack_conversation_row_get_text (row, column));
}

static void
test_rows (void)
{
  g_autoptr(SeqackConversationList) list = seqack_conversation_list_new ();
  GListModel *model = G_LIST_MODEL (list);
  SeqackCapture *capture = seqack_capture_new ();
  g_autofree char *number = NULL, *client = NULL, *server = NULL;
  g_autofree char *packets = NULL, *end = NULL;
  g_autofree char *packets_after = NULL, *end_after = NULL;
  g_autofree char *second = NULL;
  Changes changes = { 0 };
  const guint changed[] = { 0 };

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed),
                    &changes);
  g_assert_true (g_list_model_get_item_type (model)
                 == SEQACK_TYPE_CONVERSATION_ROW);

  handshake (capture, TEST_CLIENT_PORT);
  seqack_conversation_list_set_capture (list, capture);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_null (g_list_model_get_item (model, 1));

  /* "No." is what the CLI's --conversation takes. */
  number = row_text (model, 0, SEQACK_CONVERSATION_COLUMN_NUMBER);
  client = row_text (model, 0, SEQACK_CONVERSATION_COLUMN_CLIENT);
  server = row_text (model, 0, SEQACK_CONVERSATION_COLUMN_SERVER);
  packets = row_text (model, 0, SEQACK_CONVERSATION_COLUMN_PACKETS);
  end = row_text (model, 0, SEQACK_CONVERSATION_COLUMN_END);
  g_assert_cmpstr (number, ==, "1");
  g_assert_cmpstr (client, ==, "192.0.2.1:50000");
  g_assert_cmpstr (server, ==, "192.0.2.2:8080");
  g_assert_cmpstr (packets, ==, "3");
  g_assert_cmpstr (end, ==, "open");

  /* The conversation closes: its row is replaced, so views bind it again
   * and read the new counts. */
  add (capture, TEST_CLIENT_PORT, 3000, TRUE, 101, 501,
       SEQACK_TCP_FIN | SEQACK_TCP_ACK);
  add (capture, TEST_CLIENT_PORT, 4000, FALSE, 501, 102,
       SEQACK_TCP_FIN | SEQACK_TCP_ACK);
  seqack_conversation_list_update (list, changed, G_N_ELEMENTS (changed));
  g_assert_cmpuint (changes.calls, ==, 2);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 1);
  packets_after = row_text (model, 0, SEQACK_CONVERSATION_COLUMN_PACKETS);
  end_after = row_text (model, 0, SEQACK_CONVERSATION_COLUMN_END);
  g_assert_cmpstr (packets_after, ==, "5");
  g_assert_cmpstr (end_after, ==, "FIN");

  /* A new conversation is appended. */
  handshake (capture, TEST_CLIENT_PORT + 1);
  seqack_conversation_list_update (list, NULL, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_cmpuint (changes.calls, ==, 3);
  g_assert_cmpuint (changes.position, ==, 1);
  g_assert_cmpuint (changes.added, ==, 1);
  second = row_text (model, 1, SEQACK_CONVERSATION_COLUMN_CLIENT);
  g_assert_cmpstr (second, ==, "192.0.2.1:50001");

  /* Nothing changed: no signal. */
  seqack_conversation_list_update (list, NULL, 0);
  g_assert_cmpuint (changes.calls, ==, 3);

  /* Another capture replaces every row. */
  seqack_conversation_list_set_capture (list, NULL);
  seqack_capture_free (capture);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpuint (changes.removed, ==, 2);
  g_assert_finalize_object (g_steal_pointer (&list));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/conversation-list/rows", test_rows);

  return g_test_run ();
}
