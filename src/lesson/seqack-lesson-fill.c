/* seqack-lesson-fill.c: the {placeholders} of lesson texts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "seqack-lesson-fill.h"
#include "seqack-tcp-header.h"

typedef enum
{
  TYPE_SEQ,      /* a sequence number: relative or absolute, mod 2^32 */
  TYPE_NUMBER,   /* a plain count */
  TYPE_SECONDS,  /* a duration or a time */
  TYPE_MILLIS,   /* a duration in milliseconds */
  TYPE_TEXT,
} ValueType;

static const struct
{
  const char *name;
  ValueType   type;
  gboolean    subject; /* read from the step's segment */
} placeholders[] = {
  /* the step's segment */
  { "seq", TYPE_SEQ, TRUE },
  { "ack", TYPE_SEQ, TRUE },
  { "seq.abs", TYPE_NUMBER, TRUE },
  { "ack.abs", TYPE_NUMBER, TRUE },
  { "len", TYPE_NUMBER, TRUE },
  { "win", TYPE_NUMBER, TRUE },
  { "flags", TYPE_TEXT, TRUE },
  { "from", TYPE_TEXT, TRUE },
  { "to", TYPE_TEXT, TRUE },
  { "t", TYPE_SECONDS, TRUE },
  /* the segment it answers: the last one before it from the other side */
  { "prev.seq", TYPE_SEQ, FALSE },
  { "prev.ack", TYPE_SEQ, FALSE },
  { "prev.seq.abs", TYPE_NUMBER, FALSE },
  { "prev.ack.abs", TYPE_NUMBER, FALSE },
  { "prev.len", TYPE_NUMBER, FALSE },
  { "prev.flags", TYPE_TEXT, FALSE },
  { "prev.t", TYPE_SECONDS, FALSE },
  /* the classic lesson's letters */
  { "x", TYPE_SEQ, FALSE },
  { "y", TYPE_SEQ, FALSE },
  { "u", TYPE_SEQ, FALSE },
  { "v", TYPE_SEQ, FALSE },
  { "w", TYPE_SEQ, FALSE },
  /* the endpoints */
  { "state.client", TYPE_TEXT, FALSE },
  { "state.server", TYPE_TEXT, FALSE },
  { "isn.client", TYPE_NUMBER, FALSE },
  { "isn.server", TYPE_NUMBER, FALSE },
  { "port.client", TYPE_NUMBER, FALSE },
  { "port.server", TYPE_NUMBER, FALSE },
  /* the lab's timers */
  { "msl", TYPE_SECONDS, FALSE },
  { "2msl", TYPE_SECONDS, FALSE },
  { "rto", TYPE_SECONDS, FALSE },
  /* each side's variables after the events shown (SIDE_VAR below) */
#define SIDE_VAR(name, type) \
  { name ".client" , type, FALSE }, { name ".server", type, FALSE }
  SIDE_VAR ("rcvbuf", TYPE_NUMBER),
  SIDE_VAR ("queued", TYPE_NUMBER),
  SIDE_VAR ("rcvwnd", TYPE_NUMBER),
  SIDE_VAR ("sndwnd", TYPE_NUMBER),
  SIDE_VAR ("cwnd", TYPE_NUMBER),
  SIDE_VAR ("ssthresh", TYPE_NUMBER),
  SIDE_VAR ("flight", TYPE_NUMBER),
#undef SIDE_VAR
#define SIDE_MS(name) \
  { name ".client.ms" , TYPE_MILLIS, FALSE }, \
  { name ".server.ms", TYPE_MILLIS, FALSE }
  SIDE_MS ("srtt"),
  SIDE_MS ("rttvar"),
  SIDE_MS ("rto"),
#undef SIDE_MS
};

