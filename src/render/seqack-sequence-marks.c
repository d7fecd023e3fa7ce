/* seqack-sequence-marks.c: the badges on duplicate ACKs and fast
 * retransmissions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "seqack-sequence-marks.h"

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "seqack-explain.h"
#include "seqack-render-text.h"

char *
seqack_sequence_marks_badge (SeqackTrace *trace,
                             guint        index)
{
  guint n;

  g_return_val_if_fail (trace != NULL, NULL);
  g_return_val_if_fail (index < seqack_trace_get_n_events (trace), NULL);

  n = seqack_explain_dup_acks_before (trace, index);
  if (n > 0)
    /* TRANSLATORS: on a fast retransmission's arrow: the number of
     * duplicate ACKs that caused it, e.g. "3×" */
    return g_strdup_printf (C_("fast retransmission badge", "%u×"), n);
  n = seqack_explain_dup_ack_count (trace, index);
  if (n > 0)
    return g_strdup_printf ("%u", n);
  return NULL;
}

/* @label without its " @key=N" into @out; FALSE when it has none. */
static gboolean
drop_field (const char *label,
            const char *key,
            GString    *out)
{
  const char *at = strstr (label, key), *end;
  g_autofree char *rest = NULL;

  if (at == NULL)
    return FALSE;
  end = at + strlen (key);
  while (g_ascii_isdigit (*end))
    end++;
  rest = g_strdup (end);
  g_string_truncate (out, 0);
  g_string_append_len (out, label, at - label);
  g_string_append (out, rest);
  return TRUE;
}

gboolean
seqack_sequence_marks_shorten (const char *label,
                               guint       step,
                               gboolean    keep_window,
                               GString    *out)
{
  /* What goes first, by what the label is for. Data: its Seq says which
   * bytes. No data: the Seq only repeats SND.NXT. A window update's Ack
   * repeats the last ACK's and a zero window's Win=0 is the news, so
   * their window stays. */
  static const char *const order[2][2][2] = {
    { { " Seq=", " Win=" }, { " Win=", NULL } },
    { { " Seq=", " Ack=" }, { " Ack=", NULL } },
  };
  const char *const *drop;
  g_autoptr (GString) tmp = NULL;
  guint done = 0;

  g_return_val_if_fail (label != NULL && out != NULL, FALSE);

  if (step == 0 || strstr (label, " Win=") == NULL)
    return FALSE;
  drop = order[keep_window != FALSE][strstr (label, " Len=") != NULL];
  tmp = g_string_new (label);
  for (guint i = 0; i < 2 && done < step && drop[i] != NULL; i++)
    {
      g_autofree char *was = g_strdup (tmp->str);

      if (drop_field (was, drop[i], tmp))
        done++;
    }
  if (done < step)
    return FALSE;
  g_string_assign (out, tmp->str);
  return TRUE;
}

const char *
seqack_sequence_marks_fit_label (PangoLayout *layout,
                                 const char  *label,
                                 double       max_width,
                                 gboolean     keep_window,
                                 GString     *out)
{
  const char *text = label;
  double w, h;

  g_return_val_if_fail (layout != NULL && label != NULL && out != NULL,
                        label);

  seqack_render_text_measure (layout, text, &w, &h);
  for (guint step = 1;
       w > max_width
       && seqack_sequence_marks_shorten (label, step, keep_window, out);
       step++)
    {
      text = out->str;
      seqack_render_text_measure (layout, text, &w, &h);
    }
  return text;
}

void
seqack_sequence_marks_paint (cairo_t             *cr,
                             PangoLayout         *layout,
                             const SeqackPalette *palette,
                             const char          *text,
                             double               x,
                             double               y,
                             double               s)
{
  static const SeqackRgba white = { 1, 1, 1, 1 };
  double w, h, bw, bh;

  g_return_if_fail (cr != NULL && layout != NULL && palette != NULL);
  g_return_if_fail (text != NULL);

  seqack_render_text_measure (layout, text, &w, &h);
  bh = h + 2 * s;
  bw = MAX (bh, w + 8 * s);
  cairo_save (cr);
  /* A ring of background first, so the arrow's line does not cross the
   * digits. */
  seqack_rounded_rect (cr, x - bw / 2 - 2 * s, y - bh / 2 - 2 * s,
                       bw + 4 * s, bh + 4 * s, bh / 2 + 2 * s);
  seqack_rgba_set_source (cr, &palette->background);
  cairo_fill (cr);
  seqack_rounded_rect (cr, x - bw / 2, y - bh / 2, bw, bh, bh / 2);
  seqack_rgba_set_source (cr, &palette->lost);
  cairo_fill (cr);
  seqack_render_text_draw (cr, layout, text, x, y, 0.5, 0.5, &white);
  cairo_restore (cr);
}

