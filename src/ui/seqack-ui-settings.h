/* seqack-ui-settings.h: GSettings that may be missing.
 *
 * Running from a build folder or a broken install must never abort, so
 * the schema is looked up first and every read has a default.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The app's settings, or NULL when the io.github.seqack.SeqAck schema is
 * not installed. */
GSettings *seqack_ui_settings_new (void);

/* Reads @key, or returns @fallback when @settings is NULL or has no such
 * key of that type. */
int      seqack_ui_settings_get_int     (GSettings  *settings,
                                         const char *key,
                                         int         fallback);
double   seqack_ui_settings_get_double  (GSettings  *settings,
                                         const char *key,
                                         double      fallback);
/* Newly allocated. */
char    *seqack_ui_settings_get_string  (GSettings  *settings,
                                         const char *key,
                                         const char *fallback);

/* Writes @key when @settings is not NULL and has it; values outside the
 * key's range are clamped to it rather than refused. */
void seqack_ui_settings_set_int     (GSettings  *settings,
                                     const char *key,
                                     int         value);

/* Binds @object's "text-scale" property to the setting of that name, so
 * the drawings follow the text-size control. Returns the settings, to keep
 * as long as @object lives, or NULL when there is no such key. */
GSettings *seqack_ui_settings_bind_text_scale (GObject *object);

G_END_DECLS