/* The variable a SIDE_VAR placeholder reads, by the name before the side. */
static const struct
{
  const char *prefix;
  gsize       offset;
} side_vars[] = {
  { "rcvbuf.", G_STRUCT_OFFSET (SeqackTcpVars, rcv_buf) },
  { "queued.", G_STRUCT_OFFSET (SeqackTcpVars, rcv_queued) },
  { "rcvwnd.", G_STRUCT_OFFSET (SeqackTcpVars, rcv_wnd) },
  { "sndwnd.", G_STRUCT_OFFSET (SeqackTcpVars, snd_wnd) },
  { "cwnd.", G_STRUCT_OFFSET (SeqackTcpVars, cwnd) },
  { "ssthresh.", G_STRUCT_OFFSET (SeqackTcpVars, ssthresh) },
  { "flight.", G_STRUCT_OFFSET (SeqackTcpVars, flight) },
  { "srtt.", G_STRUCT_OFFSET (SeqackTcpVars, srtt) },
  { "rttvar.", G_STRUCT_OFFSET (SeqackTcpVars, rttvar) },
  { "rto.", G_STRUCT_OFFSET (SeqackTcpVars, rto) },
};

enum { LETTER_X, LETTER_Y, LETTER_U, LETTER_V, LETTER_W, N_LETTERS };

/* Finds the name; -1 when unknown. */
static int
find_placeholder (const char *name,
                  gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
    if (strlen (placeholders[i].name) == len &&
        strncmp (placeholders[i].name, name, len) == 0)
      return (int) i;
  return -1;
}

/* Splits "{name+3}" (without the braces, @len bytes) into the entry, the
 * offset and its sign. */
static gboolean
parse_placeholder (const char  *body,
                   gsize        len,
                   int         *entry,
                   gint64      *offset,
                   GError     **error)
{
  gsize name_len = 0;

  while (name_len < len &&
         (g_ascii_isalnum (body[name_len]) || body[name_len] == '.' ||
          body[name_len] == '_'))
    name_len++;

  *entry = find_placeholder (body, name_len);
  if (*entry < 0)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                   _("unknown placeholder {%.*s}"), (int) len, body);
      return FALSE;
    }

  *offset = 0;
  if (name_len == len)
    return TRUE;

  if ((body[name_len] == '+' || body[name_len] == '-') &&
      name_len + 1 < len &&
      (placeholders[*entry].type == TYPE_SEQ ||
       placeholders[*entry].type == TYPE_NUMBER))
    {
      guint64 n;
      g_autofree char *digits = g_strndup (body + name_len + 1,
                                           len - name_len - 1);

      if (g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT32, &n, NULL))
        {
          *offset = body[name_len] == '-' ? -(gint64) n : (gint64) n;
          return TRUE;
        }
    }

  g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
               _("malformed placeholder {%.*s} (a name, optionally +N or "
                 "-N on a number)"), (int) len, body);
  return FALSE;
}

/* Calls @func for every placeholder of @text and copies the rest to @out
 * (when not NULL). "{{" and "}}" are literal braces. */
typedef gboolean (*PlaceholderFunc) (int          entry,
                                     gint64       offset,
                                     gpointer     user_data,
                                     GString     *out,
                                     GError     **error);

static gboolean
walk (const char       *text,
      PlaceholderFunc   func,
      gpointer          user_data,
      GString          *out,
      GError          **error)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *close;
      int entry;
      gint64 offset;

      if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}'))
        {
          if (out != NULL)
            g_string_append_c (out, p[0]);
          p += 2;
          continue;
        }
      if (p[0] != '{')
        {
          if (out != NULL)
            g_string_append_c (out, p[0]);
          p++;
          continue;
        }

      close = strchr (p, '}');
      if (close == NULL)
        {
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                       _("'{' without a closing '}' (write '{{' for a "
                         "brace)"));
          return FALSE;
        }
      if (!parse_placeholder (p + 1, close - p - 1, &entry, &offset, error))
        return FALSE;
      if (func != NULL && !func (entry, offset, user_data, out, error))
        return FALSE;
      p = close + 1;
    }

  return TRUE;
}

