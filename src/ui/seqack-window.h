/* seqack-window.h: the teaching window.
 *
 * Both endpoints' controls, the animated sequence diagram, the state
 * machines, the inspector, the wire and time controls, all driven by
 * actions (see seqack-window-actions.c) on one lab.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "seqack-application.h"
#include "seqack-lab.h"

G_BEGIN_DECLS

#define SEQACK_TYPE_WINDOW (seqack_window_get_type ())

G_DECLARE_FINAL_TYPE (SeqackWindow, seqack_window,
                      SEQACK, WINDOW, AdwApplicationWindow)

/* @application may be NULL (tests): the window then reads the settings
 * itself. */
SeqackWindow *seqack_window_new (SeqackApplication *application,
                                 guint64            seed);

SeqackLab    *seqack_window_get_lab     (SeqackWindow *self);
/* The picture shows trace events [0, n_shown). */
guint         seqack_window_get_n_shown (SeqackWindow *self);

/* Resets the lab and runs a built-in scenario; the picture starts at the
 * beginning and plays. */
gboolean      seqack_window_run_scenario (SeqackWindow *self,
                                          const char   *name,
                                          GError      **error);
/* Shows the whole trace at once, without animation. */
void          seqack_window_show_all     (SeqackWindow *self);
/* Shows the trace up to the first time an endpoint enters @state; FALSE
 * when none does. */
gboolean      seqack_window_show_until_state (SeqackWindow   *self,
                                              SeqackTcpState  state);
/* Shows the trace up to and including its @n-th segment (1-based), at
 * rest; FALSE when it has fewer. */
gboolean      seqack_window_show_segments (SeqackWindow *self,
                                           guint         n);
/* Opens the lessons with the built-in lesson @name. */
gboolean      seqack_window_open_lesson  (SeqackWindow *self,
                                          const char   *name,
                                          GError      **error);

/* Opens @file where it belongs by its type: a capture in the Capture page,
 * a scenario (playing, as the Scenarios menu starts one) or a saved
 * session in the lab, a lesson in the lesson panel. On failure the error
 * names the whole path and nothing shown changes. */
gboolean      seqack_window_open_file    (SeqackWindow *self,
                                          GFile        *file,
                                          GError      **error);
/* The same, showing a failure in the window. */
void          seqack_window_open         (SeqackWindow *self,
                                          GFile        *file);

gboolean      seqack_window_save_session (SeqackWindow *self,
                                          GFile        *file,
                                          GError      **error);
gboolean      seqack_window_open_session (SeqackWindow *self,
                                          GFile        *file,
                                          GError      **error);
gboolean      seqack_window_export_pcap  (SeqackWindow *self,
                                          GFile        *file,
                                          GError      **error);
/* The diagram as shown (events up to the step on screen) on paper colors,
 * as PNG, SVG or PDF by the file's extension: for slides and handouts. */
gboolean      seqack_window_export_diagram (SeqackWindow *self,
                                            GFile        *file,
                                            GError      **error);
/* The text ladder of the events shown, as `seqack-cli run` prints it. */
char         *seqack_window_get_ladder   (SeqackWindow *self);

/* Renders the window as it is on screen into a PNG. */
gboolean      seqack_window_save_screenshot (SeqackWindow *self,
                                             const char   *path,
                                             GError      **error);

G_END_DECLS
