/* seqack-application.h: the GTK application, io.github.seqack.SeqAck.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "seqack-settings.h"

G_BEGIN_DECLS

#define SEQACK_TYPE_APPLICATION (seqack_application_get_type ())

G_DECLARE_FINAL_TYPE (SeqackApplication, seqack_application,
                      SEQACK, APPLICATION, AdwApplication)

SeqackApplication *seqack_application_new          (void);
/* The app's settings (after startup); without the schema installed they
 * are the defaults and nothing is remembered. */
SeqackSettings    *seqack_application_get_settings (SeqackApplication *self);
/* TRUE when a --screenshot or --scenario run failed (exit status 1). */
gboolean           seqack_application_get_failed   (SeqackApplication *self);

G_END_DECLS