gboolean
seqack_lesson_check_placeholders (const char  *text,
                                  GError     **error)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return walk (text, NULL, NULL, NULL, error);
}

typedef struct
{
  const SeqackFillContext *context;
  gboolean                 letters_found;
  guint                    letters[N_LETTERS]; /* event index or G_MAXUINT */
} Filler;

static const SeqackEvent *
segment_at (SeqackTrace *trace,
            guint        index)
{
  const SeqackEvent *event = seqack_trace_get_event (trace, index);

  return event->kind == SEQACK_EVENT_SEGMENT ? event : NULL;
}

/* The classic lesson's letters for the latest connection before @limit:
 * x and y the two ISNs (the first SYN each side sent), u the Seq of the
 * first FIN, v the Seq of the other side's segment that acknowledges it,
 * w the Seq of the other side's FIN. A fresh SYN from a side that already
 * has its letter starts a new connection and clears them all. Old
 * duplicates the lab replayed are not part of the connection. */
static void
find_letters (SeqackTrace *trace,
              guint        limit,
              guint        letters[N_LETTERS])
{
  int closer = -1;
  guint32 fin_end = 0;

  for (guint l = 0; l < N_LETTERS; l++)
    letters[l] = G_MAXUINT;

  for (guint i = 0; i < limit; i++)
    {
      const SeqackEvent *e = segment_at (trace, i);
      guint side;

      if (e == NULL || (e->marks & SEQACK_MARK_STALE))
        continue;
      side = e->side;

      if (e->flags & SEQACK_TCP_SYN)
        {
          if (!(e->flags & SEQACK_TCP_ACK) &&
              !(e->marks & SEQACK_MARK_RETRANSMISSION) &&
              letters[side] != G_MAXUINT)
            {
              for (guint l = 0; l < N_LETTERS; l++)
                letters[l] = G_MAXUINT;
              closer = -1;
            }
          if (letters[side] == G_MAXUINT)
            letters[side] = i;
          continue;
        }

      if (closer < 0)
        {
          if ((e->flags & SEQACK_TCP_FIN) &&
              !(e->marks & SEQACK_MARK_RETRANSMISSION))
            {
              letters[LETTER_U] = i;
              closer = side;
              /* FIN occupies one sequence number after the payload. */
              fin_end = e->seq + e->number + 1;
            }
          continue;
        }

      if ((int) side == closer)
        continue;
      if (letters[LETTER_V] == G_MAXUINT && (e->flags & SEQACK_TCP_ACK) &&
          e->ack == fin_end)
        letters[LETTER_V] = i;
      if (letters[LETTER_W] == G_MAXUINT && (e->flags & SEQACK_TCP_FIN))
        letters[LETTER_W] = i;
    }
}

static guint32
seq_of (const SeqackFillContext *context,
        guint                    index)
{
  if (context->absolute)
    return seqack_trace_get_event (context->trace, index)->seq;
  return seqack_trace_relative_seq (context->trace, index);
}

static guint32
ack_of (const SeqackFillContext *context,
        guint                    index)
{
  if (context->absolute)
    return seqack_trace_get_event (context->trace, index)->ack;
  return seqack_trace_relative_ack (context->trace, index);
}

/* The last segment before the subject from the other side. */
static guint
find_prev (const SeqackFillContext *context)
{
  SeqackTrace *trace = context->trace;
  const SeqackEvent *subject = seqack_trace_get_event (trace,
                                                       context->subject);
  /* With added hosts the other side is the subject's receiver: the
   * server's SYN,ACK to the flood does not answer client-2. */
  gboolean hosts = seqack_trace_has_more_hosts (trace);
  guint sender = seqack_trace_get_event_host (trace, context->subject);
  guint receiver = seqack_trace_get_segment_receiver (trace,
                                                      context->subject);

  for (guint i = context->subject; i-- > 0;)
    {
      const SeqackEvent *e = segment_at (trace, i);

      if (e != NULL && e->side != subject->side &&
          !(e->marks & SEQACK_MARK_STALE) &&
          (!hosts || (seqack_trace_get_event_host (trace, i) == receiver &&
                      seqack_trace_get_segment_receiver (trace, i) ==
                        sender)))
        return i;
    }
  return G_MAXUINT;
}

