/* seqack-inspector-layout.c: the inspector's parts side by side where
 * they fit, else the summary first and the rest under it.
 *
 * Under a wide diagram the fields, the summary and the hex dump stand in
 * a row, as before. Under the narrow diagram of a 1024 px projector (or
 * beside the lessons) a row would cut the summary and the dump off: the
 * summary takes the whole width, and the fields and the dump go under it,
 * side by side if both fit, else one under the other. Nothing is ever
 * cut off or scrolled sideways; the inspector's own scroller scrolls
 * down.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "seqack-inspector-layout.h"

#define SPACING     12
#define SUMMARY_MIN 260  /* the summary's narrowest width in a row */

typedef enum
{
  LAYOUT_ROW,    /* fields | summary | hex */
  LAYOUT_PAIR,   /* summary, then fields | hex */
  LAYOUT_STACK,  /* summary, fields, hex */
} Layout;

static void
measure (GtkWidget      *widget,
         GtkOrientation  orientation,
         int             for_size,
         int            *minimum,
         int            *natural)
{
  int min = 0, nat = 0;

  if (gtk_widget_get_visible (widget))
    gtk_widget_measure (widget, orientation, for_size, &min, &nat, NULL,
                        NULL);
  if (minimum != NULL)
    *minimum = min;
  if (natural != NULL)
    *natural = MAX (min, nat);
}

static int
gap (GtkWidget *widget)
{
  return gtk_widget_get_visible (widget) ? SPACING : 0;
}

/* The fields' and the dump's widths: their natural ones. */
static Layout
choose (const SeqackInspectorParts *p,
        int                         width,
        int                        *fields_w,
        int                        *hex_w)
{
  int summary_min;

  measure (p->fields, GTK_ORIENTATION_HORIZONTAL, -1, NULL, fields_w);
  measure (p->hex, GTK_ORIENTATION_HORIZONTAL, -1, NULL, hex_w);
  if (gtk_widget_get_visible (p->hex))
    *hex_w = MAX (*hex_w, p->hex_width);
  measure (p->summary, GTK_ORIENTATION_HORIZONTAL, -1, &summary_min, NULL);
  summary_min = MAX (summary_min, SUMMARY_MIN);

  if (width < 0 ||
      width >= *fields_w + gap (p->fields) + summary_min + gap (p->hex)
               + *hex_w)
    return LAYOUT_ROW;
  if (width >= *fields_w + gap (p->hex) + *hex_w)
    return LAYOUT_PAIR;
  return LAYOUT_STACK;
}

void
_seqack_inspector_layout_measure (const SeqackInspectorParts *p,
                                  GtkOrientation              orientation,
                                  int                         for_size,
                                  int                        *minimum,
                                  int                        *natural)
{
  int fields_w, hex_w, fmin, fnat, smin, snat, hmin, hnat;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* As narrow as the widest part, stacked; naturally in a row. */
      measure (p->fields, orientation, -1, &fmin, &fnat);
      measure (p->summary, orientation, -1, &smin, &snat);
      measure (p->hex, orientation, -1, &hmin, &hnat);
      if (gtk_widget_get_visible (p->hex))
        hnat = MAX (hnat, p->hex_width);
      *minimum = MAX (fmin, MAX (smin, MIN (hnat, hmin)));
      *natural = fnat + gap (p->fields) + MAX (snat, SUMMARY_MIN)
                 + gap (p->hex) + hnat;
      return;
    }

  switch (choose (p, for_size, &fields_w, &hex_w))
    {
    case LAYOUT_ROW:
      measure (p->fields, orientation, -1, &fmin, &fnat);
      measure (p->summary, orientation,
               for_size < 0 ? -1
                            : for_size - fields_w - gap (p->fields)
                              - gap (p->hex) - hex_w,
               &smin, &snat);
      measure (p->hex, orientation, -1, &hmin, &hnat);
      *minimum = MAX (fmin, MAX (smin, hmin));
      *natural = MAX (fnat, MAX (snat, hnat));
      break;
    case LAYOUT_PAIR:
      measure (p->summary, orientation, for_size, NULL, &snat);
      measure (p->fields, orientation, fields_w, NULL, &fnat);
      measure (p->hex, orientation, for_size - fields_w - gap (p->hex), NULL,
               &hnat);
      *minimum = *natural = snat + SPACING + MAX (fnat, hnat);
      break;
    case LAYOUT_STACK:
    default:
      measure (p->summary, orientation, for_size, NULL, &snat);
      measure (p->fields, orientation, for_size, NULL, &fnat);
      measure (p->hex, orientation, for_size, NULL, &hnat);
      *minimum = *natural = snat + gap (p->fields) + fnat + gap (p->hex)
                            + hnat;
      break;
    }
}

static void
allocate (GtkWidget *child,
          int        x,
          int        y,
          int        width,
          int        height)
{
  if (gtk_widget_get_visible (child))
    gtk_widget_size_allocate (child,
                              &(GtkAllocation) { x, y, width, height }, -1);
}

void
_seqack_inspector_layout_allocate (const SeqackInspectorParts *p,
                                   int                         width,
                                   int                         height)
{
  gboolean rtl = gtk_widget_get_direction (p->summary) == GTK_TEXT_DIR_RTL;
  int fields_w, hex_w, summary_h, fields_h, hex_h, y;

  switch (choose (p, width, &fields_w, &hex_w))
    {
    case LAYOUT_ROW:
      {
        int summary_w = width - fields_w - gap (p->fields) - gap (p->hex)
                        - hex_w;
        int x = 0;

        allocate (rtl ? p->hex : p->fields, x, 0, rtl ? hex_w : fields_w,
                  height);
        x += rtl ? hex_w + gap (p->hex) : fields_w + gap (p->fields);
        allocate (p->summary, x, 0, summary_w, height);
        x += summary_w + (rtl ? gap (p->fields) : gap (p->hex));
        allocate (rtl ? p->fields : p->hex, x, 0, rtl ? fields_w : hex_w,
                  height);
      }
      break;
    case LAYOUT_PAIR:
      measure (p->summary, GTK_ORIENTATION_VERTICAL, width, NULL, &summary_h);
      allocate (p->summary, 0, 0, width, summary_h);
      y = summary_h + SPACING;
      hex_w = width - fields_w - gap (p->hex);
      measure (p->fields, GTK_ORIENTATION_VERTICAL, fields_w, NULL,
               &fields_h);
      measure (p->hex, GTK_ORIENTATION_VERTICAL, hex_w, NULL, &hex_h);
      fields_h = hex_h = MAX (MAX (fields_h, hex_h), height - y);
      allocate (p->fields, rtl ? width - fields_w : 0, y, fields_w,
                fields_h);
      allocate (p->hex, rtl ? 0 : fields_w + gap (p->hex), y, hex_w, hex_h);
      break;
    case LAYOUT_STACK:
    default:
      measure (p->summary, GTK_ORIENTATION_VERTICAL, width, NULL, &summary_h);
      allocate (p->summary, 0, 0, width, summary_h);
      y = summary_h + gap (p->fields);
      measure (p->fields, GTK_ORIENTATION_VERTICAL, width, NULL, &fields_h);
      allocate (p->fields, 0, y, width, fields_h);
      y += fields_h + gap (p->hex);
      measure (p->hex, GTK_ORIENTATION_VERTICAL, width, NULL, &hex_h);
      allocate (p->hex, 0, y, width, MAX (hex_h, height - y));
      break;
    }
}
