/* seqack-settings.h: the app's settings as one object with properties.
 *
 * Every key of the io.github.seqack.SeqAck schema is a property of the
 * same name ("latency-ms", "show-letters"...), bound to GSettings with
 * g_settings_bind() when the schema is installed, else kept in memory
 * with the schema's defaults (run from a build folder). Widgets bind
 * their controls to these properties with GBinding: nothing copies a
 * setting by hand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SEQACK_TYPE_SETTINGS (seqack_settings_get_type ())

G_DECLARE_FINAL_TYPE (SeqackSettings, seqack_settings,
                      SEQACK, SETTINGS, GObject)

/* Bound to @settings (NULL: in memory only). */
SeqackSettings *seqack_settings_new (GSettings *settings);

/* Shortcuts for reading a property. */
gboolean seqack_settings_get_boolean (SeqackSettings *self,
                                      const char     *key);
int      seqack_settings_get_int     (SeqackSettings *self,
                                      const char     *key);
double   seqack_settings_get_double  (SeqackSettings *self,
                                      const char     *key);

G_END_DECLS
