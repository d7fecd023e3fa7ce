/* seqack-trace-view-layout.c: where the trace view puts its parts: the
 * diagram, the side columns (or one and a switcher), the packet list's
 * width, presentation mode's state machines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "seqack-state-render.h"
#include "seqack-trace-view-private.h"

/* Layout. The diagram (the paned, with the inspector under it, and the
 * packet list's flap beside or over it) first;
 * then two side columns, each as wide as the room left allows between
 * column_min and column_max; where two do not fit, one, with a switcher
 * for the endpoint it shows (a lessons panel beside a 1024 px projector).
 * In presentation mode there are no columns: the diagram takes the whole
 * height, so a whole handshake (nine rows, from the SYN to the server's
 * ESTABLISHED) shows at once even on a 720 px projector, and the two state
 * machines stand one above the other at its end side, as wide as
 * full-size names need (never more than PRESENTATION_MACHINES of the
 * width). */
#define PRESENTATION_MACHINES 0.5

static int
min_width_of (GtkWidget *widget)
{
  int min = 0;

  if (gtk_widget_get_visible (widget))
    gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL,
                        NULL, NULL);
  return min;
}

/* A side column's width for @n columns in @width; 0 if they do not fit. */
static int
column_width (SeqackTraceView *self,
              int              width,
              int              n)
{
  int paned = min_width_of (GTK_WIDGET (self->packet_flap));
  int column = MAX (min_width_of (self->client_scroller),
                    min_width_of (self->server_scroller));
  int narrow = MAX (self->column_min, column);

  column = (width - paned) / n;
  if (column < narrow)
    return 0;
  return MIN (column, MAX (self->column_max, narrow));
}

static int
machines_width (SeqackTraceView *self,
                int              width)
{
  SeqackStateRenderOptions options;
  int box, view;
  double w;

  if (!gtk_widget_get_visible (self->machines_box))
    return 0;
  seqack_state_render_options_init (&options);
  options.scale = seqack_state_view_get_scale (self->client_machine);
  options.text_scale = seqack_state_view_get_text_scale (self->client_machine);
  seqack_state_render_get_min_size (&options, &w, NULL);
  /* Plus the box's border and padding. */
  gtk_widget_measure (self->machines_box, GTK_ORIENTATION_HORIZONTAL, -1,
                      &box, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (self->client_machine),
                      GTK_ORIENTATION_HORIZONTAL, -1, &view, NULL, NULL,
                      NULL);
  return (int) MIN (ceil (w) + MAX (0, box - view),
                    width * PRESENTATION_MACHINES);
}

void
_seqack_trace_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  SeqackTraceView *self = SEQACK_TRACE_VIEW (widget);
  int min = 0, nat = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int column = MAX (min_width_of (self->client_scroller),
                        min_width_of (self->server_scroller));

      gtk_widget_measure (GTK_WIDGET (self->packet_flap), orientation, -1,
                          &min, &nat, NULL, NULL);
      if (!self->presentation)
        {
          min += MAX (column, self->column_min);
          nat += 2 * MAX (column, self->column_max);
        }
      else if (gtk_widget_get_visible (self->machines_box))
        {
          int machines;

          gtk_widget_measure (self->machines_box, orientation, -1, &machines,
                              NULL, NULL, NULL);
          min += machines;
          nat += machines_width (self, G_MAXINT / 2);
        }
    }
  else
    {
      /* Heights do not depend on the widths here: every child scrolls or
       * draws to fit. A single column has its switcher above it. */
      GtkWidget *children[] = { GTK_WIDGET (self->packet_flap),
                                self->client_scroller,
                                self->server_scroller };
      int switcher;

      gtk_widget_measure (self->column_switcher, orientation, -1, &switcher,
                          NULL, NULL, NULL);
      for (guint i = 0; i < G_N_ELEMENTS (children); i++)
        if (gtk_widget_get_visible (children[i]))
          {
            int child_min, child_nat;

            gtk_widget_measure (children[i], orientation, -1, &child_min,
                                &child_nat, NULL, NULL);
            if (children[i] != GTK_WIDGET (self->packet_flap))
              child_min += switcher;
            min = MAX (min, child_min);
            nat = MAX (nat, child_nat);
          }
      if (gtk_widget_get_visible (self->machines_box))
        {
          int machines;

          gtk_widget_measure (self->machines_box, orientation, -1, &machines,
                              NULL, NULL, NULL);
          min = MAX (min, machines);
        }
      if (gtk_widget_get_visible (GTK_WIDGET (self->presentation_flow)))
        {
          int flap, bars;

          gtk_widget_measure (GTK_WIDGET (self->packet_flap), orientation, -1,
                              &flap, NULL, NULL, NULL);
          gtk_widget_measure (GTK_WIDGET (self->presentation_flow),
                              orientation, -1, &bars, NULL, NULL, NULL);
          min = MAX (min, flap + bars);
        }
    }
  *minimum = min;
  *natural = MAX (min, nat);
  *minimum_baseline = *natural_baseline = -1;
}

