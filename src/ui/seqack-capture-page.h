/* seqack-capture-page.h: the capture mode of the window.
 *
 * Real kernel TCP drawn with the lab's views: a capture file opened off
 * the main thread (progress bar, Cancel), or a live capture on an
 * interface with a BPF filter, listed as conversations; choosing one
 * shows its Trace in a sequence view, both endpoints' (inferred) states
 * and the inspector. Permission problems and the Flatpak sandbox are
 * explained in the page itself, and file mode keeps working.
 *
 * Every control is a capture.* action of the page (see
 * seqack_capture_page_class_init()); the functions below are what those
 * actions do, for the window and the tests (which read the page back
 * through seqack-capture-page-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "seqack-capture.h"

G_BEGIN_DECLS

#define SEQACK_TYPE_CAPTURE_PAGE (seqack_capture_page_get_type ())

G_DECLARE_FINAL_TYPE (SeqackCapturePage, seqack_capture_page,
                      SEQACK, CAPTURE_PAGE, GtkWidget)

GtkWidget *seqack_capture_page_new (void);

/* Starts loading @file on a worker thread (what "Open Capture File…"
 * does after the file chooser); the conversations replace the current
 * ones when it is done. */
void      seqack_capture_page_open_file  (SeqackCapturePage *self,
                                          GFile             *file);
void      seqack_capture_page_cancel     (SeqackCapturePage *self);

/* Live capture on @interface with the BPF @filter (NULL: the entries'
 * values). FALSE with @error, which the page also shows, when the
 * capture cannot start. */
gboolean  seqack_capture_page_start_live (SeqackCapturePage *self,
                                          const char        *interface,
                                          const char        *filter,
                                          GError           **error);
/* Stops and joins the capture thread. */
void      seqack_capture_page_stop_live  (SeqackCapturePage *self);
gboolean  seqack_capture_page_is_live    (SeqackCapturePage *self);
/* "Capture a real handshake on lo": live capture on lo filtered to one
 * port, then a real connection on it from a helper thread; the capture
 * stops by itself shortly after the connection closed and the
 * conversation is shown. */
gboolean  seqack_capture_page_run_demo   (SeqackCapturePage *self,
                                          GError           **error);

/* Checks again whether live capture is possible (@flatpak_info as
 * seqack_capture_check_sandbox()); inside a sandbox the live controls are
 * disabled and the page says how to record a file instead. */
void      seqack_capture_page_check_sandbox (SeqackCapturePage *self,
                                             const char        *flatpak_info);

/* Shows conversation @index (what choosing a row does). */
gboolean   seqack_capture_page_select        (SeqackCapturePage *self,
                                              guint              index);

/* Wireshark's "all flows": draw every conversation between the chosen
 * one's two hosts together, in time order, each arrow with its ports
 * (the capture.all-flows toggle, Ctrl+Shift+F), or the chosen one alone.
 * A live capture draws one at a time: its flows are still growing. */
void       seqack_capture_page_set_all_flows (SeqackCapturePage *self,
                                              gboolean           all_flows);
gboolean   seqack_capture_page_get_all_flows (SeqackCapturePage *self);

/* Absolute sequence numbers instead of relative ones in the sequence
 * view, the panels and the inspector (the window's Absolute toggle). */
void       seqack_capture_page_set_absolute (SeqackCapturePage *self,
                                             gboolean           absolute);
/* The packet list beside the diagram (the window's View ▸ Packet List). */
void       seqack_capture_page_set_packet_list_visible (SeqackCapturePage *self,
                                                        gboolean           visible);

G_END_DECLS
