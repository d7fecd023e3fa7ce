/* seqack-trace-vars.c: one side's variables over a trace, stored
 * compactly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A delta is a head varint: bit 0 set when it is for the event right
 * after the previous record's (the usual case: a capture notes both sides
 * after every segment), else varint(event_index - previous) follows; the
 * bits above say which SeqackTcpVars fields changed, the fields that
 * change most often first so that the head is one byte for them. Then for
 * each such field the change as a varint: sequence numbers only move
 * forward (modulo 2^32), so their difference is stored as is; windows and
 * timer values move both ways and are zigzag-coded. Data of a few hundred
 * bytes moves SND.NXT and RCV.NXT by 1 or 2 bytes of varint.
 */
#include "config.h"

#include <string.h>

#include "seqack-trace-vars-private.h"

#define VARS_BLOCK  64
#define N_FIELDS    17
/* A delta: a head varint (three bytes at most), a 5-byte varint for the
 * event, N_FIELDS 5-byte varints. */
#define MAX_DELTA   (3 + 5 + N_FIELDS * 5)
#define NEXT_EVENT  0x01

/* Coding order: SeqackTcpVars field indices (iss 0, irs 1, snd_una 2,
 * snd_nxt 3, snd_wnd 4, rcv_nxt 5, rcv_wnd 6, srtt 7, rttvar 8, rto 9,
 * rto_rule 10, backoff 11, cwnd 12, ssthresh 13, flight 14, rcv_buf 15,
 * rcv_queued 16), most often changed first. */
static const guint8 field_order[N_FIELDS] = {
  2, 3, 5, 4, 6, 14, 12, 7, 8, 9, 16, 0, 1, 10, 11, 13, 15,
};
/* The inverse of field_order: a field's place in the coding order. */
static const guint8 field_rank[N_FIELDS] = {
  11, 12, 0, 1, 3, 2, 4, 7, 8, 9, 13, 14, 6, 15, 5, 16, 10,
};
/* field_rank of the first eight fields as a constant expression, and
 * from it the coding-order bits of each combination of them: they are
 * the fields a capture changes (its variables are iss ... rcv_wnd), so
 * one look-up turns which of them changed into the head's bits. It
 * must say what field_rank says. */
#define LOW_RANK(i) ((i) == 0 ? 11 : (i) == 1 ? 12 : (i) == 2 ? 0 : \
                     (i) == 3 ? 1 : (i) == 4 ? 3 : (i) == 5 ? 2 :  \
                     (i) == 6 ? 4 : 7)
#define LOW_BIT(v, i) ((((guint32) (v) >> (i)) & 1u) << LOW_RANK (i))
#define LOW_RANKS(v) (LOW_BIT (v, 0) | LOW_BIT (v, 1) | LOW_BIT (v, 2) | \
                      LOW_BIT (v, 3) | LOW_BIT (v, 4) | LOW_BIT (v, 5) | \
                      LOW_BIT (v, 6) | LOW_BIT (v, 7))
#define LOW_4(v)  LOW_RANKS (v), LOW_RANKS ((v) + 1), LOW_RANKS ((v) + 2), \
                  LOW_RANKS ((v) + 3)
#define LOW_16(v) LOW_4 (v), LOW_4 ((v) + 4), LOW_4 ((v) + 8), \
                  LOW_4 ((v) + 12)
#define LOW_64(v) LOW_16 (v), LOW_16 ((v) + 16), LOW_16 ((v) + 32), \
                  LOW_16 ((v) + 48)
static const guint32 low_ranks[256] = {
  LOW_64 (0), LOW_64 (64), LOW_64 (128), LOW_64 (192),
};

/* Fields (by struct index) that only move forward: sequence numbers. */
#define FORWARD_FIELDS ((1u << 0) | (1u << 1) | (1u << 2) | (1u << 3) | \
                        (1u << 5))

struct _SeqackVarsBlock
{
  guint         event_index;
  guint32       offset;       /* where its deltas start in the stream */
  SeqackTcpVars vars;
};

struct _SeqackVarsTail
{
  SeqackTcpVars last_vars, prev_vars;
  gboolean      prev_known;  /* prev_vars is looked up only when needed */
};

static inline guint32 *
field (SeqackTcpVars *vars,
       guint          i)
{
  /* The struct is N_FIELDS guint32s (checked below); walking it as an array
   * keeps the coder independent of the field names. */
  return (guint32 *) vars + i;
}

G_STATIC_ASSERT (sizeof (SeqackTcpVars) == N_FIELDS * sizeof (guint32));

static inline guint32
zigzag (guint32 diff)
{
  return (diff << 1) ^ (guint32) ((gint32) diff >> 31);
}

static inline guint32
unzigzag (guint32 d)
{
  return (d >> 1) ^ (guint32) -(gint32) (d & 1);
}

