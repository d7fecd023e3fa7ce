/* seqack-ui-settings.c: GSettings that may be missing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "seqack-ui-settings.h"

GSettings *
seqack_ui_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* g_settings_new() aborts on a missing schema: look it up first. */
  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

static gboolean
has_key (GSettings          *settings,
         const char         *key,
         const GVariantType *type)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  const GVariantType *key_type;

  if (settings == NULL)
    return FALSE;

  g_object_get (settings, "settings-schema", &schema, NULL);
  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    return FALSE;
  schema_key = g_settings_schema_get_key (schema, key);
  key_type = g_settings_schema_key_get_value_type (schema_key);

  return g_variant_type_equal (key_type, type);
}

int
seqack_ui_settings_get_int (GSettings  *settings,
                            const char *key,
                            int         fallback)
{
  if (!has_key (settings, key, G_VARIANT_TYPE_INT32))
    return fallback;
  return g_settings_get_int (settings, key);
}

double
seqack_ui_settings_get_double (GSettings  *settings,
                               const char *key,
                               double      fallback)
{
  if (!has_key (settings, key, G_VARIANT_TYPE_DOUBLE))
    return fallback;
  return g_settings_get_double (settings, key);
}

char *
seqack_ui_settings_get_string (GSettings  *settings,
                               const char *key,
                               const char *fallback)
{
  if (!has_key (settings, key, G_VARIANT_TYPE_STRING))
    return g_strdup (fallback);
  return g_settings_get_string (settings, key);
}

/* Writing a value outside a key's range is a critical warning: clamp. */
static GVariant *
clamp_to_range (GSettings  *settings,
                const char *key,
                GVariant   *value)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) bounds = NULL;
  const char *kind;

  g_variant_ref_sink (value);
  g_object_get (settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  if (g_settings_schema_key_range_check (schema_key, value))
    return value;

  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&sv)", &kind, &bounds);
  if (g_str_equal (kind, "range"))
    {
      g_autoptr(GVariant) min = g_variant_get_child_value (bounds, 0);
      g_autoptr(GVariant) max = g_variant_get_child_value (bounds, 1);
      GVariant *clamped = g_variant_compare (value, min) < 0 ? min : max;

      g_variant_unref (value);
      return g_variant_ref (clamped);
    }

  g_variant_unref (value);
  return NULL;
}

static void
set_value (GSettings          *settings,
           const char         *key,
           const GVariantType *type,
           GVariant           *value)
{
  g_autoptr(GVariant) clamped = NULL;

  if (!has_key (settings, key, type))
    {
      g_variant_unref (g_variant_ref_sink (value));
      return;
    }

  clamped = clamp_to_range (settings, key, value);
  if (clamped != NULL)
    g_settings_set_value (settings, key, clamped);
}

void
seqack_ui_settings_set_int (GSettings  *settings,
                            const char *key,
                            int         value)
{
  set_value (settings, key, G_VARIANT_TYPE_INT32, g_variant_new_int32 (value));
}

GSettings *
seqack_ui_settings_bind_text_scale (GObject *object)
{
  GSettings *settings = seqack_ui_settings_new ();

  g_return_val_if_fail (G_IS_OBJECT (object), NULL);

  if (!has_key (settings, "text-scale", G_VARIANT_TYPE_DOUBLE))
    {
      g_clear_object (&settings);
      return NULL;
    }
  /* Read only: the text-size control writes the key. */
  g_settings_bind (settings, "text-scale", object, "text-scale",
                   G_SETTINGS_BIND_GET);
  return settings;
}