/* Whether event @i is a first transmission of data from @side sent at
 * @t: a member of the flight being looked at. */
static gboolean
in_flight (SeqackTrace *trace,
           guint        i,
           guint8       side,
           gint64       t)
{
  const SeqackEvent *e = seqack_trace_get_event (trace, i);

  return e->kind == SEQACK_EVENT_SEGMENT && e->side == side && e->t == t
         && e->number > 0 && !(e->marks & SEQACK_MARK_RETRANSMISSION);
}

/* Whether event @i ends the flight: another segment (the peer's, or a
 * resend) stands between its members. */
static gboolean
breaks_flight (SeqackTrace *trace,
               guint        i,
               guint8       side,
               gint64       t)
{
  const SeqackEvent *e = seqack_trace_get_event (trace, i);

  return e->t != t || (e->kind == SEQACK_EVENT_SEGMENT
                       && !in_flight (trace, i, side, t));
}

gboolean
seqack_sequence_marks_flight (SeqackTrace *trace,
                              guint        index,
                              guint        n_shown,
                              guint       *first,
                              guint       *last,
                              guint       *n_segments)
{
  const SeqackEvent *e;
  guint n_events, lo = index, hi = index, n = 1;

  g_return_val_if_fail (trace != NULL, FALSE);

  n_events = MIN (n_shown, seqack_trace_get_n_events (trace));
  if (index >= n_events || !in_flight (trace, index,
                                       seqack_trace_get_event (trace,
                                                               index)->side,
                                       seqack_trace_get_event (trace,
                                                               index)->t))
    return FALSE;
  e = seqack_trace_get_event (trace, index);
  for (guint i = index; i-- > 0 && !breaks_flight (trace, i, e->side, e->t);)
    if (in_flight (trace, i, e->side, e->t))
      {
        lo = i;
        n++;
      }
  for (guint i = index + 1;
       i < n_events && !breaks_flight (trace, i, e->side, e->t); i++)
    if (in_flight (trace, i, e->side, e->t))
      {
        hi = i;
        n++;
      }
  if (n < SEQACK_SEQUENCE_FAN_MIN)
    return FALSE;
  if (first != NULL)
    *first = lo;
  if (last != NULL)
    *last = hi;
  if (n_segments != NULL)
    *n_segments = n;
  return TRUE;
}

char *
seqack_sequence_marks_flight_label (SeqackTrace *trace,
                                    guint        first,
                                    guint        last,
                                    guint        n_segments,
                                    gboolean     absolute)
{
  const SeqackEvent *a, *b;
  guint32 from, to;
  guint32 bytes = 0;

  g_return_val_if_fail (trace != NULL, NULL);
  g_return_val_if_fail (first <= last
                        && last < seqack_trace_get_n_events (trace), NULL);

  a = seqack_trace_get_event (trace, first);
  b = seqack_trace_get_event (trace, last);
  for (guint i = first; i <= last; i++)
    if (in_flight (trace, i, a->side, a->t))
      bytes += seqack_trace_get_event (trace, i)->number;
  from = absolute ? a->seq : seqack_trace_relative_seq (trace, first);
  to = (absolute ? b->seq : seqack_trace_relative_seq (trace, last))
       + b->number;
  /* TRANSLATORS: one label for a flight of segments sent together, drawn
   * as a fan: "6 segments, Seq=4381 to 13141, 8760 bytes" */
  return g_strdup_printf (_("%u segments, Seq=%u to %u, %u bytes"),
                          n_segments, from, to, bytes);
}
