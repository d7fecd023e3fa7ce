/* seqack-preferences-window.h: the app's preferences.
 *
 * Every row reads and writes one key of the io.github.seqack.SeqAck
 * settings; without the schema (uninstalled, no GSETTINGS_SCHEMA_DIR) the
 * rows still work but nothing is kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SEQACK_TYPE_PREFERENCES_WINDOW (seqack_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SeqackPreferencesWindow, seqack_preferences_window,
                      SEQACK, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @settings may be NULL (no schema). */
SeqackPreferencesWindow *seqack_preferences_window_new (GtkWindow *parent,
                                                        GSettings *settings);

G_END_DECLS
