/* seqack-inspector-layout.h: where the inspector's three parts go.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The header fields, the summary (title, flags, explanation, variables)
 * and the hex dump. */
typedef struct
{
  GtkWidget *fields;
  GtkWidget *summary;
  GtkWidget *hex;
  int        hex_width; /* a row of the dump, whatever the text view
                         * measured so far */
} SeqackInspectorParts;

void _seqack_inspector_layout_measure  (const SeqackInspectorParts *parts,
                                        GtkOrientation              orientation,
                                        int                         for_size,
                                        int                        *minimum,
                                        int                        *natural);
void _seqack_inspector_layout_allocate (const SeqackInspectorParts *parts,
                                        int                         width,
                                        int                         height);

G_END_DECLS
