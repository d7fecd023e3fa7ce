/* seqack-glossary.c: the bilingual glossary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "seqack-error.h"
#include "seqack-glossary.h"
#include "seqack-lessons-resources.h"

#define GLOSSARY_RESOURCE "/io/github/seqack/SeqAck/lessons/glossary.ini"

struct _SeqackGlossary
{
  GKeyFile *keyfile;
  GStrv     ids;
};

void
seqack_glossary_free (SeqackGlossary *glossary)
{
  if (glossary == NULL)
    return;

  g_key_file_unref (glossary->keyfile);
  g_strfreev (glossary->ids);
  g_free (glossary);
}

static SeqackGlossary *
glossary_new_from_data (const char  *text,
                        gssize       len,
                        const char  *origin,
                        GError     **error)
{
  g_autoptr(SeqackGlossary) glossary = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  glossary = g_new0 (SeqackGlossary, 1);
  glossary->keyfile = g_key_file_new ();
  if (!g_key_file_load_from_data (glossary->keyfile, text,
                                  len < 0 ? (gsize) -1 : (gsize) len,
                                  G_KEY_FILE_KEEP_TRANSLATIONS, &local_error))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED, "%s: %s",
                   origin, local_error->message);
      return NULL;
    }

  glossary->ids = g_key_file_get_groups (glossary->keyfile, NULL);
  for (guint i = 0; glossary->ids[i] != NULL; i++)
    if (!g_key_file_has_key (glossary->keyfile, glossary->ids[i], "Term",
                             NULL) ||
        !g_key_file_has_key (glossary->keyfile, glossary->ids[i],
                             "Definition", NULL))
      {
        g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                     _("%s: [%s] needs a Term and a Definition"), origin,
                     glossary->ids[i]);
        return NULL;
      }

  return g_steal_pointer (&glossary);
}

SeqackGlossary *
seqack_glossary_new_builtin (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_resource_lookup_data (seqack_lessons_get_resource (),
                                  GLOSSARY_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (bytes != NULL); /* compiled in by meson */

  return glossary_new_from_data (g_bytes_get_data (bytes, NULL),
                                 g_bytes_get_size (bytes), "glossary.ini",
                                 error);
}

guint
seqack_glossary_get_n_terms (SeqackGlossary *glossary)
{
  g_return_val_if_fail (glossary != NULL, 0);

  return g_strv_length (glossary->ids);
}

static char *
get_string (SeqackGlossary *glossary,
            guint           index,
            const char     *key,
            const char     *lang)
{
  char *value;

  g_return_val_if_fail (glossary != NULL, NULL);
  g_return_val_if_fail (index < seqack_glossary_get_n_terms (glossary), NULL);

  value = g_key_file_get_locale_string (glossary->keyfile,
                                        glossary->ids[index], key, lang,
                                        NULL);
  return value != NULL ? g_strstrip (value) : NULL;
}

char *
seqack_glossary_get_term (SeqackGlossary *glossary,
                          guint           index,
                          const char     *lang)
{
  return get_string (glossary, index, "Term", lang);
}

char *
seqack_glossary_get_definition (SeqackGlossary *glossary,
                                guint           index,
                                const char     *lang)
{
  return get_string (glossary, index, "Definition", lang);
}

gboolean
seqack_glossary_check_translations (SeqackGlossary  *glossary,
                                    const char      *lang,
                                    char           **missing)
{
  static const char *const keys[] = { "Term", "Definition" };

  g_return_val_if_fail (glossary != NULL, FALSE);
  g_return_val_if_fail (lang != NULL, FALSE);

  for (guint i = 0; glossary->ids[i] != NULL; i++)
    for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
      {
        g_autofree char *twin = g_strdup_printf ("%s[%s]", keys[k], lang);

        if (!g_key_file_has_key (glossary->keyfile, glossary->ids[i], twin,
                                 NULL))
          {
            if (missing != NULL)
              *missing = g_strdup_printf ("[%s] %s", glossary->ids[i],
                                          keys[k]);
            return FALSE;
          }
      }

  return TRUE;
}
