/* test-ui-preferences.c: the preferences window writes the settings the
 * rest of the app reads (the language override that main.c applies at the
 * next start, the wire and diagram defaults), follows them when the main
 * window changes them, and works without a schema. Runs under xvfb-run
 * with GSETTINGS_BACKEND=memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "seqack-application.h"
#include "seqack-preferences-window.h"
#include "seqack-ui-settings.h"
#include "seqack-window.h"
#include "ui-test-util.h"

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
row_titled (GtkWidget     *widget,
            gconstpointer  title)
{
  AdwPreferencesRow *row;

  if (!ADW_IS_PREFERENCES_ROW (widget))
    return FALSE;
  row = ADW_PREFERENCES_ROW (widget);
  return g_strcmp0 (adw_preferences_row_get_title (row), title) == 0;
}

/* The row a user finds by its visible title. */
static GtkWidget *
find_row (GtkWidget  *window,
          const char *title)
{
  GtkWidget *row = ui_test_find (window, row_titled, title);

  g_assert_nonnull (row);
  return row;
}

/* The spin button or switch at the end of an action row. */
static GtkWidget *
row_suffix (GtkWidget *row,
            GType      type)
{
  GtkWidget *widget = ui_test_find (row, ui_test_is_type, GSIZE_TO_POINTER (type));

  g_assert_nonnull (widget);
  return widget;
}

static void
test_preferences_language (void)
{
  g_autoptr(GSettings) settings = seqack_ui_settings_new ();
  SeqackPreferencesWindow *window;
  GtkWidget *row;
  GListModel *model;
  g_autofree char *language = NULL;
  g_autofree char *second = NULL;

  g_assert_nonnull (settings);
  g_settings_reset (settings, "language");

  window = seqack_preferences_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();

  row = find_row (GTK_WIDGET (window), _("Interface language"));
  g_assert_true (ADW_IS_COMBO_ROW (row));
  /* Following the system is the default, and the row says so. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 0);
  /* Each language is listed in its own script. */
  model = adw_combo_row_get_model (ADW_COMBO_ROW (row));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 2),
                   ==, "简体中文");
  /* The change needs a restart: the subtitle tells the user. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   _("Takes effect when SeqAck is started again"));

  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 2);
  language = g_settings_get_string (settings, "language");
  g_assert_cmpstr (language, ==, "zh_CN");

  /* Back to the system language: the key is empty again, which is what
   * main.c reads as "do not override". */
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 0);
  second = g_settings_get_string (settings, "language");
  g_assert_cmpstr (second, ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static void
test_preferences_defaults (void)
{
  g_autoptr(GSettings) settings = seqack_ui_settings_new ();
  SeqackPreferencesWindow *window;
  GtkWidget *msl, *letters, *speed, *scale, *latency;

  g_settings_reset (settings, "msl-seconds");
  g_settings_reset (settings, "show-letters");
  g_settings_reset (settings, "speed");
  g_settings_reset (settings, "presentation-scale");
  g_settings_reset (settings, "latency-ms");

  window = seqack_preferences_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();

  /* The rows show the schema's values: MSL 30 s as on Linux. */
  msl = row_suffix (find_row (GTK_WIDGET (window), _("MSL")),
                    GTK_TYPE_SPIN_BUTTON);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (msl)), ==,
                     30);

  /* A teacher shortens 2MSL for class. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (msl), 2);
  g_assert_cmpint (g_settings_get_int (settings, "msl-seconds"), ==, 2);

  letters = row_suffix (find_row (GTK_WIDGET (window), _("Textbook letters")),
                        GTK_TYPE_SWITCH);
  gtk_switch_set_active (GTK_SWITCH (letters), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "show-letters"));

  speed = find_row (GTK_WIDGET (window), _("Playback speed"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (speed), 0);
  g_assert_cmpfloat (g_settings_get_double (settings, "speed"), ==, 0.25);

  scale = row_suffix (find_row (GTK_WIDGET (window), _("Presentation scale")),
                      GTK_TYPE_SPIN_BUTTON);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (scale), 2.5);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings,
                                                         "presentation-scale"),
                                  2.5, 1e-9);

  /* The main window's wire bar writes the same key: the row follows. */
  latency = row_suffix (find_row (GTK_WIDGET (window), _("Latency")),
                        GTK_TYPE_SPIN_BUTTON);
  g_settings_set_int (settings, "latency-ms", 250);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (latency)),
                     ==, 250);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();

  /* Closed, the window no longer listens: changing a key is harmless. */
  g_settings_set_int (settings, "latency-ms", 40);
}