static inline guint8 *
put_varint (guint8  *p,
            guint32  v)
{
  while (v >= 0x80)
    {
      *p++ = (guint8) (v | 0x80);
      v >>= 7;
    }
  *p++ = (guint8) v;
  return p;
}

static inline const guint8 *
get_varint (const guint8 *p,
            guint32      *v)
{
  guint32 value = 0;
  guint shift = 0;

  /* The stream is only ever written by put_varint(): at most 5 bytes. */
  while (*p & 0x80)
    {
      value |= (guint32) (*p++ & 0x7f) << shift;
      shift += 7;
    }
  *v = value | (guint32) *p++ << shift;
  return p;
}

void
seqack_vars_log_clear (SeqackVarsLog *log)
{
  g_free (log->blocks);
  g_free (log->stream);
  g_free (log->tail);
  memset (log, 0, sizeof *log);
}

/* The lowest set bit of @m, which is not 0. */
static inline guint
lowest_bit (guint32 m)
{
#if defined(__GNUC__) || defined(__clang__)
  return (guint) __builtin_ctz (m);
#else
  return (guint) g_bit_nth_lsf (m, -1);
#endif
}

/* Which fields differ from @from to @to, as the head's bits in coding order
 * (bit k: field_order[k]), 0 when none: computed once a note, it is both
 * the test for a change and the delta's head. */
static inline guint32
changed_fields (const SeqackTcpVars *from,
                const SeqackTcpVars *to)
{
  const guint32 *a = (const guint32 *) from, *b = (const guint32 *) to;
  guint32 changed = 0, ranks;

  /* Two at a time (usually two or three of the seventeen change). */
  for (guint i = 0; i + 1 < N_FIELDS; i += 2)
    {
      guint64 x, y;

      memcpy (&x, a + i, sizeof x);
      memcpy (&y, b + i, sizeof y);
      if (x != y)
        changed |= (guint32) (a[i] != b[i]) << i
                   | (guint32) (a[i + 1] != b[i + 1]) << (i + 1);
    }
  changed |= (guint32) (a[N_FIELDS - 1] != b[N_FIELDS - 1]) << (N_FIELDS - 1);

  ranks = low_ranks[changed & 0xff];
  for (changed &= ~0xffu; changed != 0; changed &= changed - 1)
    ranks |= 1u << field_rank[lowest_bit (changed)];
  return ranks;
}

/* Appends the delta from (@from_event, @from) to (@event, @to), whose
 * fields that differ are @changed (changed_fields()). */
static void
put_delta (SeqackVarsLog       *log,
           guint                from_event,
           const SeqackTcpVars *from,
           guint                event,
           const SeqackTcpVars *to,
           guint32              changed)
{
  const guint32 *a = (const guint32 *) from, *b = (const guint32 *) to;
  guint32 head = changed << 1;
  guint8 *p;

  if (event - from_event == 1)
    head |= NEXT_EVENT;

  if (log->stream_capacity - log->stream_len < MAX_DELTA)
    {
      /* Grows by half: a capture's many short streams waste less than
       * when doubling. A larger first allocation would save two or three
       * reallocations a conversation, but shrinking it leaves a hole the
       * next ones cannot use: 4 MB more peak RSS on the short 1M file
       * for 0.8% fewer instructions. */
      log->stream_capacity = MAX (64, log->stream_capacity
                                      + log->stream_capacity / 2);
      /* A shrunk stream (seqack_vars_log_shrink()) has no room at all,
       * and half of a small one may be less than one delta. */
      log->stream_capacity = MAX (log->stream_capacity,
                                  log->stream_len + MAX_DELTA);
      log->stream = g_realloc (log->stream, log->stream_capacity);
    }

  /* Written in place: the room for the longest delta is there. */
  p = log->stream + log->stream_len;
  p = put_varint (p, head);
  if (!(head & NEXT_EVENT))
    p = put_varint (p, event - from_event);
  for (guint32 m = changed; m != 0; m &= m - 1)
    {
      guint i = field_order[lowest_bit (m)];
      guint32 diff = b[i] - a[i];

      if (!(FORWARD_FIELDS & (1u << i)))
        diff = zigzag (diff);
      p = put_varint (p, diff);
    }
  log->stream_len = (guint32) (p - log->stream);
}

/* Reads the head and the event step of the delta at @p. */
static const guint8 *
get_delta_event (const guint8 *p,
                 guint32      *head,
                 guint32      *delta)
{
  p = get_varint (p, head);
  if (*head & NEXT_EVENT)
    {
      *delta = 1;
      return p;
    }
  return get_varint (p, delta);
}

/* Applies the fields of the delta whose head is @head; @p is just after
 * its event step. */
