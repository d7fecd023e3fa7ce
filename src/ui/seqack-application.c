/* seqack-application.c: the GTK application, io.github.seqack.SeqAck.
 *
 * Besides the window it knows a test mode for screenshots:
 *   seqack --screenshot FILE [--presentation] [--scenario NAME]
 *          [--stop-at STATE | --segments N] [--lesson NAME]
 * shows the window, lets it draw, writes a PNG and quits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "seqack-application.h"
#include "seqack-preferences-window.h"
#include "seqack-settings.h"
#include "seqack-tcp-state.h"
#include "seqack-ui-settings.h"
#include "seqack-window.h"

/* Frames drawn before a screenshot is taken, so layout has settled. */
#define SCREENSHOT_FRAMES 6

struct _SeqackApplication
{
  AdwApplication  parent_instance;

  GSettings      *gsettings;   /* NULL when the schema is missing */
  SeqackSettings *settings;
  char           *screenshot;
  char           *scenario;
  char           *stop_at;
  char           *lesson;
  gint64          segments;
  gboolean        presentation;
  gint64          seed;
  guint           frames;
  gboolean        failed;
};

G_DEFINE_FINAL_TYPE (SeqackApplication, seqack_application,
                     ADW_TYPE_APPLICATION)

static gboolean
take_screenshot (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  SeqackApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (++self->frames < SCREENSHOT_FRAMES)
    return G_SOURCE_CONTINUE;

  if (!seqack_window_save_screenshot (SEQACK_WINDOW (widget),
                                      self->screenshot, &error))
    {
      g_printerr ("seqack: %s\n", error->message);
      self->failed = TRUE;
    }
  gtk_window_destroy (GTK_WINDOW (widget));

  return G_SOURCE_REMOVE;
}

static void
seqack_application_activate (GApplication *app)
{
  SeqackApplication *self = SEQACK_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;
  guint64 seed;

  if (window != NULL && self->screenshot == NULL)
    {
      gtk_window_present (window);
      return;
    }

  /* A fixed seed makes screenshots repeatable; otherwise each start
   * draws new ISNs (RFC 6528), as a real stack would. */
  seed = self->seed >= 0 ? (guint64) self->seed
                         : ((guint64) g_random_int () << 32) | g_random_int ();
  window = GTK_WINDOW (seqack_window_new (self, seed));

  if (self->scenario != NULL)
    {
      if (!seqack_window_run_scenario (SEQACK_WINDOW (window),
                                       self->scenario, &error))
        {
          g_printerr ("seqack: %s\n", error->message);
          self->failed = TRUE;
        }
      else if (self->stop_at != NULL)
        {
          SeqackTcpState state;

          if (!seqack_tcp_state_from_name (self->stop_at, &state) ||
              !seqack_window_show_until_state (SEQACK_WINDOW (window),
                                               state))
            {
              g_printerr ("seqack: no endpoint enters “%s”\n",
                          self->stop_at);
              self->failed = TRUE;
            }
        }
      else if (self->segments > 0)
        {
          if (!seqack_window_show_segments (SEQACK_WINDOW (window),
                                            self->segments))
            {
              g_printerr ("seqack: the scenario has fewer than %"
                          G_GINT64_FORMAT " segments\n", self->segments);
              self->failed = TRUE;
            }
        }
      else if (self->screenshot != NULL)
        seqack_window_show_all (SEQACK_WINDOW (window));
    }

  if (self->lesson != NULL &&
      !seqack_window_open_lesson (SEQACK_WINDOW (window), self->lesson,
                                  &error))
    {
      g_printerr ("seqack: %s\n", error->message);
      self->failed = TRUE;
    }

  if (self->screenshot != NULL)
    {
      /* As large as the screen, as a maximized window on a projector. */
      GdkDisplay *display = gdk_display_get_default ();
      g_autoptr(GdkMonitor) monitor =
        g_list_model_get_item (gdk_display_get_monitors (display), 0);
      GdkRectangle geometry = { 0, 0, 1600, 1000 };

      if (monitor != NULL)
        gdk_monitor_get_geometry (monitor, &geometry);
      gtk_window_set_default_size (window, geometry.width, geometry.height);
      if (self->presentation)
        g_object_set (window, "presentation", TRUE, NULL);
      gtk_widget_add_tick_callback (GTK_WIDGET (window), take_screenshot,
                                    self, NULL);
    }
  else if (self->presentation)
    g_object_set (window, "presentation", TRUE, NULL);

  gtk_window_present (window);
}

