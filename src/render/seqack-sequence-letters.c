/* seqack-sequence-letters.c: the lesson's letters x, y, u, v, w for the
 * numbers of each connection, and "Seq=x+1 Ack=y+1" written with them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "seqack-sequence-layout-private.h"

#include "seqack-tcp-header.h"

static SeqackConnection *
current_connection (SeqackSequenceLayout *self)
{
  if (self->connections->len == 0)
    return NULL;
  return &g_array_index (self->connections, SeqackConnection,
                         self->connections->len - 1);
}

static void
define_letter (SeqackConnection  *conn,
               SeqackLetter letter,
               guint32      value,
               guint        event)
{
  if (conn->letters.defined_by[letter] != SEQACK_NO_EVENT)
    return;
  conn->letters.value[letter] = value;
  conn->letters.defined_by[letter] = event;
}

/* The lesson's letters are names for numbers the trace holds: the Seq of
 * particular segments. This only picks which segments those are. */
void
_seqack_sequence_layout_note_letters (SeqackSequenceLayout *self,
                                      guint                 event,
                                      const SeqackEvent    *ev)
{
  SeqackConnection *conn = current_connection (self);
  gboolean fresh = !(ev->marks & (SEQACK_MARK_RETRANSMISSION |
                                  SEQACK_MARK_STALE));

  if (ev->side == SEQACK_CLIENT && (ev->flags & SEQACK_TCP_SYN) &&
      !(ev->flags & SEQACK_TCP_ACK) && fresh &&
      (conn == NULL || conn->letters.value[SEQACK_LETTER_X] != ev->seq))
    {
      SeqackConnection fresh_conn = { 0, };

      fresh_conn.first_event = event;
      for (guint i = 0; i < SEQACK_N_LETTERS; i++)
        fresh_conn.letters.defined_by[i] = SEQACK_NO_EVENT;
      g_array_append_val (self->connections, fresh_conn);
      conn = current_connection (self);
      define_letter (conn, SEQACK_LETTER_X, ev->seq, event);
      return;
    }

  if (conn == NULL || (ev->marks & SEQACK_MARK_STALE))
    return;

  if (ev->side == SEQACK_CLIENT)
    {
      if (ev->flags & SEQACK_TCP_FIN)
        define_letter (conn, SEQACK_LETTER_U, ev->seq, event);
      return;
    }

  if (ev->flags & SEQACK_TCP_SYN)
    define_letter (conn, SEQACK_LETTER_Y, ev->seq, event);
  /* v: the server's ACK of the client's FIN (Ack = u + 1, the FIN counts
   * one, RFC 9293 §3.4). */
  if ((ev->flags & SEQACK_TCP_ACK) &&
      conn->letters.defined_by[SEQACK_LETTER_U] != SEQACK_NO_EVENT &&
      ev->ack == conn->letters.value[SEQACK_LETTER_U] + 1)
    define_letter (conn, SEQACK_LETTER_V, ev->seq, event);
  if (ev->flags & SEQACK_TCP_FIN)
    define_letter (conn, SEQACK_LETTER_W, ev->seq, event);
}


gboolean
seqack_sequence_layout_get_letters (SeqackSequenceLayout *self,
                                    guint                 event,
                                    SeqackLessonLetters  *letters)
{
  guint lo = 0, hi;
  const SeqackConnection *conn;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (letters != NULL, FALSE);

  hi = self->connections->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->connections, SeqackConnection, mid).first_event <= event)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return FALSE;

  conn = &g_array_index (self->connections, SeqackConnection, lo - 1);
  *letters = conn->letters;
  for (guint i = 0; i < SEQACK_N_LETTERS; i++)
    if (letters->defined_by[i] != SEQACK_NO_EVENT &&
        letters->defined_by[i] > event)
      {
        letters->defined_by[i] = SEQACK_NO_EVENT;
        letters->value[i] = 0;
      }

  return TRUE;
}

static const char letter_names[SEQACK_N_LETTERS] = { 'x', 'y', 'u', 'v', 'w' };

/* The best letter of @side for @number: one fixed by @event itself, else
 * the closest at or below @number (later letters win ties: w over v). */
static gboolean
pick_letter (const SeqackLessonLetters *letters,
             SeqackSide                 side,
             guint32                    number,
             guint                      event,
             SeqackLetter              *letter,
             guint32                   *offset)
{
  static const SeqackLetter client_letters[] = { SEQACK_LETTER_X,
                                                 SEQACK_LETTER_U };
  static const SeqackLetter server_letters[] = { SEQACK_LETTER_Y,
                                                 SEQACK_LETTER_V,
                                                 SEQACK_LETTER_W };
  const SeqackLetter *set = side == SEQACK_CLIENT ? client_letters
                                                  : server_letters;
  guint n = side == SEQACK_CLIENT ? G_N_ELEMENTS (client_letters)
                                  : G_N_ELEMENTS (server_letters);
  gboolean found = FALSE;
  guint32 best = 0;

  for (guint i = n; i > 0; i--)
    {
      SeqackLetter l = set[i - 1];

      if (event != SEQACK_NO_EVENT && letters->defined_by[l] == event &&
          letters->value[l] == number)
        {
          *letter = l;
          *offset = 0;
          return TRUE;
        }
    }

  for (guint i = n; i > 0; i--)
    {
      SeqackLetter l = set[i - 1];
      guint32 diff;

      if (letters->defined_by[l] == SEQACK_NO_EVENT)
        continue;
      diff = number - letters->value[l];
      /* Only small forward distances read as "letter + k". */
      if (diff > 0x7fffffffu)
        continue;
      if (!found || diff < best)
        {
          found = TRUE;
          best = diff;
          *letter = l;
        }
    }
  *offset = best;

  return found;
}

static void
append_letter (GString     *out,
               const char  *field,
               SeqackLetter letter,
               guint32      offset)
{
  if (out->len > 0 && out->str[out->len - 1] != ' ')
    g_string_append_c (out, ' ');
  g_string_append_printf (out, "%s=%c", field, letter_names[letter]);
  if (offset != 0)
    g_string_append_printf (out, "+%u", offset);
}

void
seqack_sequence_layout_format_letters (SeqackSequenceLayout *self,
                                       guint                 event,
                                       GString              *out)
{
  const SeqackEvent *ev;
  SeqackLessonLetters letters;
  SeqackLetter letter = 0;  /* set when pick_letter () finds one */
  guint32 offset;
  gsize start;

  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  if (event >= self->n_events)
    return;
  ev = seqack_trace_get_event (self->trace, event);
  if (ev->kind != SEQACK_EVENT_SEGMENT || (ev->marks & SEQACK_MARK_STALE))
    return;
  if (!seqack_sequence_layout_get_letters (self, event, &letters))
    return;

  start = out->len;
  if (pick_letter (&letters, ev->side, ev->seq, event, &letter, &offset))
    append_letter (out, "Seq", letter, offset);
  if ((ev->flags & SEQACK_TCP_ACK) &&
      pick_letter (&letters, SEQACK_OTHER_SIDE (ev->side), ev->ack,
                   SEQACK_NO_EVENT, &letter, &offset))
    {
      if (out->len > start)
        g_string_append_c (out, ' ');
      append_letter (out, "Ack", letter, offset);
    }
}