static void
append_seconds (GString *out,
                gint64   usec)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* "60", "0.02", "1.1": as short as the value needs. */
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6g",
                                         usec / 1e6));
}

/* A SIDE_VAR placeholder: @side's variable after events [0, limit), in
 * @value (µs for the times). FALSE with @error when it has none yet. */
static gboolean
fill_side_var (const SeqackFillContext  *c,
               const char               *name,
               guint64                  *value,
               GError                  **error)
{
  SeqackSide side = strstr (name, ".server") != NULL ? SEQACK_SERVER
                                                     : SEQACK_CLIENT;
  SeqackTcpVars vars;

  for (guint i = 0; i < G_N_ELEMENTS (side_vars); i++)
    if (g_str_has_prefix (name, side_vars[i].prefix))
      {
        guint32 v;

        if (c->limit == 0 ||
            !seqack_trace_get_vars (c->trace, c->limit - 1, side, &vars))
          break;
        v = G_STRUCT_MEMBER (guint32, &vars, side_vars[i].offset);
        if (v == SEQACK_TCP_NO_RTT &&
            (g_str_has_prefix (name, "srtt.") ||
             g_str_has_prefix (name, "rttvar.")))
          {
            g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND,
                         _("{%s}: no round trip measured yet"), name);
            return FALSE;
          }
        *value = v;
        return TRUE;
      }
  g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND,
               _("{%s}: that side has no connection yet"), name);
  return FALSE;
}

