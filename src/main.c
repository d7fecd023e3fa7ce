/* main.c: the entry point of the SeqAck window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "seqack-application.h"
#include "seqack-ui-settings.h"

/* The 'language' setting overrides the system language. It must be set
 * before setlocale() and GTK read the environment. */
static void
apply_language_setting (void)
{
  g_autoptr(GSettings) settings = seqack_ui_settings_new ();
  g_autofree char *language = NULL;

  language = seqack_ui_settings_get_string (settings, "language", "");
  if (language[0] != '\0')
    g_setenv ("LANGUAGE", language, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SeqackApplication) app = NULL;
  const char *localedir;
  int status;

  apply_language_setting ();

  /* gettext ignores LANGUAGE under the C locale (DESIGN: zh_CN.UTF-8). */
  if (setlocale (LC_ALL, "") == NULL)
    setlocale (LC_ALL, "C.UTF-8");
  /* Under plain "C" gettext would ignore a LANGUAGE the setting chose. */
  if (g_getenv ("LANGUAGE") != NULL &&
      g_strcmp0 (setlocale (LC_MESSAGES, NULL), "C") == 0)
    setlocale (LC_ALL, "C.UTF-8");
  localedir = g_getenv ("SEQACK_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE,
                  localedir != NULL && *localedir != '\0' ? localedir
                                                          : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = seqack_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  if (status == 0 && seqack_application_get_failed (app))
    status = 1;

  return status;
}