static const guint8 *
get_delta_fields (guint32        head,
                  const guint8  *p,
                  SeqackTcpVars *vars)
{
  /* Up to the last field that changed, not all seventeen. */
  for (guint k = 0; (head >> 1 >> k) != 0; k++)
    {
      guint i = field_order[k];
      guint32 d;

      if (!(head & (2u << k)))
        continue;
      p = get_varint (p, &d);
      if (!(FORWARD_FIELDS & (1u << i)))
        d = unzigzag (d);
      *field (vars, i) += d;
    }
  return p;
}

/* The last two records' variables, found again by look-up after a
 * release: the last record is the last one at or before its event, and so
 * is the one before it (looked up only to rewrite the last). */
static SeqackVarsTail *
get_tail (SeqackVarsLog *log)
{
  if (log->tail != NULL)
    return log->tail;
  log->tail = g_new0 (SeqackVarsTail, 1);
  if (log->n_records > 0)
    seqack_vars_log_lookup (log, log->last_event, &log->tail->last_vars);
  log->tail->prev_known = log->n_records <= 1;
  return log->tail;
}

void
seqack_vars_log_note (SeqackVarsLog       *log,
                      guint                event_index,
                      const SeqackTcpVars *vars)
{
  SeqackVarsTail *tail = get_tail (log);
  guint32 changed = 0;

  if (log->n_records > 0)
    {
      changed = changed_fields (&tail->last_vars, vars);
      if (changed == 0)
        return;
      /* Several changes within one event: only the last one is visible,
       * so it replaces the record (a full copy in place, a delta by
       * writing it again). */
      if (log->last_event == event_index)
        {
          if ((log->n_records - 1) % VARS_BLOCK == 0)
            log->blocks[log->n_blocks - 1].vars = *vars;
          else
            {
              if (!tail->prev_known)
                {
                  seqack_vars_log_lookup (log, log->prev_event,
                                          &tail->prev_vars);
                  tail->prev_known = TRUE;
                }
              log->stream_len = log->last_offset;
              put_delta (log, log->prev_event, &tail->prev_vars, event_index,
                         vars, changed_fields (&tail->prev_vars, vars));
            }
          tail->last_vars = *vars;
          return;
        }
    }

  if (log->n_records % VARS_BLOCK == 0)
    {
      SeqackVarsBlock *block;

      if (log->n_blocks == log->blocks_capacity)
        {
          log->blocks_capacity = MAX (1, log->blocks_capacity * 2);
          log->blocks = g_renew (SeqackVarsBlock, log->blocks,
                                 log->blocks_capacity);
        }
      block = &log->blocks[log->n_blocks++];
      block->event_index = event_index;
      block->offset = log->stream_len;
      block->vars = *vars;
    }
  else
    {
      log->last_offset = log->stream_len;
      put_delta (log, log->last_event, &tail->last_vars, event_index, vars,
                 changed);
    }

  log->prev_event = log->last_event;
  tail->prev_vars = tail->last_vars;
  tail->prev_known = TRUE;
  log->last_event = event_index;
  tail->last_vars = *vars;
  log->n_records++;
}

gboolean
seqack_vars_log_lookup (const SeqackVarsLog *log,
                        guint                index,
                        SeqackTcpVars       *vars)
{
  guint lo = 0, hi = log->n_blocks;
  const SeqackVarsBlock *block;
  const guint8 *p, *end;
  guint event;

  /* The last full copy at or before @index... */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (log->blocks[mid].event_index <= index)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return FALSE;
  block = &log->blocks[lo - 1];

  /* ...then its deltas up to @index. */
  *vars = block->vars;
  if (log->stream == NULL)
    return TRUE;
  event = block->event_index;
  p = log->stream + block->offset;
  end = log->stream + (lo < log->n_blocks ? log->blocks[lo].offset
                                          : log->stream_len);
  while (p < end)
    {
      guint32 head, delta;

      p = get_delta_event (p, &head, &delta);
      if (event + delta > index)
        break;
      event += delta;
      p = get_delta_fields (head, p, vars);
    }
  return TRUE;
}

void
seqack_vars_log_shrink (SeqackVarsLog *log)
{
  /* The stream grows again by half on the next note: a shrunk log that
   * keeps growing costs one more copy, no more. */
  if (log->stream_capacity > log->stream_len)
    {
      log->stream = g_realloc (log->stream, log->stream_len);
      log->stream_capacity = log->stream_len;
    }
  if (log->blocks_capacity > log->n_blocks)
    {
      log->blocks = g_renew (SeqackVarsBlock, log->blocks, log->n_blocks);
      log->blocks_capacity = log->n_blocks;
    }
}

void
seqack_vars_log_release (SeqackVarsLog *log)
{
  seqack_vars_log_shrink (log);
  g_clear_pointer (&log->tail, g_free);
}

gsize
seqack_vars_log_memory (const SeqackVarsLog *log)
{
  return (gsize) log->blocks_capacity * sizeof (SeqackVarsBlock)
         + log->stream_capacity
         + (log->tail != NULL ? sizeof (SeqackVarsTail) : 0);
}