/* `seqack FILE…`, the file manager, or a second `seqack FILE` handed over
 * to this running instance: each file opens in the window. */
static void
seqack_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  SeqackApplication *self = SEQACK_APPLICATION (app);
  GtkWindow *window;

  g_application_activate (app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (!SEQACK_IS_WINDOW (window))
    return;
  for (int i = 0; i < n_files; i++)
    seqack_window_open (SEQACK_WINDOW (window), files[i]);
  /* A screenshot shows the whole run, as with --scenario: a playing
   * picture would tick before the window has drawn. */
  if (self->screenshot != NULL)
    seqack_window_show_all (SEQACK_WINDOW (window));
}

static int
seqack_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  SeqackApplication *self = SEQACK_APPLICATION (app);
  const char *path = NULL;
  const char *scenario = NULL;
  gint64 seed;

  if (g_variant_dict_lookup (options, "screenshot", "^&ay", &path))
    {
      self->screenshot = g_strdup (path);
      /* A screenshot run never hands over to a running instance. */
      g_application_set_flags (app, g_application_get_flags (app)
                                      | G_APPLICATION_NON_UNIQUE);
    }
  if (g_variant_dict_lookup (options, "scenario", "&s", &scenario))
    self->scenario = g_strdup (scenario);
  if (g_variant_dict_lookup (options, "stop-at", "&s", &scenario))
    self->stop_at = g_strdup (scenario);
  if (g_variant_dict_lookup (options, "lesson", "&s", &scenario))
    self->lesson = g_strdup (scenario);
  g_variant_dict_lookup (options, "segments", "x", &self->segments);
  if (g_variant_dict_lookup (options, "seed", "x", &seed))
    self->seed = seed;
  self->presentation = g_variant_dict_contains (options, "presentation");

  return -1;
}

static void
seqack_application_startup (GApplication *app)
{
  SeqackApplication *self = SEQACK_APPLICATION (app);

  G_APPLICATION_CLASS (seqack_application_parent_class)->startup (app);

  self->gsettings = seqack_ui_settings_new ();
  self->settings = seqack_settings_new (self->gsettings);
  gtk_window_set_default_icon_name (APP_ID);
}

static void
seqack_application_finalize (GObject *object)
{
  SeqackApplication *self = SEQACK_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->gsettings);
  g_free (self->screenshot);
  g_free (self->scenario);
  g_free (self->stop_at);
  g_free (self->lesson);

  G_OBJECT_CLASS (seqack_application_parent_class)->finalize (object);
}

static void
seqack_application_class_init (SeqackApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = seqack_application_finalize;
  app_class->activate = seqack_application_activate;
  app_class->open = seqack_application_open;
  app_class->startup = seqack_application_startup;
  app_class->handle_local_options = seqack_application_handle_local_options;
}

