/* seqack-class-export-dialog.h: "Export for a Class…" of the lesson panel.
 *
 * A quiz for every student, as `seqack-cli lesson --variants` makes it:
 * the number of students, the formats (Moodle XML with diagrams, GIFT,
 * A4 worksheets, their answer key), the language and the base seed (drawn
 * when the window opens and shown, so the same set can be made again).
 * The files are named after the one the teacher chooses: NAME.xml,
 * NAME.gift, NAME-worksheets.pdf and NAME-key.pdf; all are written, or
 * none.
 */
#pragma once

#include <adwaita.h>

#include "seqack-lesson.h"

G_BEGIN_DECLS

#define SEQACK_TYPE_CLASS_EXPORT_DIALOG (seqack_class_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SeqackClassExportDialog, seqack_class_export_dialog,
                      SEQACK, CLASS_EXPORT_DIALOG, AdwWindow)

/* For @lesson, in @lang (the panel's: "zh_CN", or NULL for the user's). */
SeqackClassExportDialog *seqack_class_export_dialog_new (GtkWindow    *parent,
                                                         SeqackLesson *lesson,
                                                         const char   *lang);

SeqackLesson *seqack_class_export_dialog_get_lesson   (SeqackClassExportDialog *self);
void          seqack_class_export_dialog_set_students (SeqackClassExportDialog *self,
                                                       guint                    n);
void          seqack_class_export_dialog_set_seed     (SeqackClassExportDialog *self,
                                                       guint64                  seed);

typedef enum
{
  SEQACK_CLASS_EXPORT_MOODLE_XML = 1 << 0,
  SEQACK_CLASS_EXPORT_GIFT       = 1 << 1,
  SEQACK_CLASS_EXPORT_WORKSHEETS = 1 << 2,
  SEQACK_CLASS_EXPORT_KEY        = 1 << 3,
} SeqackClassExportFormats;

void seqack_class_export_dialog_set_formats  (SeqackClassExportDialog  *self,
                                              SeqackClassExportFormats  formats);
/* "en" or "zh_CN". */
void seqack_class_export_dialog_set_language (SeqackClassExportDialog *self,
                                              const char              *lang);

/* What Export does once a file is chosen: the chosen formats of the set
 * beside @path (its extension, if any, replaced). The result is also shown
 * in the window; see _get_status. */
gboolean    seqack_class_export_dialog_export_to  (SeqackClassExportDialog  *self,
                                                   const char               *path,
                                                   GError                  **error);
const char *seqack_class_export_dialog_get_status (SeqackClassExportDialog *self);

G_END_DECLS
