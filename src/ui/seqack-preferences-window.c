/* seqack-preferences-window.c: the app's preferences.
 *
 * Every row is bound to one property of a SeqackSettings, which is bound
 * to the GSettings key of the same name: a change made here, in the main
 * window or with gsettings shows everywhere at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "seqack-preferences-window.h"
#include "seqack-settings.h"

struct _SeqackPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  SeqackSettings       *settings;

  AdwComboRow          *language_row;
  GtkSpinButton        *latency_spin;
  GtkSpinButton        *loss_spin;
  GtkSpinButton        *msl_spin;
  GtkSwitch            *rto_min_switch;
  GtkSwitch            *iw10_switch;
  GtkSwitch            *nagle_switch;
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

static gboolean
language_to_row (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  const char *language = g_value_get_string (from);
  guint index = 0;

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_strcmp0 (languages[i], language) == 0)
      index = i;
  g_value_set_uint (to, index);
  return TRUE;
}

static gboolean
row_to_language (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  guint i = g_value_get_uint (from);

  if (i >= G_N_ELEMENTS (languages))
    return FALSE;
  g_value_set_string (to, languages[i]);
  return TRUE;
}

/* The nearest of the menu's speeds (the key may hold any in its range). */
static gboolean
speed_to_row (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      user_data)
{
  double speed = g_value_get_double (from);
  guint best = 2;

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (fabs (speeds[i] - speed) < fabs (speeds[best] - speed))
      best = i;
  g_value_set_uint (to, best);
  return TRUE;
}

static gboolean
row_to_speed (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      user_data)
{
  guint i = g_value_get_uint (from);

  if (i >= G_N_ELEMENTS (speeds))
    return FALSE;
  g_value_set_double (to, speeds[i]);
  return TRUE;
}

static void
bind_spin (SeqackPreferencesWindow *self,
           const char              *key,
           GtkSpinButton           *spin)
{
  g_object_bind_property (self->settings, key,
                          gtk_spin_button_get_adjustment (spin), "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

static void
seqack_preferences_window_dispose (GObject *object)
{
  SeqackPreferencesWindow *self = SEQACK_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self),
                               SEQACK_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

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
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, \
                                        SeqackPreferencesWindow, name)
  BIND (language_row);
  BIND (latency_spin);
  BIND (loss_spin);
  BIND (msl_spin);
  BIND (rto_min_switch);
  BIND (iw10_switch);
  BIND (nagle_switch);
  BIND (absolute_switch);
  BIND (letters_switch);
  BIND (speed_row);
  BIND (scale_spin);
#undef BIND
}

static void
seqack_preferences_window_init (SeqackPreferencesWindow *self)
{
  g_autoptr(GtkStringList) model = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Each language is named in itself, so a user who cannot read the
   * current one still finds their own. */
  model = gtk_string_list_new (NULL);
  gtk_string_list_append (model, C_("language", "System"));
  gtk_string_list_append (model, "English");
  gtk_string_list_append (model, "简体中文");
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (model));
}

SeqackPreferencesWindow *
seqack_preferences_window_new (GtkWindow *parent,
                               GSettings *settings)
{
  SeqackPreferencesWindow *self;
  const GBindingFlags both = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SEQACK_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->settings = seqack_settings_new (settings);

  g_object_bind_property_full (self->settings, "language",
                               self->language_row, "selected", both,
                               language_to_row, row_to_language, NULL, NULL);
  bind_spin (self, "latency-ms", self->latency_spin);
  bind_spin (self, "loss-percent", self->loss_spin);
  bind_spin (self, "msl-seconds", self->msl_spin);
  bind_spin (self, "presentation-scale", self->scale_spin);
  g_object_bind_property (self->settings, "linux-rto-min",
                          self->rto_min_switch, "active", both);
  g_object_bind_property (self->settings, "initial-window-10",
                          self->iw10_switch, "active", both);
  g_object_bind_property (self->settings, "nagle",
                          self->nagle_switch, "active", both);
  g_object_bind_property (self->settings, "absolute-seq",
                          self->absolute_switch, "active", both);
  g_object_bind_property (self->settings, "show-letters",
                          self->letters_switch, "active", both);
  g_object_bind_property_full (self->settings, "speed",
                               self->speed_row, "selected", both,
                               speed_to_row, row_to_speed, NULL, NULL);

  return self;
}
