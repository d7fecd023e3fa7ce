/* fuzz-replay.c: runs a fuzz target's checked-in inputs as a GTest.
 *
 * Linked with one fuzz-*.c instead of libFuzzer, with any compiler: every
 * file in tests/fuzz/corpus/TARGET/ and tests/fuzz/regressions/TARGET/
 * becomes one test case, so the normal (and the ASan) test suite keeps
 * checking every seed and every crasher ever found. Files named on the
 * command line are replayed instead (to reproduce a finding:
 * `fuzz-replay-packet crash-1234`).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>

#include "fuzz-common.h"

static void replay_file (gconstpointer user_data);

/* A regression runs in a child process: one that fails (it aborts) is
 * reported on its own and the others still run. */
static void
replay_file_isolated (gconstpointer user_data)
{
  if (g_test_subprocess ())
    {
      replay_file (user_data);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
replay_file (gconstpointer user_data)
{
  const char *path = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  /* The target aborts on a broken promise or a sanitizer finding; its
   * return value is 0 by libFuzzer's contract. */
  g_assert_cmpint (LLVMFuzzerTestOneInput ((const uint8_t *) contents, len),
                   ==, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* Adds one test case per file in @dir (sorted, so runs are stable);
 * returns how many. A missing folder holds nothing. */
static guint
add_folder (const char    *kind,
            const char    *dir,
            GTestDataFunc  func,
            GPtrArray     *keep)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return 0;

  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] != '.' && g_strcmp0 (name, "README") != 0)
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      char *path = g_build_filename (dir, file, NULL);
      g_autofree char *test = g_strdup_printf ("/fuzz/%s/%s/%s",
                                               FUZZ_TARGET, kind, file);

      g_ptr_array_add (keep, path);
      g_test_add_data_func (test, path, func);
    }

  return names->len;
}

static void
test_corpus_present (gconstpointer user_data)
{
  /* A target whose seeds went missing would pass while testing nothing. */
  g_assert_cmpuint (GPOINTER_TO_UINT (user_data), >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *corpus = NULL;
  g_autofree char *regressions = NULL;
  guint n_corpus;

  g_test_init (&argc, &argv, NULL);
  /* Every failing regression is reported, not only the first. */
  g_test_set_nonfatal_assertions ();

  if (argc > 1)
    {
      for (int i = 1; i < argc; i++)
        {
          g_autofree char *test = g_strdup_printf ("/fuzz/%s/file/%d",
                                                   FUZZ_TARGET, i);

          g_test_add_data_func (test, argv[i], replay_file);
        }
      return g_test_run ();
    }

  corpus = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus",
                                  FUZZ_TARGET, NULL);
  regressions = g_test_build_filename (G_TEST_DIST, "fuzz", "regressions",
                                       FUZZ_TARGET, NULL);

  n_corpus = add_folder ("corpus", corpus, replay_file, keep);
  add_folder ("regressions", regressions, replay_file_isolated, keep);
  g_test_add_data_func ("/fuzz/" FUZZ_TARGET "/corpus-present",
                        GUINT_TO_POINTER (n_corpus), test_corpus_present);

  return g_test_run ();
}