static gboolean
fill_one (int        entry,
          gint64     offset,
          gpointer   user_data,
          GString   *out,
          GError   **error)
{
  Filler *filler = user_data;
  const SeqackFillContext *c = filler->context;
  const char *name = placeholders[entry].name;
  ValueType type = placeholders[entry].type;
  const SeqackEvent *e = NULL;
  guint64 number = 0;
  char flags[48];

  if (placeholders[entry].subject)
    {
      if (c->subject == G_MAXUINT || c->subject >= c->limit)
        {
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND,
                       _("{%s}: this step shows no segment"), name);
          return FALSE;
        }
      e = seqack_trace_get_event (c->trace, c->subject);
    }

  if (g_str_equal (name, "seq"))
    number = seq_of (c, c->subject);
  else if (g_str_equal (name, "ack"))
    number = ack_of (c, c->subject);
  else if (g_str_equal (name, "seq.abs"))
    number = e->seq;
  else if (g_str_equal (name, "ack.abs"))
    number = e->ack;
  else if (g_str_equal (name, "len"))
    number = e->number;
  else if (g_str_equal (name, "win"))
    number = e->window;
  else if (g_str_equal (name, "flags"))
    g_string_append (out, seqack_tcp_flags_to_string (e->flags, flags));
  else if (g_str_equal (name, "from"))
    /* "client-2", "flood" in a trace with added hosts, else the side. */
    g_string_append (out, seqack_host_name (seqack_trace_get_event_host
                                              (c->trace, c->subject)));
  else if (g_str_equal (name, "to"))
    g_string_append (out, seqack_host_name (seqack_trace_get_segment_receiver
                                              (c->trace, c->subject)));
  else if (g_str_equal (name, "t"))
    append_seconds (out, e->t);
  else if (g_str_has_prefix (name, "prev."))
    {
      guint prev = c->subject == G_MAXUINT ? G_MAXUINT : find_prev (c);

      if (prev == G_MAXUINT)
        {
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND,
                       _("{%s}: no earlier segment from the other side"),
                       name);
          return FALSE;
        }
      e = seqack_trace_get_event (c->trace, prev);
      if (g_str_equal (name, "prev.seq"))
        number = seq_of (c, prev);
      else if (g_str_equal (name, "prev.ack"))
        number = ack_of (c, prev);
      else if (g_str_equal (name, "prev.seq.abs"))
        number = e->seq;
      else if (g_str_equal (name, "prev.ack.abs"))
        number = e->ack;
      else if (g_str_equal (name, "prev.len"))
        number = e->number;
      else if (g_str_equal (name, "prev.t"))
        append_seconds (out, e->t);
      else
        g_string_append (out, seqack_tcp_flags_to_string (e->flags, flags));
    }
  else if (strlen (name) == 1)
    {
      static const char letters[] = "xyuvw";
      guint l = strchr (letters, name[0]) - letters;

      if (!filler->letters_found)
        {
          find_letters (c->trace, c->limit, filler->letters);
          filler->letters_found = TRUE;
        }
      if (filler->letters[l] == G_MAXUINT)
        {
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND,
                       _("{%s}: that segment has not been sent yet"), name);
          return FALSE;
        }
      number = seq_of (c, filler->letters[l]);
    }
  else if (g_str_has_prefix (name, "state."))
    {
      SeqackSide side = g_str_equal (name, "state.client") ? SEQACK_CLIENT
                                                           : SEQACK_SERVER;
      SeqackTcpState state = SEQACK_TCP_CLOSED;

      /* The client's own, not client-2's (seqack_trace_get_host_state()). */
      if (c->limit > 0)
        state = seqack_trace_get_host_state (c->trace, c->limit - 1, side);
      g_string_append (out, seqack_tcp_state_name (state));
    }
  else if (g_str_has_prefix (name, "isn."))
    {
      SeqackSide side = g_str_equal (name, "isn.client") ? SEQACK_CLIENT
                                                         : SEQACK_SERVER;

      if (!filler->letters_found)
        {
          find_letters (c->trace, c->limit, filler->letters);
          filler->letters_found = TRUE;
        }
      if (filler->letters[side] == G_MAXUINT)
        {
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND,
                       _("{%s}: that side has sent no SYN yet"), name);
          return FALSE;
        }
      /* Always the number on the wire: that it is random is the point. */
      number = seqack_trace_get_event (c->trace, filler->letters[side])->seq;
    }
  else if (g_str_has_prefix (name, "port."))
    {
      SeqackSide side = g_str_equal (name, "port.client") ? SEQACK_CLIENT
                                                          : SEQACK_SERVER;
      SeqackEndpoint at;

      /* The port of the connection shown last: a client with two
       * connections has two. */
      seqack_trace_get_endpoint_at (c->trace, side, c->limit, &at);
      number = at.port;
    }
  else if (g_str_equal (name, "msl"))
    append_seconds (out, c->msl);
  else if (g_str_equal (name, "2msl"))
    append_seconds (out, 2 * c->msl);
  else if (g_str_equal (name, "rto"))
    append_seconds (out, c->rto);
  else if (!fill_side_var (c, name, &number, error))
    return FALSE;

  if (type == TYPE_MILLIS)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      /* "500", "187.5": as short as the value needs. */
      g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6g",
                                             number / 1e3));
    }

  if (type == TYPE_SEQ)
    g_string_append_printf (out, "%" G_GUINT32_FORMAT,
                            (guint32) (number + (guint64) offset));
  else if (type == TYPE_NUMBER)
    g_string_append_printf (out, "%" G_GINT64_FORMAT,
                            (gint64) number + offset);

  return TRUE;
}

char *
seqack_lesson_fill (const char               *text,
                    const SeqackFillContext  *context,
                    GError                  **error)
{
  g_autoptr(GString) out = NULL;
  Filler filler;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (context != NULL && context->trace != NULL, NULL);

  filler.context = context;
  filler.letters_found = FALSE;
  for (guint l = 0; l < N_LETTERS; l++)
    filler.letters[l] = G_MAXUINT;

  out = g_string_new (NULL);
  if (!walk (text, fill_one, &filler, out, error))
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}
