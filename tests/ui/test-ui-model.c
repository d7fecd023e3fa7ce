/* test-ui-model.c: the UI's headless parts: a missing settings schema
 * never aborts, and out-of-range values are clamped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>

#include "seqack-ui-settings.h"

static void
test_settings_missing_schema (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *empty = g_dir_make_tmp ("seqack-noschema-XXXXXX",
                                               NULL);
      g_autoptr(GSettings) settings = NULL;

      /* Nothing anywhere holds the schema. */
      g_setenv ("GSETTINGS_SCHEMA_DIR", empty, TRUE);
      g_setenv ("XDG_DATA_DIRS", empty, TRUE);
      g_setenv ("XDG_DATA_HOME", empty, TRUE);

      settings = seqack_ui_settings_new ();
      g_assert_null (settings);
      g_assert_cmpint (seqack_ui_settings_get_int (settings, "latency-ms",
                                                   20), ==, 20);
      g_assert_cmpfloat (seqack_ui_settings_get_double (settings, "speed",
                                                        1.0), ==, 1.0);
      seqack_ui_settings_set_int (settings, "latency-ms", 5);
      g_rmdir (empty);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_settings_clamped (void)
{
  g_autoptr(GSettings) settings = seqack_ui_settings_new ();

  if (settings == NULL)
    {
      g_test_skip ("schema not compiled in GSETTINGS_SCHEMA_DIR");
      return;
    }

  /* The key's range is 1..240: out of range is clamped, not a critical. */
  seqack_ui_settings_set_int (settings, "msl-seconds", 100000);
  g_assert_cmpint (seqack_ui_settings_get_int (settings, "msl-seconds", 0),
                   ==, 240);
  seqack_ui_settings_set_int (settings, "msl-seconds", 5);
  g_assert_cmpint (seqack_ui_settings_get_int (settings, "msl-seconds", 0),
                   ==, 5);
  /* A key of another type falls back. */
  g_assert_cmpint (seqack_ui_settings_get_int (settings, "speed", -3), ==,
                   -3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/settings/missing-schema",
                   test_settings_missing_schema);
  g_test_add_func ("/ui/settings/clamped", test_settings_clamped);

  return g_test_run ();
}
