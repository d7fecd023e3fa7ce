/* seqack-glossary.h: the bilingual glossary (握手 handshake, 序号 sequence
 * number...), one click away from every lesson.
 *
 * A GKeyFile like the lessons (data/lessons/glossary.ini): one group per
 * term, in the order the file lists them, each with Term= and
 * Definition= and their translations (Term[zh_CN]=...).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SeqackGlossary SeqackGlossary;

/* The glossary compiled into the program. */
SeqackGlossary *seqack_glossary_new_builtin   (GError     **error);
void            seqack_glossary_free          (SeqackGlossary *glossary);

guint       seqack_glossary_get_n_terms (SeqackGlossary *glossary);
/* @lang: "zh_CN", "en", or NULL for the user's languages. */
char       *seqack_glossary_get_term       (SeqackGlossary *glossary,
                                            guint           index,
                                            const char     *lang);
char       *seqack_glossary_get_definition (SeqackGlossary *glossary,
                                            guint           index,
                                            const char     *lang);
/* Whether every Term and Definition has a @lang twin; @missing names the
 * first that has none. */
gboolean    seqack_glossary_check_translations (SeqackGlossary  *glossary,
                                                const char      *lang,
                                                char           **missing);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackGlossary, seqack_glossary_free)

G_END_DECLS
