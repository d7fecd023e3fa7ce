/* seqack-glossary-window.h: the bilingual glossary (握手 handshake,
 * 序号 sequence number...) in a window of its own, searchable in both
 * languages, so it can stay open beside the lesson.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SEQACK_TYPE_GLOSSARY_WINDOW (seqack_glossary_window_get_type ())

G_DECLARE_FINAL_TYPE (SeqackGlossaryWindow, seqack_glossary_window,
                      SEQACK, GLOSSARY_WINDOW, AdwWindow)

/* Terms and definitions in @lang ("zh_CN", "en"), or NULL for the user's
 * languages; each term also shows its twin in the other language. */
SeqackGlossaryWindow *seqack_glossary_window_new (const char *lang);

/* Shows only the terms matching @text in either language ("" for all). */
void  seqack_glossary_window_set_search  (SeqackGlossaryWindow *self,
                                          const char           *text);
/* Rows shown now, for tests. */
guint seqack_glossary_window_get_n_shown (SeqackGlossaryWindow *self);

G_END_DECLS
