/* seqack-settings.c: the app's settings as one object with properties.
 *
 * The properties' ranges and defaults are the schema's
 * (data/io.github.seqack.SeqAck.gschema.xml), so a value that a binding
 * accepts is one GSettings accepts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "seqack-settings.h"

struct _SeqackSettings
{
  GObject    parent_instance;

  GSettings *settings;   /* NULL: in memory only */
  GValue    *values;     /* [N_PROPS] */
};

enum {
  PROP_0,
  PROP_WINDOW_WIDTH,
  PROP_WINDOW_HEIGHT,
  PROP_WINDOW_MAXIMIZED,
  PROP_LATENCY_MS,
  PROP_LOSS_PERCENT,
  PROP_MSL_SECONDS,
  PROP_LINUX_RTO_MIN,
  PROP_INITIAL_WINDOW_10,
  PROP_NAGLE,
  PROP_ABSOLUTE_SEQ,
  PROP_SHOW_LETTERS,
  PROP_SPEED,
  PROP_LANGUAGE,
  PROP_SHOW_STATE_COLUMNS,
  PROP_PRESENTATION_SCALE,
  PROP_TEXT_SCALE,
  PROP_INSPECTOR_VISIBLE,
  PROP_INSPECTOR_HEIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SeqackSettings, seqack_settings, G_TYPE_OBJECT)

static void
seqack_settings_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SeqackSettings *self = SEQACK_SETTINGS (object);

  if (prop_id == 0 || prop_id >= N_PROPS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  g_value_copy (&self->values[prop_id], value);
}

static void
seqack_settings_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SeqackSettings *self = SEQACK_SETTINGS (object);

  if (prop_id == 0 || prop_id >= N_PROPS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  /* Notify only on a change: bindings in both directions end here. */
  if (g_param_values_cmp (pspec, &self->values[prop_id], value) == 0)
    return;
  g_value_copy (value, &self->values[prop_id]);
  g_object_notify_by_pspec (object, pspec);
}

static void
seqack_settings_finalize (GObject *object)
{
  SeqackSettings *self = SEQACK_SETTINGS (object);

  g_clear_object (&self->settings);
  for (guint i = 1; i < N_PROPS; i++)
    g_value_unset (&self->values[i]);
  g_free (self->values);

  G_OBJECT_CLASS (seqack_settings_parent_class)->finalize (object);
}

static void
seqack_settings_class_init (SeqackSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                            G_PARAM_STATIC_STRINGS;

  object_class->get_property = seqack_settings_get_property;
  object_class->set_property = seqack_settings_set_property;
  object_class->finalize = seqack_settings_finalize;

  properties[PROP_WINDOW_WIDTH] =
    g_param_spec_int ("window-width", NULL, NULL, G_MININT, G_MAXINT, 1280,
                      flags);
  properties[PROP_WINDOW_HEIGHT] =
    g_param_spec_int ("window-height", NULL, NULL, G_MININT, G_MAXINT, 800,
                      flags);
  properties[PROP_WINDOW_MAXIMIZED] =
    g_param_spec_boolean ("window-maximized", NULL, NULL, FALSE, flags);
  properties[PROP_LATENCY_MS] =
    g_param_spec_int ("latency-ms", NULL, NULL, 1, 2000, 20, flags);
  properties[PROP_LOSS_PERCENT] =
    g_param_spec_double ("loss-percent", NULL, NULL, 0, 100, 0, flags);
  properties[PROP_MSL_SECONDS] =
    g_param_spec_int ("msl-seconds", NULL, NULL, 1, 240, 30, flags);
  properties[PROP_LINUX_RTO_MIN] =
    g_param_spec_boolean ("linux-rto-min", NULL, NULL, FALSE, flags);
  properties[PROP_INITIAL_WINDOW_10] =
    g_param_spec_boolean ("initial-window-10", NULL, NULL, FALSE, flags);
  properties[PROP_NAGLE] =
    g_param_spec_boolean ("nagle", NULL, NULL, FALSE, flags);
  properties[PROP_ABSOLUTE_SEQ] =
    g_param_spec_boolean ("absolute-seq", NULL, NULL, FALSE, flags);
  properties[PROP_SHOW_LETTERS] =
    g_param_spec_boolean ("show-letters", NULL, NULL, FALSE, flags);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0.25, 8, 1.0, flags);
  /* "" follows the system; "en" or "zh_CN" (main.c reads it). */
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, "", flags);
  properties[PROP_SHOW_STATE_COLUMNS] =
    g_param_spec_boolean ("show-state-columns", NULL, NULL, TRUE, flags);
  properties[PROP_PRESENTATION_SCALE] =
    g_param_spec_double ("presentation-scale", NULL, NULL, 1.0, 4.0, 1.6,
                         flags);
  properties[PROP_TEXT_SCALE] =
    g_param_spec_double ("text-scale", NULL, NULL, 0.5, 3.0, 1.0, flags);
  properties[PROP_INSPECTOR_VISIBLE] =
    g_param_spec_boolean ("inspector-visible", NULL, NULL, TRUE, flags);
  properties[PROP_INSPECTOR_HEIGHT] =
    g_param_spec_int ("inspector-height", NULL, NULL, 80, 2000, 180, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
seqack_settings_init (SeqackSettings *self)
{
  self->values = g_new0 (GValue, N_PROPS);
  for (guint i = 1; i < N_PROPS; i++)
    {
      g_value_init (&self->values[i], properties[i]->value_type);
      g_param_value_set_default (properties[i], &self->values[i]);
    }
}

SeqackSettings *
seqack_settings_new (GSettings *settings)
{
  SeqackSettings *self;
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SEQACK_TYPE_SETTINGS, NULL);
  if (settings == NULL)
    return self;

  self->settings = g_object_ref (settings);
  g_object_get (settings, "settings-schema", &schema, NULL);
  /* An older installed schema may lack a key: that one stays in memory. */
  for (guint i = 1; i < N_PROPS; i++)
    if (g_settings_schema_has_key (schema, properties[i]->name))
      g_settings_bind (settings, properties[i]->name, self,
                       properties[i]->name, G_SETTINGS_BIND_DEFAULT);

  return self;
}

static const GValue *
lookup (SeqackSettings *self,
        const char     *key,
        GType           type)
{
  GParamSpec *pspec;

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), key);
  g_return_val_if_fail (pspec != NULL && pspec->value_type == type, NULL);

  return &self->values[pspec->param_id];
}

gboolean
seqack_settings_get_boolean (SeqackSettings *self,
                             const char     *key)
{
  const GValue *value;

  g_return_val_if_fail (SEQACK_IS_SETTINGS (self), FALSE);
  value = lookup (self, key, G_TYPE_BOOLEAN);
  return value != NULL && g_value_get_boolean (value);
}

int
seqack_settings_get_int (SeqackSettings *self,
                         const char     *key)
{
  const GValue *value;

  g_return_val_if_fail (SEQACK_IS_SETTINGS (self), 0);
  value = lookup (self, key, G_TYPE_INT);
  return value != NULL ? g_value_get_int (value) : 0;
}

double
seqack_settings_get_double (SeqackSettings *self,
                            const char     *key)
{
  const GValue *value;

  g_return_val_if_fail (SEQACK_IS_SETTINGS (self), 0.0);
  value = lookup (self, key, G_TYPE_DOUBLE);
  return value != NULL ? g_value_get_double (value) : 0.0;
}
