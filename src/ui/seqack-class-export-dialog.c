/* seqack-class-export-dialog.c: "Export for a Class…".
 *
 * A thin window over the lesson layer's class export (seqack-quiz-export.h),
 * the same code as `seqack-cli lesson --variants`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "seqack-class-export-dialog.h"
#include "seqack-file-chooser.h"
#include "seqack-quiz-export.h"

#define RESOURCE_PATH "/io/github/seqack/SeqAck"

struct _SeqackClassExportDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkSpinButton  *students_spin;
  GtkDropDown    *language_dropdown;
  GtkEntry       *seed_entry;
  GtkCheckButton *xml_check;
  GtkCheckButton *gift_check;
  GtkCheckButton *worksheets_check;
  GtkCheckButton *key_check;
  GtkLabel       *status_label;

  SeqackLesson   *lesson;
};

G_DEFINE_FINAL_TYPE (SeqackClassExportDialog, seqack_class_export_dialog,
                     ADW_TYPE_WINDOW)

static void
show_status (SeqackClassExportDialog *self,
             const char              *text,
             gboolean                 error)
{
  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static const char *
chosen_language (SeqackClassExportDialog *self)
{
  return gtk_drop_down_get_selected (self->language_dropdown) == 1
         ? "zh_CN" : "en";
}

/* @path without a known extension: the set's files are named after it. */
static char *
base_of (const char *path)
{
  static const char *const exts[] = { ".xml", ".gift", ".pdf", ".txt" };

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    if (g_str_has_suffix (path, exts[i]))
      return g_strndup (path, strlen (path) - strlen (exts[i]));
  return g_strdup (path);
}

gboolean
seqack_class_export_dialog_export_to (SeqackClassExportDialog  *self,
                                      const char               *path,
                                      GError                  **error)
{
  const char *lang = chosen_language (self);
  guint n = (guint) gtk_spin_button_get_value_as_int (self->students_spin);
  const char *seed_text = gtk_editable_get_text (GTK_EDITABLE (self->seed_entry));
  g_autofree char *base = NULL;
  g_autofree char *old_language = NULL;
  g_autoptr(GPtrArray) variants = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func (
    (GDestroyNotify) g_bytes_unref);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *status = NULL;
  gboolean had_language;
  guint64 seed;

  g_return_val_if_fail (SEQACK_IS_CLASS_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &seed,
                                   NULL))
    {
      g_set_error (&local_error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("The base seed must be a whole number, not “%s”"),
                   seed_text);
      goto fail;
    }

  base = base_of (path);
  if (gtk_check_button_get_active (self->xml_check))
    g_ptr_array_add (paths, g_strconcat (base, ".xml", NULL));
  if (gtk_check_button_get_active (self->gift_check))
    g_ptr_array_add (paths, g_strconcat (base, ".gift", NULL));
  if (gtk_check_button_get_active (self->worksheets_check))
    g_ptr_array_add (paths, g_strconcat (base, "-worksheets.pdf", NULL));
  if (gtk_check_button_get_active (self->key_check))
    g_ptr_array_add (paths, g_strconcat (base, "-key.pdf", NULL));
  if (paths->len == 0)
    {
      g_set_error (&local_error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("Choose at least one format"));
      goto fail;
    }
  for (guint i = 0; i < paths->len; i++)
    if (!seqack_quiz_export_check_path (g_ptr_array_index (paths, i),
                                        &local_error))
      goto fail;

  /* SeqAck's own words on the sheets ("Question 1", "Answer:") follow the
   * chosen language, not the window's: gettext reads LANGUAGE at every
   * look-up, so it is set for the export and put back after it. */
  had_language = g_getenv ("LANGUAGE") != NULL;
  old_language = g_strdup (g_getenv ("LANGUAGE"));
  g_setenv ("LANGUAGE", lang, TRUE);

  variants = seqack_quiz_class_new (self->lesson, seed, n, lang,
                                    &local_error);
  for (guint i = 0; variants != NULL && i < paths->len; i++)
    {
      const char *p = g_ptr_array_index (paths, i);
      GBytes *bytes = NULL;

      if (g_str_has_suffix (p, ".xml"))
        {
          char *xml = seqack_quiz_export_moodle_xml (variants, &local_error);

          if (xml != NULL)
            bytes = g_bytes_new_take (xml, strlen (xml));
        }
      else if (g_str_has_suffix (p, ".gift"))
        {
          char *gift = seqack_quiz_export_gift (variants);

          bytes = g_bytes_new_take (gift, strlen (gift));
        }
      else
        bytes = seqack_quiz_export_worksheets (variants,
                                               g_str_has_suffix (p,
                                                                 "-key.pdf"),
                                               &local_error);
      if (bytes == NULL)
        break;
      g_ptr_array_add (contents, bytes);
    }

  if (had_language)
    g_setenv ("LANGUAGE", old_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");

  if (local_error != NULL)
    goto fail;
  if (!seqack_quiz_export_write_files ((const char *const *) paths->pdata,
                                       (GBytes *const *) contents->pdata,
                                       paths->len, &local_error))
    goto fail;

  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *name = g_path_get_basename (g_ptr_array_index (paths,
                                                                      i));

      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, name);
    }
  {
    g_autofree char *seed_str = g_strdup_printf ("%" G_GUINT64_FORMAT, seed);

    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Wrote %s for %u student (base "
                                           "seed %s).",
                                           "Wrote %s for %u students (base "
                                           "seed %s).", n),
                              names->str, n, seed_str);
  }
  show_status (self, status, FALSE);
  return TRUE;

