/* seqack-preferences-window.c: the app's preferences.
 *
 * The rows are not g_settings_bind()ed: the schema may be missing (run
 * from the build folder), so they go through seqack-ui-settings, and
 * follow the settings when the window's own controls change them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "seqack-preferences-window.h"
#include "seqack-ui-settings.h"

struct _SeqackPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  gboolean              syncing;

  AdwComboRow          *language_row;
  GtkSpinButton        *latency_spin;
  GtkSpinButton        *loss_spin;
  GtkSpinButton        *msl_spin;
  GtkSwitch            *absolute_switch;
  GtkSwitch            *letters_switch;
  AdwComboRow          *speed_row;
  GtkSpinButton        *scale_spin;
};

G_DEFINE_FINAL_TYPE (SeqackPreferencesWindow, seqack_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

/* The values of the 'language' key, in the order of the rows' items;
 * "" follows the system. */
static const char *const languages[] = { "", "en", "zh_CN" };
static const double speeds[] = { 0.25, 0.5, 1.0, 2.0, 4.0, 8.0 };

static guint
language_index (const char *language)
{
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_strcmp0 (languages[i], language) == 0)
      return i;
  return 0;
}

static guint
speed_index (double speed)
{
  guint best = 2;

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (fabs (speeds[i] - speed) < fabs (speeds[best] - speed))
      best = i;
  return best;
}

/* Shows the settings' values (or the schema's defaults without them). */
static void
load (SeqackPreferencesWindow *self)
{
  g_autofree char *language = NULL;

  language = seqack_ui_settings_get_string (self->settings, "language", "");

  self->syncing = TRUE;
  adw_combo_row_set_selected (self->language_row, language_index (language));
  gtk_spin_button_set_value (self->latency_spin,
                             seqack_ui_settings_get_int (self->settings,
                                                         "latency-ms", 20));
  gtk_spin_button_set_value (self->loss_spin,
                             seqack_ui_settings_get_double (self->settings,
                                                            "loss-percent",
                                                            0));
  gtk_spin_button_set_value (self->msl_spin,
                             seqack_ui_settings_get_int (self->settings,
                                                         "msl-seconds", 30));
  gtk_switch_set_active (self->absolute_switch,
                         seqack_ui_settings_get_boolean (self->settings,
                                                         "absolute-seq",
                                                         FALSE));
  gtk_switch_set_active (self->letters_switch,
                         seqack_ui_settings_get_boolean (self->settings,
                                                         "show-letters",
                                                         FALSE));
  adw_combo_row_set_selected (self->speed_row,
                              speed_index (seqack_ui_settings_get_double (
                                             self->settings, "speed", 1.0)));
  gtk_spin_button_set_value (self->scale_spin,
                             seqack_ui_settings_get_double (
                               self->settings, "presentation-scale", 1.6));
  self->syncing = FALSE;
}

static void
on_settings_changed (SeqackPreferencesWindow *self,
                     const char              *key)
{
  if (!self->syncing)
    load (self);
}

static void
on_language_selected (SeqackPreferencesWindow *self)
{
  guint i = adw_combo_row_get_selected (self->language_row);

  if (self->syncing || i >= G_N_ELEMENTS (languages))
    return;
  self->syncing = TRUE;
  seqack_ui_settings_set_string (self->settings, "language", languages[i]);
  self->syncing = FALSE;
}

static void
on_speed_selected (SeqackPreferencesWindow *self)
{
  guint i = adw_combo_row_get_selected (self->speed_row);

  if (self->syncing || i >= G_N_ELEMENTS (speeds))
    return;
  self->syncing = TRUE;
  seqack_ui_settings_set_double (self->settings, "speed", speeds[i]);
  self->syncing = FALSE;
}

static void
on_spin_changed (SeqackPreferencesWindow *self,
                 GtkSpinButton           *spin)
{
  double value = gtk_spin_button_get_value (spin);

  if (self->syncing)
    return;
  self->syncing = TRUE;
  if (spin == self->latency_spin)
    seqack_ui_settings_set_int (self->settings, "latency-ms", (int) value);
  else if (spin == self->loss_spin)
    seqack_ui_settings_set_double (self->settings, "loss-percent", value);
  else if (spin == self->msl_spin)
    seqack_ui_settings_set_int (self->settings, "msl-seconds", (int) value);
  else if (spin == self->scale_spin)
    seqack_ui_settings_set_double (self->settings, "presentation-scale",
                                   value);
  self->syncing = FALSE;
}

static void
on_switch_changed (SeqackPreferencesWindow *self,
                   GParamSpec              *pspec,
                   GtkSwitch               *toggle)
{
  gboolean active = gtk_switch_get_active (toggle);

  if (self->syncing)
    return;
  self->syncing = TRUE;
  if (toggle == self->absolute_switch)
    seqack_ui_settings_set_boolean (self->settings, "absolute-seq", active);
  else if (toggle == self->letters_switch)
    seqack_ui_settings_set_boolean (self->settings, "show-letters", active);
  self->syncing = FALSE;
}

static void
seqack_preferences_window_dispose (GObject *object)
{
  SeqackPreferencesWindow *self = SEQACK_PREFERENCES_WINDOW (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self),
                               SEQACK_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (seqack_preferences_window_parent_class)->dispose (object);
}

static void
seqack_preferences_window_class_init (SeqackPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seqack_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH
                                               "/seqack-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class,
                                        SeqackPreferencesWindow,
                                        language_row);
  gtk_widget_class_bind_template_child (widget_class,
                                        SeqackPreferencesWindow,
                                        latency_spin);
  gtk_widget_class_bind_template_child (widget_class,
                                        SeqackPreferencesWindow, loss_spin);
  gtk_widget_class_bind_template_child (widget_class,
                                        SeqackPreferencesWindow, msl_spin);
  gtk_widget_class_bind_template_child (widget_class,
                                        SeqackPreferencesWindow,
                                        absolute_switch);
  gtk_widget_class_bind_template_child (widget_class,
                                        SeqackPreferencesWindow,
                                        letters_switch);
  gtk_widget_class_bind_template_child (widget_class,
                                        SeqackPreferencesWindow, speed_row);
  gtk_widget_class_bind_template_child (widget_class,
                                        SeqackPreferencesWindow, scale_spin);
  gtk_widget_class_bind_template_callback (widget_class,
                                           on_language_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_speed_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_spin_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_switch_changed);
}

static void
seqack_preferences_window_init (SeqackPreferencesWindow *self)
{
  g_autoptr(GtkStringList) model = NULL;

  /* Set before the template so building it does not write settings. */
  self->syncing = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Each language is named in itself, so a user who cannot read the
   * current one still finds their own. */
  model = gtk_string_list_new (NULL);
  gtk_string_list_append (model, C_("language", "System"));
  gtk_string_list_append (model, "English");
  gtk_string_list_append (model, "简体中文");
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (model));
  self->syncing = FALSE;
}

SeqackPreferencesWindow *
seqack_preferences_window_new (GtkWindow *parent,
                               GSettings *settings)
{
  SeqackPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SEQACK_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      g_signal_connect_swapped (settings, "changed",
                                G_CALLBACK (on_settings_changed), self);
    }
  load (self);

  return self;
}
