/* seqack-window-presentation.c: presentation mode, for the projector.
 *
 * Full screen, everything larger, the pointer not needed. Text grows
 * through the display's DPI setting so every label scales, and the
 * diagrams through their render scale.
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

void
_seqack_window_apply_presentation (SeqackWindow *self)
{
  GtkSettings *gtk_settings = gtk_widget_get_settings (GTK_WIDGET (self));
  gboolean state_columns = seqack_settings_get_boolean (self->settings,
                                                        "show-state-columns");
  double scale = 1.0;

  if (self->presentation)
    {
      scale = seqack_settings_get_double (self->settings,
                                          "presentation-scale");
      if (self->normal_dpi == 0)
        g_object_get (gtk_settings, "gtk-xft-dpi", &self->normal_dpi, NULL);
      if (self->normal_dpi <= 0)
        self->normal_dpi = 96 * 1024;
      g_object_set (gtk_settings, "gtk-xft-dpi",
                    (int) (self->normal_dpi * MIN (scale, 1.3)), NULL);
      gtk_window_fullscreen (GTK_WINDOW (self));
      gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
      gtk_widget_grab_focus (GTK_WIDGET (self->sequence_view));
    }
  else
    {
      _seqack_window_restore_dpi (self);
      gtk_window_unfullscreen (GTK_WINDOW (self));
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
    }

  gtk_widget_set_visible (self->header_bar, !self->presentation);
  gtk_widget_set_visible (self->wire_bar, !self->presentation);
  seqack_inspector_set_compact (self->inspector, self->presentation);
  seqack_endpoint_panel_set_details_visible (self->client_panel,
                                             state_columns);
  seqack_endpoint_panel_set_details_visible (self->server_panel,
                                             state_columns);
  seqack_endpoint_panel_set_controls_visible (self->client_panel,
                                              !self->presentation);
  seqack_endpoint_panel_set_controls_visible (self->server_panel,
                                              !self->presentation);
  seqack_sequence_view_set_scale (self->sequence_view, scale);
  /* The side panels' state machines grow with the diagram, by the same
   * presentation-scale a teacher chose in Preferences. */
  seqack_endpoint_panel_set_scale (self->client_panel, scale);
  seqack_endpoint_panel_set_scale (self->server_panel, scale);
}
