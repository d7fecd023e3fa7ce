/* seqack-capture-loader.h: loading a capture file off the main thread.
 *
 * For the window: the file is read on a worker thread with
 * seqack_capture_load_file(); progress (at most ten times a second) and
 * the result come back to the caller's GMainContext, so a progress bar
 * and a Cancel button need nothing else.
 */
#pragma once

#include <gio/gio.h>
#include <glib.h>

#include "seqack-capture.h"

G_BEGIN_DECLS

typedef struct _SeqackCaptureLoader SeqackCaptureLoader;

/* @capture is yours (free it), or NULL with @error (SEQACK_ERROR_CANCELLED
 * after seqack_capture_loader_cancel()). */
typedef void (*SeqackCaptureLoadedFunc) (SeqackCaptureLoader *loader,
                                         SeqackCapture       *capture,
                                         const GError        *error,
                                         gpointer             user_data);

/* Starts loading @path. @progress (may be NULL) and @done run in @context
 * (NULL: the thread-default context); @done exactly once, unless the
 * loader is freed first. */
SeqackCaptureLoader *seqack_capture_loader_new    (const char               *path,
                                                   GMainContext             *context,
                                                   SeqackCaptureProgressFunc progress,
                                                   SeqackCaptureLoadedFunc   done,
                                                   gpointer                  user_data);
/* Asks the worker to stop; @done follows with SEQACK_ERROR_CANCELLED (or
 * the capture, when it had just finished). */
void                 seqack_capture_loader_cancel (SeqackCaptureLoader *loader);
/* Cancels, waits for the worker, and calls nothing more. */
void                 seqack_capture_loader_free   (SeqackCaptureLoader *loader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackCaptureLoader, seqack_capture_loader_free)

G_END_DECLS
