/* lab-test-util.h: helpers shared by the lab tests.
 *
 * A trace is turned into short texts ("client SYN,ACK 0 1 0 lost rtx") so
 * a whole exchange is compared with one g_assert_cmpstr and a failure
 * prints both ladders side by side.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "seqack-lab.h"
#include "seqack-packet.h"
#include "seqack-scenario.h"
#include "seqack-trace-format.h"

#define MS(x) ((gint64) (x) * 1000)
#define SEC(x) ((gint64) (x) * SEQACK_USEC_PER_SEC)

static inline void
lab_test_append_flags (GString *out,
                       guint8   flags)
{
  static const struct { guint8 bit; const char *name; } names[] = {
    { SEQACK_TCP_SYN, "SYN" },
    { SEQACK_TCP_FIN, "FIN" },
    { SEQACK_TCP_RST, "RST" },
    { SEQACK_TCP_PSH, "PSH" },
    { SEQACK_TCP_ACK, "ACK" },
  };
  gboolean first = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (flags & names[i].bit)
      {
        g_string_append_printf (out, "%s%s", first ? "" : ",",
                                names[i].name);
        first = FALSE;
      }
}

/* One line per segment: "<sender> <flags> <rel seq> <rel ack> <len>",
 * then " lost" / " rtx" / " stale" / " delayed" when they apply. */
static inline char *
lab_test_segments (SeqackTrace *trace)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind != SEQACK_EVENT_SEGMENT)
        continue;
      g_string_append_printf (out, "%s ", seqack_side_name (ev->side));
      lab_test_append_flags (out, ev->flags);
      g_string_append_printf (out, " %u %u %u",
                              seqack_trace_relative_seq (trace, i),
                              seqack_trace_relative_ack (trace, i),
                              ev->number);
      if (ev->fate == SEQACK_FATE_LOST)
        g_string_append (out, " lost");
      if (ev->marks & SEQACK_MARK_RETRANSMISSION)
        g_string_append (out, " rtx");
      if (ev->marks & SEQACK_MARK_STALE)
        g_string_append (out, " stale");
      if (ev->marks & SEQACK_MARK_DELAYED)
        g_string_append (out, " delayed");
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/* "CLOSED>LISTEN>SYN-RCVD>...": the states @side went through, starting
 * from the first change's origin. Checks each change starts where the
 * previous one ended. */
static inline char *
lab_test_states (SeqackTrace *trace,
                 SeqackSide   side)
{
  GString *out = g_string_new (NULL);
  int last = -1;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind != SEQACK_EVENT_STATE || ev->side != side)
        continue;
      if (last < 0)
        g_string_append (out, seqack_tcp_state_name (ev->from));
      else
        g_assert_cmpint (ev->from, ==, last);
      g_string_append_printf (out, ">%s", seqack_tcp_state_name (ev->to));
      last = ev->to;
    }

  return g_string_free (out, FALSE);
}

/* Index of the @nth (0-based) event matching kind/side/flags (flags only
 * for segments, -1 for any), or -1. */
static inline int
lab_test_find (SeqackTrace     *trace,
               SeqackEventKind  kind,
               int              side,
               int              flags,
               guint            nth)
{
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind != kind)
        continue;
      if (side >= 0 && ev->side != side)
        continue;
      if (flags >= 0 && ev->flags != flags)
        continue;
      if (nth-- == 0)
        return (int) i;
    }

  return -1;
}

/* The time-wait (or other) timer events of @side as
 * "set@t->deadline" lines, times in ms. */
static inline char *
lab_test_timers (SeqackTrace    *trace,
                 SeqackSide      side,
                 SeqackTcpTimer  timer)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind != SEQACK_EVENT_TIMER || ev->side != side ||
          ev->from != timer)
        continue;
      g_string_append_printf (out, "%s@%" G_GINT64_FORMAT,
                              seqack_timer_action_name (ev->to),
                              ev->t / 1000);
      if (ev->to == SEQACK_TIMER_SET)
        g_string_append_printf (out, "->%" G_GINT64_FORMAT, ev->t2 / 1000);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/* Every byte delivered to @side's application, in order. */
static inline char *
lab_test_data (SeqackTrace *trace,
               SeqackSide   side)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      const guint8 *data;
      gsize len;

      if (ev->kind != SEQACK_EVENT_DATA || ev->side != side)
        continue;
      data = seqack_trace_get_data (trace, i, &len);
      g_string_append_len (out, (const char *) data, len);
    }

  return g_string_free (out, FALSE);
}

/* Decodes the packet of segment event @index. */
static inline void
lab_test_decode (SeqackTrace  *trace,
                 guint         index,
                 SeqackPacket *packet)
{
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize len;

  data = seqack_trace_get_data (trace, index, &len);
  g_assert_nonnull (data);
  g_assert_true (seqack_packet_decode (data, len, packet, &error));
  g_assert_no_error (error);
}

/* A lab with the default config and @seed. */
static inline SeqackLab *
lab_test_new (guint64 seed)
{
  SeqackLabConfig config;

  seqack_lab_config_init (&config);
  config.seed = seed;
  return seqack_lab_new (&config);
}

/* Event @index as one line of the JSON Lines export. */
static inline char *
lab_test_json (SeqackTrace *trace,
               guint        index)
{
  GString *out = g_string_new (NULL);

  seqack_trace_format_json (trace, index, NULL, out);
  return g_string_free (out, FALSE);
}

/* Runs built-in scenario @name on a fresh lab with seed 1. */
static inline SeqackLab *
lab_test_run_builtin (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackScenario) scenario = NULL;
  SeqackLab *lab = lab_test_new (1);

  scenario = seqack_scenario_builtin (name, &error);
  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  g_assert_no_error (error);

  return lab;
}