fail:
  show_status (self, local_error->message, TRUE);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
on_file_chosen (GObject  *owner,
                GFile    *file,
                gpointer  data)
{
  SeqackClassExportDialog *self = SEQACK_CLASS_EXPORT_DIALOG (owner);
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      show_status (self, _("Choose a folder on this computer"), TRUE);
      return;
    }
  seqack_class_export_dialog_export_to (self, path, NULL);
}

static void
action_export (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SeqackClassExportDialog *self = SEQACK_CLASS_EXPORT_DIALOG (widget);
  g_autofree char *name = g_strdup_printf ("%s-class",
                                           seqack_lesson_get_name (self->lesson));

  seqack_choose_file (widget, TRUE, _("Export for a Class"), name, NULL,
                      G_OBJECT (self), on_file_chosen, NULL);
}

static void
seqack_class_export_dialog_finalize (GObject *object)
{
  SeqackClassExportDialog *self = SEQACK_CLASS_EXPORT_DIALOG (object);

  g_clear_pointer (&self->lesson, seqack_lesson_unref);

  G_OBJECT_CLASS (seqack_class_export_dialog_parent_class)->finalize (object);
}

static void
seqack_class_export_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object),
                               SEQACK_TYPE_CLASS_EXPORT_DIALOG);

  G_OBJECT_CLASS (seqack_class_export_dialog_parent_class)->dispose (object);
}

static void
seqack_class_export_dialog_class_init (SeqackClassExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seqack_class_export_dialog_dispose;
  object_class->finalize = seqack_class_export_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH
                                               "/seqack-class-export-dialog.ui");
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, \
                                        SeqackClassExportDialog, name)
  BIND (window_title);
  BIND (students_spin);
  BIND (language_dropdown);
  BIND (seed_entry);
  BIND (xml_check);
  BIND (gift_check);
  BIND (worksheets_check);
  BIND (key_check);
  BIND (status_label);
#undef BIND

  gtk_widget_class_install_action (widget_class, "class-export.export", NULL,
                                   action_export);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return,
                                       GDK_CONTROL_MASK,
                                       "class-export.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w,
                                       GDK_CONTROL_MASK, "window.close",
                                       NULL);
}

static void
seqack_class_export_dialog_init (SeqackClassExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SeqackClassExportDialog *
seqack_class_export_dialog_new (GtkWindow    *parent,
                                SeqackLesson *lesson,
                                const char   *lang)
{
  SeqackClassExportDialog *self;
  g_autofree char *title = NULL;
  g_autofree char *seed = NULL;

  g_return_val_if_fail (lesson != NULL, NULL);

  self = g_object_new (SEQACK_TYPE_CLASS_EXPORT_DIALOG,
                       "transient-for", parent, NULL);
  self->lesson = seqack_lesson_ref (lesson);
  title = seqack_lesson_get_title (lesson, lang);
  adw_window_title_set_subtitle (self->window_title, title);
  seqack_class_export_dialog_set_language (self, lang);

  /* A fresh set each time the window opens; the seed is shown so the
   * teacher can make the same set again. */
  seed = g_strdup_printf ("%u", g_random_int_range (100000, 1000000000));
  gtk_editable_set_text (GTK_EDITABLE (self->seed_entry), seed);
  return self;
}

SeqackLesson *
seqack_class_export_dialog_get_lesson (SeqackClassExportDialog *self)
{
  g_return_val_if_fail (SEQACK_IS_CLASS_EXPORT_DIALOG (self), NULL);

  return self->lesson;
}

void
seqack_class_export_dialog_set_students (SeqackClassExportDialog *self,
                                         guint                    n)
{
  g_return_if_fail (SEQACK_IS_CLASS_EXPORT_DIALOG (self));

  gtk_spin_button_set_value (self->students_spin, n);
}

void
seqack_class_export_dialog_set_seed (SeqackClassExportDialog *self,
                                     guint64                  seed)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, seed);

  g_return_if_fail (SEQACK_IS_CLASS_EXPORT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->seed_entry), text);
}

void
seqack_class_export_dialog_set_formats (SeqackClassExportDialog  *self,
                                        SeqackClassExportFormats  formats)
{
  g_return_if_fail (SEQACK_IS_CLASS_EXPORT_DIALOG (self));

  gtk_check_button_set_active (self->xml_check,
                               formats & SEQACK_CLASS_EXPORT_MOODLE_XML);
  gtk_check_button_set_active (self->gift_check,
                               formats & SEQACK_CLASS_EXPORT_GIFT);
  gtk_check_button_set_active (self->worksheets_check,
                               formats & SEQACK_CLASS_EXPORT_WORKSHEETS);
  gtk_check_button_set_active (self->key_check,
                               formats & SEQACK_CLASS_EXPORT_KEY);
}

void
seqack_class_export_dialog_set_language (SeqackClassExportDialog *self,
                                         const char              *lang)
{
  gboolean zh;

  g_return_if_fail (SEQACK_IS_CLASS_EXPORT_DIALOG (self));

  if (lang != NULL)
    zh = g_str_has_prefix (lang, "zh");
  else
    {
      const char *const *langs = g_get_language_names ();

      zh = langs[0] != NULL && g_str_has_prefix (langs[0], "zh");
    }
  gtk_drop_down_set_selected (self->language_dropdown, zh ? 1 : 0);
}

const char *
seqack_class_export_dialog_get_status (SeqackClassExportDialog *self)
{
  g_return_val_if_fail (SEQACK_IS_CLASS_EXPORT_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->status_label)))
    return NULL;
  return gtk_label_get_text (self->status_label);
}
