/* bench-lab.c: how fast the lab simulates.
 *
 * Prints simulated segments per second of wall-clock time for one long data
 * transfer, the total time of 10,000 sequential connections (handshake,
 * data, teardown, MSL 0) and sizeof (SeqackEvent). Not a test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <string.h>

#include "seqack-lab.h"
#include "seqack-scenario.h"

#define N_SENDS 100000
#define N_CONNECTIONS 10000
#define LIMIT (3600 * SEQACK_USEC_PER_SEC)

static guint
count_segments (SeqackTrace *trace)
{
  guint n = 0;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT)
      n++;
  return n;
}

static gboolean
check (gboolean  ok,
       GError   *error)
{
  if (!ok)
    {
      fprintf (stderr, "bench-lab: %s\n", error ? error->message : "failed");
      return FALSE;
    }
  return TRUE;
}

static gboolean
bench_transfer (void)
{
  g_autoptr(SeqackLab) lab = NULL;
  g_autoptr(GError) error = NULL;
  SeqackLabConfig config;
  char text[101];
  gint64 start, elapsed;
  guint n_segments, n_events;
  gboolean ok;

  memset (text, 'x', 100);
  text[100] = '\0';
  seqack_lab_config_init (&config);
  lab = seqack_lab_new (&config);

  start = g_get_monotonic_time ();
  ok = seqack_lab_listen (lab, SEQACK_SERVER, &error) &&
       seqack_lab_connect (lab, SEQACK_CLIENT, &error);
  if (!check (ok, error))
    return FALSE;
  seqack_lab_run_until_quiet (lab, LIMIT);
  for (guint i = 0; i < N_SENDS; i++)
    {
      /* Ten sends back to back, then let the wire drain. */
      if (!check (seqack_lab_send (lab, SEQACK_CLIENT, text, &error), error))
        return FALSE;
      if (i % 10 == 9)
        seqack_lab_run_until_quiet (lab, LIMIT);
    }
  seqack_lab_run_until_idle (lab, LIMIT);
  elapsed = g_get_monotonic_time () - start;

  n_segments = count_segments (seqack_lab_get_trace (lab));
  n_events = seqack_trace_get_n_events (seqack_lab_get_trace (lab));
  printf ("transfer: %u sends of 100 bytes, %u segments, %u events "
          "in %.3f s: %.0f segments/s; trace %.1f MiB, %.1f B/event\n",
          N_SENDS, n_segments, n_events, elapsed / 1e6,
          n_segments / (elapsed / 1e6),
          seqack_trace_get_memory_size (seqack_lab_get_trace (lab)) /
          (1024.0 * 1024.0),
          (double) seqack_trace_get_memory_size (seqack_lab_get_trace (lab))
          / MAX (n_events, 1));
  return TRUE;
}

static gboolean
bench_connections (void)
{
  g_autoptr(SeqackLab) lab = NULL;
  g_autoptr(GError) error = NULL;
  SeqackLabConfig config;
  gint64 start, elapsed;
  guint n_segments;

  seqack_lab_config_init (&config);
  config.tcp.msl = 0;
  lab = seqack_lab_new (&config);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_CONNECTIONS; i++)
    {
      gboolean ok;

      ok = seqack_lab_listen (lab, SEQACK_SERVER, &error) &&
           seqack_lab_connect (lab, SEQACK_CLIENT, &error);
      seqack_lab_run_until_quiet (lab, LIMIT);
      ok = ok && seqack_lab_send (lab, SEQACK_CLIENT, "hello", &error);
      seqack_lab_run_until_quiet (lab, LIMIT);
      ok = ok && seqack_lab_send (lab, SEQACK_SERVER, "bye", &error);
      seqack_lab_run_until_quiet (lab, LIMIT);
      ok = ok && seqack_lab_close (lab, SEQACK_CLIENT, &error);
      seqack_lab_run_until_quiet (lab, LIMIT);
      ok = ok && seqack_lab_close (lab, SEQACK_SERVER, &error);
      seqack_lab_run_until_idle (lab, LIMIT);
      if (!check (ok, error))
        return FALSE;
      if (seqack_lab_get_state (lab, SEQACK_CLIENT) != SEQACK_TCP_CLOSED ||
          seqack_lab_get_state (lab, SEQACK_SERVER) != SEQACK_TCP_CLOSED)
        {
          fprintf (stderr, "bench-lab: connection %u did not close\n", i);
          return FALSE;
        }
    }
  elapsed = g_get_monotonic_time () - start;

  n_segments = count_segments (seqack_lab_get_trace (lab));
  printf ("connections: %u sequential (handshake, hello/bye, teardown, "
          "MSL 0), %u segments in %.3f s: %.1f µs per connection, "
          "%.0f segments/s; trace %.1f B/event\n",
          N_CONNECTIONS, n_segments, elapsed / 1e6,
          (double) elapsed / N_CONNECTIONS, n_segments / (elapsed / 1e6),
          (double) seqack_trace_get_memory_size (seqack_lab_get_trace (lab))
          / MAX (seqack_trace_get_n_events (seqack_lab_get_trace (lab)), 1));
  return TRUE;
}

/* The trace's bytes per event over every built-in scenario (the many
 * connections of a flood among them), arena included. */
static gboolean
bench_scenarios (void)
{
  const char *const *names = seqack_scenario_builtin_names ();
  gsize memory = 0, flood_memory = 0;
  guint n_events = 0, flood_events = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeqackLab) lab = NULL;
      SeqackScenario *scenario = seqack_scenario_builtin (names[i], &error);
      SeqackLabConfig config;
      SeqackTrace *trace;
      gboolean ok;

      if (!check (scenario != NULL, error))
        return FALSE;
      seqack_lab_config_init (&config);
      seqack_scenario_apply_config (scenario, &config);
      lab = seqack_lab_new (&config);
      ok = seqack_scenario_run (scenario, lab, &error);
      seqack_scenario_free (scenario);
      if (!check (ok, error))
        return FALSE;
      trace = seqack_lab_get_trace (lab);
      memory += seqack_trace_get_memory_size (trace);
      n_events += seqack_trace_get_n_events (trace);
      if (g_str_equal (names[i], "syn-flood") ||
          g_str_equal (names[i], "syn-cookies"))
        {
          flood_memory += seqack_trace_get_memory_size (trace);
          flood_events += seqack_trace_get_n_events (trace);
        }
    }
  printf ("scenarios: %u events, trace %.1f B/event; the two floods "
          "%u events, %.1f B/event\n", n_events,
          (double) memory / MAX (n_events, 1), flood_events,
          (double) flood_memory / MAX (flood_events, 1));
  return TRUE;
}

int
main (void)
{
  printf ("sizeof (SeqackEvent) = %zu bytes\n", sizeof (SeqackEvent));
  if (!bench_scenarios () || !bench_transfer () || !bench_connections ())
    return 1;
  return 0;
}