/* Uninstalled without GSETTINGS_SCHEMA_DIR there are no settings: the
 * window still opens and its rows still respond. */
static void
test_preferences_no_schema (void)
{
  SeqackPreferencesWindow *window;
  GtkWidget *row, *toggle;

  window = seqack_preferences_window_new (NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();

  row = find_row (GTK_WIDGET (window), _("Interface language"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 1);
  toggle = row_suffix (find_row (GTK_WIDGET (window),
                                _("Absolute sequence numbers")),
                      GTK_TYPE_SWITCH);
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static gboolean
label_is (GtkWidget     *widget,
          gconstpointer  text)
{
  return GTK_IS_LABEL (widget) &&
         g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

/* A change in the preferences shows in the open main window at once:
 * MSL 5 s makes the wire bar say 2MSL = 10 s, letters turn on. */
static void
test_preferences_live (void)
{
  g_autoptr(GSettings) settings = seqack_ui_settings_new ();
  SeqackWindow *main_window;
  SeqackPreferencesWindow *window;
  g_autofree char *two_msl = NULL;
  const SeqackLabConfig *config;
  GtkWidget *msl, *toggle;
  gboolean letters = TRUE;

  g_settings_reset (settings, "msl-seconds");
  g_settings_reset (settings, "show-letters");
  main_window = seqack_window_new (NULL, 1);
  gtk_window_present (GTK_WINDOW (main_window));
  window = seqack_preferences_window_new (GTK_WINDOW (main_window), settings);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();

  g_object_get (main_window, "letters", &letters, NULL);
  g_assert_false (letters);

  msl = row_suffix (find_row (GTK_WIDGET (window), _("MSL")),
                    GTK_TYPE_SPIN_BUTTON);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (msl), 5);
  toggle = row_suffix (find_row (GTK_WIDGET (window), _("Textbook letters")),
                       GTK_TYPE_SWITCH);
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  iterate ();

  two_msl = g_strdup_printf (_("2MSL = %.0f s"), 10.0);
  g_assert_nonnull (ui_test_find (GTK_WIDGET (main_window), label_is,
                                 two_msl));
  g_object_get (main_window, "letters", &letters, NULL);
  g_assert_true (letters);
  /* The lab itself runs with the new MSL. */
  config = seqack_lab_get_config (seqack_window_get_lab (main_window));
  g_assert_cmpint (config->tcp.msl, ==, 5 * G_USEC_PER_SEC);

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (main_window));
  iterate ();
  g_settings_reset (settings, "msl-seconds");
  g_settings_reset (settings, "show-letters");
}

static gboolean
is_preferences (GtkWidget     *widget,
                gconstpointer  data)
{
  return SEQACK_IS_PREFERENCES_WINDOW (widget);
}

/* Ctrl+comma, the main menu and the shortcuts window all name
 * app.preferences. */
static void
test_preferences_action (void)
{
  g_autoptr(SeqackApplication) app = seqack_application_new ();
  g_auto(GStrv) accels = NULL;
  g_autoptr(GBytes) menu = NULL;
  g_autoptr(GBytes) shortcuts = NULL;
  GListModel *toplevels;
  GAction *action;
  GtkWidget *found = NULL;

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                  "app.preferences");
  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "<Control>comma");

  action = g_action_map_lookup_action (G_ACTION_MAP (app), "preferences");
  g_assert_nonnull (action);
  g_action_activate (action, NULL);
  iterate ();

  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (is_preferences (window, NULL))
        found = window;
    }
  g_assert_nonnull (found);
  gtk_window_destroy (GTK_WINDOW (found));
  iterate ();

  /* The main menu has the entry, the shortcuts window lists Ctrl+comma. */
  menu = g_resources_lookup_data ("/io/github/seqack/SeqAck/seqack-window.ui",
                                  0, NULL);
  g_assert_nonnull (menu);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (menu, NULL),
                                  g_bytes_get_size (menu),
                                  "app.preferences"));
  shortcuts = g_resources_lookup_data ("/io/github/seqack/SeqAck/"
                                       "seqack-shortcuts-window.ui", 0, NULL);
  g_assert_nonnull (shortcuts);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (shortcuts, NULL),
                                  g_bytes_get_size (shortcuts),
                                  "&lt;Control&gt;comma"));
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/preferences/language", test_preferences_language);
  g_test_add_func ("/ui/preferences/defaults", test_preferences_defaults);
  g_test_add_func ("/ui/preferences/no-schema", test_preferences_no_schema);
  g_test_add_func ("/ui/preferences/live", test_preferences_live);
  g_test_add_func ("/ui/preferences/action", test_preferences_action);

  return g_test_run ();
}
