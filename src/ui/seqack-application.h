/* seqack-application.h: the GTK application, io.github.seqack.SeqAck. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SEQACK_TYPE_APPLICATION (seqack_application_get_type ())

G_DECLARE_FINAL_TYPE (SeqackApplication, seqack_application,
                      SEQACK, APPLICATION, AdwApplication)

SeqackApplication *seqack_application_new          (void);
/* The app's settings, or NULL when the schema is not installed (the app
 * then runs on defaults and remembers nothing). */
GSettings         *seqack_application_get_settings (SeqackApplication *self);
/* TRUE when a --screenshot or --scenario run failed (exit status 1). */
gboolean           seqack_application_get_failed   (SeqackApplication *self);

G_END_DECLS