static void
allocate (GtkWidget *child,
          int        x,
          int        y,
          int        width,
          int        height)
{
  gtk_widget_size_allocate (child, &(GtkAllocation) { x, y, width, height },
                            -1);
}

/* The packet list beside the diagram takes its width-request (the
 * flap's minimum): its columns' width, all of them whole, where the
 * window has room for that, both columns at their widest and the
 * diagram at its natural width; PACKET_LIST_WIDTH, and sideways
 * scrolling, where it has not. Decided on the width alone, so it settles
 * at once. */
#define PACKET_LIST_WIDTH 440

static void
fit_packet_list (SeqackTraceView *self,
                 int              width)
{
  GtkWidget *list = GTK_WIDGET (self->packet_list);
  int columns, diagram, request = PACKET_LIST_WIDTH, current;

  if (!gtk_widget_get_visible (list))
    return;
  columns = seqack_packet_list_get_columns_width (self->packet_list);
  gtk_widget_measure (GTK_WIDGET (self->sequence_view),
                      GTK_ORIENTATION_HORIZONTAL, -1, NULL, &diagram, NULL,
                      NULL);
  if (!self->presentation &&
      width - 2 * self->column_max - diagram >= columns)
    request = MAX (columns, PACKET_LIST_WIDTH);
  gtk_widget_get_size_request (list, &current, NULL);
  if (current != request)
    gtk_widget_set_size_request (list, request, -1);
}

void
_seqack_trace_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  SeqackTraceView *self = SEQACK_TRACE_VIEW (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  GtkWidget *left = rtl ? self->server_scroller : self->client_scroller;
  GtkWidget *right = rtl ? self->client_scroller : self->server_scroller;
  int column = 0, machines, bars = 0, diagram_x = 0, diagram_width = width;
  gboolean single = FALSE;

  fit_packet_list (self, width);
  if (!self->presentation)
    {
      column = column_width (self, width, 2);
      if (column == 0)
        {
          single = TRUE;
          column = MAX (column_width (self, width, 1),
                        MAX (self->column_min,
                             min_width_of (self->client_scroller)));
        }
    }

  gtk_widget_set_child_visible (self->column_switcher, single);
  gtk_widget_set_child_visible (self->client_scroller, !self->presentation);
  gtk_widget_set_child_visible (self->server_scroller, !self->presentation);
  if (single)
    {
      gboolean client = gtk_toggle_button_get_active
                          (GTK_TOGGLE_BUTTON (self->client_toggle));
      GtkWidget *shown = client ? self->client_scroller
                                : self->server_scroller;
      GtkWidget *other = client ? self->server_scroller
                                : self->client_scroller;
      int switcher = 0;

      gtk_widget_measure (self->column_switcher, GTK_ORIENTATION_VERTICAL,
                          column, &switcher, NULL, NULL, NULL);
      gtk_widget_set_child_visible (other, FALSE);
      diagram_x = rtl ? 0 : column;
      allocate (self->column_switcher, rtl ? width - column : 0, 0, column,
                switcher);
      allocate (shown, rtl ? width - column : 0, switcher, column,
                height - switcher);
      diagram_width = width - column;
    }
  else if (!self->presentation)
    {
      allocate (left, 0, 0, column, height);
      allocate (right, width - column, 0, column, height);
      diagram_x = column;
      diagram_width = width - 2 * column;
    }

  machines = machines_width (self, diagram_width);
  /* Presentation mode's bars: a strip under the diagram. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->presentation_flow)))
    {
      gtk_widget_measure (GTK_WIDGET (self->presentation_flow),
                          GTK_ORIENTATION_VERTICAL, diagram_width - machines,
                          &bars, NULL, NULL, NULL);
      bars = MIN (bars, height / 2);
      allocate (GTK_WIDGET (self->presentation_flow),
                diagram_x + (rtl ? machines : 0), height - bars,
                diagram_width - machines, bars);
    }
  allocate (GTK_WIDGET (self->packet_flap), diagram_x + (rtl ? machines : 0),
            0, diagram_width - machines, height - bars);
  if (gtk_widget_get_visible (self->machines_box))
    allocate (self->machines_box,
              rtl ? diagram_x : diagram_x + diagram_width - machines, 0,
              machines, height);
}

