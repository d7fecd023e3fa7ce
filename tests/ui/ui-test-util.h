/* ui-test-util.h: what the window tests share: a real window under
 * xvfb, a main loop turned until idle, and widget search through the
 * tree a screen reader sees.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include <adwaita.h>

#include "seqack-sequence-view.h"
#include "seqack-window.h"

typedef gboolean (*UiTestMatch) (GtkWidget *widget, gconstpointer data);

static inline GtkWidget *
ui_test_find (GtkWidget     *root,
              UiTestMatch    match,
              gconstpointer  data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_test_find (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static inline gboolean
ui_test_is_type (GtkWidget     *widget,
                 gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static inline gboolean
ui_test_has_action (GtkWidget     *widget,
                    gconstpointer  action)
{
  const char *name;

  if (!GTK_IS_ACTIONABLE (widget))
    return FALSE;
  name = gtk_actionable_get_action_name (GTK_ACTIONABLE (widget));
  return name != NULL && g_str_equal (name, action);
}

static inline void
ui_test_iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A widget's font size in px, as drawn. */
static inline double
ui_test_widget_px (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *font =
    pango_context_get_font_description (context);
  double size = pango_font_description_get_size (font) / (double) PANGO_SCALE;

  if (pango_font_description_get_size_is_absolute (font))
    return size;
  return size * pango_cairo_context_get_resolution (context) / 72.0;
}

/* The smallest font, in px, of the labels with text under @widget. */
static inline double
ui_test_smallest_label_px (GtkWidget *widget)
{
  double px = G_MAXDOUBLE;

  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) &&
      gtk_widget_is_drawable (widget))
    px = ui_test_widget_px (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    px = MIN (px, ui_test_smallest_label_px (child));
  return px;
}

/* A shown window on a fresh lab (seed 1234), not playing. */
static inline GtkWidget *
ui_test_new_window (void)
{
  SeqackWindow *window = seqack_window_new (NULL, 1234);

  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  g_object_set (window, "playing", FALSE, NULL);
  ui_test_iterate ();

  return GTK_WIDGET (window);
}

static inline void
ui_test_destroy_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_iterate ();
  g_assert_finalize_object (window);
}

static inline void
ui_test_activate (GtkWidget  *window,
                  const char *action)
{
  g_assert_true (gtk_widget_activate_action (window, action, NULL));
  ui_test_iterate ();
}

/* The PNG height of the window's diagram exported to @path (then
 * removed). */
static inline int
ui_test_exported_height (GtkWidget  *window,
                         const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *png;
  int height;

  g_assert_true (seqack_window_export_diagram (SEQACK_WINDOW (window), file,
                                               &error));
  g_assert_no_error (error);
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  height = cairo_image_surface_get_height (png);
  cairo_surface_destroy (png);
  g_unlink (path);
  return height;
}

static inline SeqackSequenceView *
ui_test_sequence_view (GtkWidget *window)
{
  GType type = SEQACK_TYPE_SEQUENCE_VIEW;

  return SEQACK_SEQUENCE_VIEW (ui_test_find (window, ui_test_is_type,
                                             GSIZE_TO_POINTER (type)));
}

/* Translations from <builddir>/po, GTest, GTK, libadwaita and the app's
 * style sheet. No application: registering one needs a session bus,
 * which a test run does not have; the window works the same without,
 * but the style sheet an AdwApplication loads changes sizes, so it is
 * loaded here as the app does. */
static inline void
ui_test_init (int    *argc,
              char ***argv)
{
  const char *localedir = g_getenv ("SEQACK_LOCALEDIR");
  g_autoptr(GtkCssProvider) css = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();
  /* Revealing and folding jump to their end: a test sees at once what a
   * person sees once the animation is over. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE,
                NULL);

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/seqack/SeqAck/"
                                            "style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}
