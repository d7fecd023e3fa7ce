/* seqack-glossary-window.c: the bilingual glossary, searchable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "seqack-glossary.h"
#include "seqack-glossary-window.h"

struct _SeqackGlossaryWindow
{
  AdwWindow       parent_instance;

  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  GtkListBox     *list;

  char           *search;   /* casefolded, or NULL */
  guint           n_shown;
};

G_DEFINE_FINAL_TYPE (SeqackGlossaryWindow, seqack_glossary_window,
                     ADW_TYPE_WINDOW)

/* What a search looks through: both terms and the definition, folded. */
#define ROW_KEY "seqack-glossary-haystack"

static GtkWidget *
new_row (const char *term,
         const char *twin,
         const char *definition)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label;
  g_autofree char *haystack = NULL;
  g_autofree char *folded = NULL;

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  label = gtk_label_new (term);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (heading), label);
  if (twin != NULL)
    {
      label = gtk_label_new (twin);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (heading), label);
    }
  gtk_box_append (GTK_BOX (box), heading);

  label = gtk_label_new (definition);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), label);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);

  haystack = g_strjoin ("\n", term, twin != NULL ? twin : "", definition,
                        NULL);
  folded = g_utf8_casefold (haystack, -1);
  g_object_set_data_full (G_OBJECT (row), ROW_KEY, g_steal_pointer (&folded),
                          g_free);

  return row;
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  SeqackGlossaryWindow *self = user_data;
  const char *haystack = g_object_get_data (G_OBJECT (row), ROW_KEY);
  gboolean shown = self->search == NULL ||
                   strstr (haystack, self->search) != NULL;

  self->n_shown += shown;
  return shown;
}

static void
refilter (SeqackGlossaryWindow *self)
{
  self->n_shown = 0;
  gtk_list_box_invalidate_filter (self->list);
  gtk_stack_set_visible_child_name (self->stack,
                                    self->n_shown > 0 ? "terms" : "empty");
}

static void
on_search_changed (SeqackGlossaryWindow *self)
{
  seqack_glossary_window_set_search (self,
                                     gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
seqack_glossary_window_finalize (GObject *object)
{
  SeqackGlossaryWindow *self = SEQACK_GLOSSARY_WINDOW (object);

  g_free (self->search);

  G_OBJECT_CLASS (seqack_glossary_window_parent_class)->finalize (object);
}

static void
seqack_glossary_window_class_init (SeqackGlossaryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = seqack_glossary_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/seqack/SeqAck/"
                                               "seqack-glossary-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SeqackGlossaryWindow,
                                        search_entry);
  gtk_widget_class_bind_template_child (widget_class, SeqackGlossaryWindow,
                                        stack);
  gtk_widget_class_bind_template_child (widget_class, SeqackGlossaryWindow,
                                        list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "window.close", NULL);
}

static void
seqack_glossary_window_init (SeqackGlossaryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_filter_func (self->list, filter_row, self, NULL);
  g_signal_connect_swapped (self->search_entry, "search-changed",
                            G_CALLBACK (on_search_changed), self);
  gtk_search_entry_set_key_capture_widget (self->search_entry,
                                           GTK_WIDGET (self));
}

static void
fill (SeqackGlossaryWindow *self,
      const char           *lang)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackGlossary) glossary = seqack_glossary_new_builtin (&error);

  if (glossary == NULL)
    {
      g_critical ("Built-in glossary: %s", error->message);
      return;
    }

  for (guint i = 0; i < seqack_glossary_get_n_terms (glossary); i++)
    {
      g_autofree char *term = seqack_glossary_get_term (glossary, i, lang);
      g_autofree char *english = seqack_glossary_get_term (glossary, i, "en");
      g_autofree char *chinese = seqack_glossary_get_term (glossary, i,
                                                           "zh_CN");
      g_autofree char *definition =
        seqack_glossary_get_definition (glossary, i, lang);
      /* The twin is the term in the other language. */
      const char *twin = g_strcmp0 (term, english) == 0 ? chinese : english;

      if (g_strcmp0 (twin, term) == 0)
        twin = NULL;
      gtk_list_box_append (self->list, new_row (term, twin, definition));
    }
}

SeqackGlossaryWindow *
seqack_glossary_window_new (const char *lang)
{
  SeqackGlossaryWindow *self = g_object_new (SEQACK_TYPE_GLOSSARY_WINDOW,
                                             NULL);

  fill (self, lang);
  refilter (self);

  return self;
}

void
seqack_glossary_window_set_search (SeqackGlossaryWindow *self,
                                   const char           *text)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (SEQACK_IS_GLOSSARY_WINDOW (self));

  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_clear_pointer (&self->search, g_free);
  if (*stripped != '\0')
    self->search = g_utf8_casefold (stripped, -1);
  refilter (self);
}

guint
seqack_glossary_window_get_n_shown (SeqackGlossaryWindow *self)
{
  g_return_val_if_fail (SEQACK_IS_GLOSSARY_WINDOW (self), 0);

  return self->n_shown;
}
