/* seqack-capture-loader.c: loading a capture file off the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "seqack-capture-loader.h"

#define PROGRESS_INTERVAL_US (100 * 1000)

/* Shared by the worker and the main thread, reference-counted so an idle
 * source left after the loader is freed finds it detached. */
typedef struct
{
  gatomicrefcount      ref;
  GMutex               mutex;
  GMainContext        *context;
  char                *path;
  GCancellable        *cancellable;

  /* Guarded by @mutex. */
  guint64              done, total;
  gint64               last_progress;
  gboolean             source_pending;
  gboolean             finished;
  SeqackCapture       *capture;
  GError              *error;

  /* Main thread only; NULL once detached. */
  SeqackCaptureLoader *loader;
} Shared;

struct _SeqackCaptureLoader
{
  Shared                   *shared;
  GThread                  *thread;
  SeqackCaptureProgressFunc progress;
  SeqackCaptureLoadedFunc   done;
  gpointer                  user_data;
};

static Shared *
shared_ref (Shared *shared)
{
  g_atomic_ref_count_inc (&shared->ref);
  return shared;
}

static void
shared_unref (gpointer data)
{
  Shared *shared = data;

  if (!g_atomic_ref_count_dec (&shared->ref))
    return;

  seqack_capture_free (shared->capture);
  g_clear_error (&shared->error);
  g_object_unref (shared->cancellable);
  g_main_context_unref (shared->context);
  g_free (shared->path);
  g_mutex_clear (&shared->mutex);
  g_free (shared);
}

static gboolean
shared_dispatch (gpointer data)
{
  Shared *shared = data;
  SeqackCaptureLoader *loader = shared->loader;
  SeqackCapture *capture = NULL;
  GError *error = NULL;
  guint64 done, total;
  gboolean finished;

  g_mutex_lock (&shared->mutex);
  done = shared->done;
  total = shared->total;
  finished = shared->finished;
  if (finished && loader != NULL)
    {
      capture = g_steal_pointer (&shared->capture);
      error = g_steal_pointer (&shared->error);
    }
  shared->source_pending = FALSE;
  g_mutex_unlock (&shared->mutex);

  if (loader == NULL)
    return G_SOURCE_REMOVE;

  if (loader->progress != NULL)
    loader->progress (done, total, loader->user_data);

  if (finished && shared->loader != NULL)
    {
      SeqackCaptureLoadedFunc done_func = loader->done;

      g_thread_join (g_steal_pointer (&loader->thread));
      loader->done = NULL;
      if (done_func != NULL)
        done_func (loader, capture, error, loader->user_data);
      else
        seqack_capture_free (capture);
    }
  else
    {
      seqack_capture_free (capture);
    }

  g_clear_error (&error);

  return G_SOURCE_REMOVE;
}

/* Worker thread, with @shared->mutex held. */
static void
schedule_locked (Shared *shared)
{
  GSource *source;

  if (shared->source_pending)
    return;

  shared->source_pending = TRUE;
  source = g_idle_source_new ();
  g_source_set_static_name (source, "[seqack] capture load");
  g_source_set_callback (source, shared_dispatch, shared_ref (shared),
                         shared_unref);
  g_source_attach (source, shared->context);
  g_source_unref (source);
}

static void
worker_progress (guint64  done,
                 guint64  total,
                 gpointer data)
{
  Shared *shared = data;
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&shared->mutex);
  shared->done = done;
  shared->total = total;
  if (now - shared->last_progress >= PROGRESS_INTERVAL_US)
    {
      shared->last_progress = now;
      schedule_locked (shared);
    }
  g_mutex_unlock (&shared->mutex);
}

static gpointer
worker_main (gpointer data)
{
  Shared *shared = data;
  GError *error = NULL;
  SeqackCapture *capture;

  capture = seqack_capture_load_file (shared->path, worker_progress, shared,
                                      shared->cancellable, &error);

  g_mutex_lock (&shared->mutex);
  shared->capture = capture;
  shared->error = error;
  shared->finished = TRUE;
  schedule_locked (shared);
  g_mutex_unlock (&shared->mutex);

  shared_unref (shared);

  return NULL;
}

SeqackCaptureLoader *
seqack_capture_loader_new (const char               *path,
                           GMainContext             *context,
                           SeqackCaptureProgressFunc progress,
                           SeqackCaptureLoadedFunc   done,
                           gpointer                  user_data)
{
  SeqackCaptureLoader *loader;
  Shared *shared;

  g_return_val_if_fail (path != NULL, NULL);

  if (context == NULL)
    context = g_main_context_get_thread_default ();
  if (context == NULL)
    context = g_main_context_default ();

  shared = g_new0 (Shared, 1);
  g_atomic_ref_count_init (&shared->ref);
  g_mutex_init (&shared->mutex);
  shared->context = g_main_context_ref (context);
  shared->path = g_strdup (path);
  shared->cancellable = g_cancellable_new ();

  loader = g_new0 (SeqackCaptureLoader, 1);
  loader->shared = shared;
  loader->progress = progress;
  loader->done = done;
  loader->user_data = user_data;
  shared->loader = loader;

  /* g_thread_new aborts only when the system cannot make threads at
   * all. */
  loader->thread = g_thread_new ("seqack-load", worker_main,
                                 shared_ref (shared));

  return loader;
}

void
seqack_capture_loader_cancel (SeqackCaptureLoader *loader)
{
  g_return_if_fail (loader != NULL);

  g_cancellable_cancel (loader->shared->cancellable);
}

void
seqack_capture_loader_free (SeqackCaptureLoader *loader)
{
  if (loader == NULL)
    return;

  g_cancellable_cancel (loader->shared->cancellable);
  if (loader->thread != NULL)
    g_thread_join (loader->thread);

  loader->shared->loader = NULL;
  shared_unref (loader->shared);
  g_free (loader);
}
