/* test-ui-inspector.c: the inspector's header numbers segments the way a
 * teacher counts them (the 1st, 2nd... segment on the wire), not by the
 * trace's event index. Runs under xvfb-run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "seqack-inspector.h"
#include "seqack-scenario.h"
#include "seqack-sequence-layout.h"

/* hello-goodbye: handshake (3), "hello" and its ACK (2), "bye" and its
 * ACK (2), teardown (4): 11 segments, the last ACK is segment 11. */
static void
test_inspector_segment_number (void)
{
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  SeqackLabConfig config;
  SeqackLab *lab;
  SeqackTrace *trace;
  SeqackSequenceLayout *layout;
  SeqackInspector *inspector;
  guint first = G_MAXUINT, last = G_MAXUINT, n_segments = 0;
  g_autofree char *first_title = NULL;

  seqack_lab_config_init (&config);
  config.seed = 1;
  lab = seqack_lab_new (&config);
  scenario = seqack_scenario_builtin ("hello-goodbye", &error);
  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  g_assert_no_error (error);

  trace = seqack_lab_get_trace (lab);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT)
      {
        if (first == G_MAXUINT)
          first = i;
        last = i;
        n_segments++;
      }
  g_assert_cmpuint (n_segments, ==, 11);
  /* Other events come first (actions, state changes): the event index
   * is not what a person counts. */
  g_assert_cmpuint (first, >, 0);
  g_assert_cmpuint (last, >, 11);
  g_assert_cmpuint (seqack_trace_get_event (trace, last)->flags, ==,
                    SEQACK_TCP_ACK);

  layout = seqack_sequence_layout_new (trace);
  inspector = g_object_ref_sink (g_object_new (SEQACK_TYPE_INSPECTOR, NULL));

  seqack_inspector_show (inspector, layout, first, FALSE, FALSE);
  first_title = g_strdup_printf (_("Segment %u · client → server · %s · "
                                   "t = %s s%s"), 1, "SYN", "0.000", "");
  g_assert_cmpstr (seqack_inspector_get_title (inspector), ==, first_title);

  /* The run is in English (LC_ALL=C.UTF-8). */
  seqack_inspector_show (inspector, layout, last, FALSE, FALSE);
  g_assert_true (g_str_has_prefix (seqack_inspector_get_title (inspector),
                                   "Segment 11 · "));

  seqack_inspector_show (inspector, NULL, SEQACK_NO_EVENT, FALSE, FALSE);
  g_assert_finalize_object (inspector);
  seqack_sequence_layout_free (layout);
  seqack_lab_free (lab);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("SEQACK_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  g_test_add_func ("/ui/inspector/segment-number",
                   test_inspector_segment_number);

  return g_test_run ();
}
