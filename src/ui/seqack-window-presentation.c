/* seqack-window-presentation.c: presentation mode, for the projector.
 *
 * Full screen, everything larger, the pointer not needed; and the text
 * size (Ctrl++ / Ctrl+−) that scales labels, diagrams and columns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "seqack-window-private.h"

void
_seqack_window_restore_dpi (SeqackWindow *self)
{
  if (self->normal_dpi > 0)
    g_object_set (gtk_widget_get_settings (GTK_WIDGET (self)),
                  "gtk-xft-dpi", self->normal_dpi, NULL);
  self->normal_dpi = 0;
}

/* Sizes follow the text size (Ctrl++ / Ctrl+−, the "text-scale"
 * setting) and presentation mode: labels through the display's DPI
 * setting so every panel scales, the diagrams through their render
 * scale, and the side columns by the same factor so their content never
 * widens the window. */
#define COLUMN_WIDTH 250
/* As wide as the state figure needs for 14 px names
 * (seqack_state_render_get_min_size: 288 px) plus the panel's padding,
 * where the window has the room: a 1024 px projector just does. */
#define WIDE_COLUMN_WIDTH 308
/* Rows 46 px apart at the default presentation-scale (1.6), not 58:
 * eleven rows, from the SYN to the data segment the client sends once
 * both ends are ESTABLISHED, fit the 537 px a 1280×720 screen leaves
 * under the header. */
#define PRESENTATION_ROW_SCALE 0.8

void
_seqack_window_apply_sizes (SeqackWindow *self)
{
  GtkSettings *gtk_settings = gtk_widget_get_settings (GTK_WIDGET (self));
  double text_scale, presentation = 1.0, text;

  /* The window's default size is set before its settings exist. */
  if (self->settings == NULL)
    return;
  text_scale = seqack_settings_get_double (self->settings, "text-scale");

  if (self->presentation)
    presentation = seqack_settings_get_double (self->settings,
                                               "presentation-scale");
  /* Labels grow less than the diagram: the time bar must still fit a
   * 1024 px projector. */
  text = text_scale * MIN (presentation, 1.3);

  if (text != 1.0)
    {
      if (self->normal_dpi == 0)
        g_object_get (gtk_settings, "gtk-xft-dpi", &self->normal_dpi, NULL);
      if (self->normal_dpi <= 0)
        self->normal_dpi = 96 * 1024;
      g_object_set (gtk_settings, "gtk-xft-dpi",
                    (int) (self->normal_dpi * text), NULL);
    }
  else
    _seqack_window_restore_dpi (self);

  seqack_trace_view_set_column_widths (self->trace_view,
                                       (int) (COLUMN_WIDTH * text),
                                       (int) (WIDE_COLUMN_WIDTH * text));
  /* The diagrams follow the text size themselves (their text-scale is
   * bound to the setting); presentation mode scales them on top: the
   * sequence diagram, and the two state machines that replace the side
   * columns, by the presentation-scale a teacher chose in Preferences. */
  seqack_sequence_view_set_scale (self->sequence_view, presentation);
  /* Presentation mode: the rows closer together (the text keeps its
   * size), so the nine rows of a handshake and the segment that follows
   * fit a 720 px projector under the diagram's header. */
  seqack_sequence_view_set_row_scale (self->sequence_view,
                                      self->presentation
                                        ? PRESENTATION_ROW_SCALE : 1.0);
  seqack_trace_view_set_presentation (self->trace_view, self->presentation,
                                      seqack_settings_get_boolean (self->settings,
                                                                   "show-state-columns"),
                                      presentation);
}

void
_seqack_window_set_text_scale (SeqackWindow *self,
                               double        scale)
{
  /* The setting notifies, and apply_sizes() follows. */
  g_object_set (self->settings, "text-scale", CLAMP (scale, 0.75, 2.0),
                NULL);
}

void
_seqack_window_apply_presentation (SeqackWindow *self)
{
  gboolean state_columns = seqack_settings_get_boolean (self->settings,
                                                        "show-state-columns");

  if (self->presentation)
    {
      gtk_window_fullscreen (GTK_WINDOW (self));
      gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
      gtk_widget_grab_focus (GTK_WIDGET (self->sequence_view));
    }
  else
    {
      gtk_window_unfullscreen (GTK_WINDOW (self));
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
    }

  gtk_widget_set_visible (self->header_bar, !self->presentation);
  seqack_endpoint_panel_set_details_visible (self->client_panel,
                                             state_columns);
  seqack_endpoint_panel_set_details_visible (self->server_panel,
                                             state_columns);
  _seqack_window_apply_sizes (self);
}