static void
app_about (GSimpleAction *action,
           GVariant      *param,
           gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The SeqAck authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for",
                          gtk_application_get_active_window (app),
                        "application-icon", APP_ID,
                        "application-name", "SeqAck",
                        "developer-name", _("The SeqAck authors"),
                        "version", PACKAGE_VERSION,
                        "comments",
                          _("See how TCP opens and closes a connection: "
                            "the three-way handshake, the four-way "
                            "teardown, every Seq and Ack, both state "
                            "machines and TIME-WAIT, on a simulated wire "
                            "you control."),
                        "website", "https://github.com/seqack/seqack",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* TRANSLATORS: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* The guide: help:seqack for the system's help viewer when there is one
 * outside a sandbox; otherwise (a Flatpak, whose pages the host's Yelp
 * cannot see, or no viewer) the HTML rendering in the user's language,
 * opened through the portal. */
static char *
help_uri (void)
{
  const char *const *langs = g_get_language_names ();
  g_autoptr(GAppInfo) viewer = NULL;

  if (!g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      viewer = g_app_info_get_default_for_uri_scheme ("help");
      if (viewer != NULL)
        return g_strdup ("help:seqack");
    }
  for (guint i = 0; langs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (DATADIR, "seqack",
                                                "help-html", langs[i],
                                                "index.html", NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_filename_to_uri (path, NULL, NULL);
    }
  return g_strdup ("help:seqack");
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
on_help_launched (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_uri_launcher_launch_finish (GTK_URI_LAUNCHER (source), result,
                                       &error) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    g_printerr ("seqack: %s\n", error->message);
}
#endif

static void
app_help (GSimpleAction *action,
          GVariant      *param,
          gpointer       user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *parent = gtk_application_get_active_window (app);
  g_autofree char *uri = help_uri ();

#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);

  gtk_uri_launcher_launch (launcher, parent, NULL, on_help_launched, NULL);
#else
  gtk_show_uri (parent, uri, GDK_CURRENT_TIME);
#endif
}

static void
app_preferences (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  SeqackApplication *self = user_data;
  GtkWindow *parent;
  SeqackPreferencesWindow *preferences;

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  preferences = seqack_preferences_window_new (parent, self->gsettings);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
app_shortcuts (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  GtkApplication *app = user_data;
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *window;

  builder = gtk_builder_new_from_resource (RESOURCE_PATH
                                           "/seqack-shortcuts-window.ui");
  window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  gtk_window_set_transient_for (window,
                                gtk_application_get_active_window (app));
  gtk_window_present (window);
}

static void
app_quit (GSimpleAction *action,
          GVariant      *param,
          gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* Closing (not destroying) lets each window save its size. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static void
seqack_application_init (SeqackApplication *self)
{
  static const GActionEntry actions[] = {
    { "about", app_about },
    { "help", app_help },
    { "preferences", app_preferences },
    { "shortcuts", app_shortcuts },
    { "quit", app_quit },
  };
  static const GOptionEntry options[] = {
    { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Write a PNG of the window to FILE and quit"), N_("FILE") },
    { "presentation", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Start in presentation mode"), NULL },
    { "scenario", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Run a built-in scenario at start"), N_("NAME") },
    { "stop-at", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("With --scenario: show it up to where an endpoint enters STATE"),
      N_("STATE") },
    { "segments", 0, 0, G_OPTION_ARG_INT64, NULL,
      N_("With --scenario: show it up to its Nth segment"), N_("N") },
    { "lesson", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Open the lessons with the built-in lesson NAME"), N_("NAME") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, NULL,
      N_("Seed of the lab's random numbers (ISNs, losses)"), N_("N") },
    { NULL }
  };
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *shortcuts_accels[] = { "<Control>question", NULL };
  const char *help_accels[] = { "F1", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };

  self->seed = -1;

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions,
                                   G_N_ELEMENTS (actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                         "app.shortcuts", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help",
                                         help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                         "app.preferences",
                                         preferences_accels);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Learn how TCP opens and "
                                              "closes connections."));
}

SeqackApplication *
seqack_application_new (void)
{
  return g_object_new (SEQACK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS
                                  | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

SeqackSettings *
seqack_application_get_settings (SeqackApplication *self)
{
  g_return_val_if_fail (SEQACK_IS_APPLICATION (self), NULL);

  return self->settings;
}

gboolean
seqack_application_get_failed (SeqackApplication *self)
{
  g_return_val_if_fail (SEQACK_IS_APPLICATION (self), TRUE);

  return self->failed;
}
