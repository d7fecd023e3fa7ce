/* bench-ingest.c: how fast and how lean reading a large capture is.
 *
 *   bench-ingest [--repeat R] [--no-tshark] [--only-capture] FILE.pcap
 *
 * Times, on the same file in the same process (best of R runs, the file
 * already in the page cache):
 *   (a) the baseline: a bare libpcap pcap_next_ex() loop;
 *   (b) the capture layer indexing it into Traces,
 *       seqack_capture_load_file(), what `seqack-cli read` does;
 *   (c) `tshark -r FILE -q -z conv,tcp` as a whole process, when tshark
 *       is installed (run once: it is slow).
 * Prints b/a (goal <= 3) and c/b (goal >= 20), and the peak resident
 * memory (b) adds, per TCP segment, beyond the packet bytes it keeps
 * (goal <= 64 bytes a segment). Not a test: it never fails on a number.
 * --only-capture runs (b) once and nothing else, for a profiler
 * (`perf record bench-ingest --only-capture FILE`).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

#include "seqack-capture.h"

typedef struct
{
  guint64 frames, bytes;
} Baseline;

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* A field of /proc/self/status in bytes ("VmHWM", "VmRSS"), 0 if unknown. */
static guint64
status_bytes (const char *field)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;
  gsize field_len = strlen (field);

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strncmp (lines[i], field, field_len) == 0 &&
        lines[i][field_len] == ':')
      return g_ascii_strtoull (lines[i] + field_len + 1, NULL, 10) * 1024;

  return 0;
}

/* Linux >= 4.0: writing 5 to clear_refs resets VmHWM to the current RSS,
 * so the next VmHWM is the peak of what follows alone. */
static gboolean
reset_peak_rss (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");
  gboolean ok;

  if (f == NULL)
    return FALSE;
  ok = fputs ("5", f) >= 0;
  return fclose (f) == 0 && ok;
}

static gboolean
run_baseline (const char *path,
              Baseline   *out)
{
  char errbuf[PCAP_ERRBUF_SIZE];
  struct pcap_pkthdr *header;
  const u_char *data;
  pcap_t *pcap = pcap_open_offline (path, errbuf);
  Baseline b = { 0 };
  int status;

  if (pcap == NULL)
    {
      fprintf (stderr, "bench-ingest: %s\n", errbuf);
      return FALSE;
    }
  while ((status = pcap_next_ex (pcap, &header, &data)) == 1)
    {
      b.frames++;
      /* Touch the frame, as any reader would. */
      b.bytes += header->caplen + (header->caplen > 0 ? data[0] : 0);
    }
  pcap_close (pcap);
  *out = b;

  return status == PCAP_ERROR_BREAK;
}

typedef struct
{
  guint64 conversations, segments, kept_bytes, trace_bytes;
} Indexed;

static SeqackCapture *
run_capture (const char *path,
             Indexed    *out)
{
  g_autoptr(GError) error = NULL;
  SeqackCapture *capture;
  Indexed r = { 0 };

  capture = seqack_capture_load_file (path, NULL, NULL, NULL, &error);
  if (capture == NULL)
    {
      fprintf (stderr, "bench-ingest: %s\n", error->message);
      return NULL;
    }

  r.conversations = seqack_capture_get_n_conversations (capture);
  r.segments = seqack_capture_get_stats (capture)->n_tcp;
  r.trace_bytes = seqack_capture_get_memory_size (capture);
  *out = r;

  return capture;
}

/* Bytes of IP packets the capture keeps (each segment's raw packet). */
static guint64
kept_bytes (SeqackCapture *capture)
{
  guint64 sum = 0;

  for (guint c = 0; c < seqack_capture_get_n_conversations (capture); c++)
    {
      SeqackTrace *trace =
        seqack_conversation_get_trace (seqack_capture_get_conversation (capture,
                                                                        c));

      for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
        {
          const SeqackEvent *ev = seqack_trace_get_event (trace, i);

          if (ev->kind == SEQACK_EVENT_SEGMENT)
            sum += ev->data_len;
        }
    }

  return sum;
}

static gboolean
run_tshark (const char *path,
            double     *seconds,
            guint      *conversations)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { "tshark", "-r", path, "-q", "-z", "conv,tcp", NULL };
  double start = now_s ();
  int wait_status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                     NULL, &out, NULL, &wait_status, &error) ||
      !g_spawn_check_wait_status (wait_status, &error))
    {
      fprintf (stderr, "bench-ingest: tshark: %s\n", error->message);
      return FALSE;
    }
  *seconds = now_s () - start;

  *conversations = 0;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "<->") != NULL)
      (*conversations)++;

  return TRUE;
}

static const char *
verdict (gboolean ok)
{
  return ok ? "meets the goal" : "MISSES the goal";
}

int
main (int    argc,
      char **argv)
{
  gint repeat = 3;
  gboolean no_tshark = FALSE;
  gboolean only_capture = FALSE;
  const GOptionEntry entries[] = {
    { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat,
      "Runs of (a) and (b); the best counts (3)", "R" },
    { "no-tshark", 0, 0, G_OPTION_ARG_NONE, &no_tshark,
      "Skip (c)", NULL },
    { "only-capture", 0, 0, G_OPTION_ARG_NONE, &only_capture,
      "Run (b) once and nothing else (to profile it)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE.pcap");
  g_autoptr(GError) error = NULL;
  double a = G_MAXDOUBLE, b = G_MAXDOUBLE, c = 0;
  guint64 rss_before = 0, peak = 0, kept = 0;
  guint tshark_conversations = 0;
  gboolean have_c = FALSE;
  Baseline base = { 0 };
  Indexed idx = { 0 };
  const char *path;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 ||
      repeat < 1)
    {
      fprintf (stderr, "usage: bench-ingest [--repeat R] [--no-tshark] "
               "[--only-capture] FILE.pcap\n");
      return 2;
    }
  path = argv[1];

  if (only_capture)
    {
      g_autoptr(SeqackCapture) capture = run_capture (path, &idx);

      return capture != NULL ? 0 : 1;
    }

  /* Warm the page cache so (a) and (b) both read from memory. */
  if (!run_baseline (path, &base))
    return 1;

  for (gint r = 0; r < repeat; r++)
    {
      double start = now_s ();

      if (!run_baseline (path, &base))
        return 1;
      a = MIN (a, now_s () - start);
    }

  for (gint r = 0; r < repeat; r++)
    {
      g_autoptr(SeqackCapture) capture = NULL;
      gboolean measure = r == 0;
      double start;

      if (measure)
        {
          rss_before = status_bytes ("VmRSS");
          if (!reset_peak_rss ())
            rss_before = 0;
        }

      start = now_s ();
      capture = run_capture (path, &idx);
      if (capture == NULL)
        return 1;
      b = MIN (b, now_s () - start);

      if (measure)
        {
          peak = rss_before > 0 ? status_bytes ("VmHWM") : 0;
          kept = kept_bytes (capture);
        }
    }

  if (!no_tshark && g_find_program_in_path ("tshark") != NULL)
    have_c = run_tshark (path, &c, &tshark_conversations);

  printf ("ingest: %s\n", path);
  printf ("  %" G_GUINT64_FORMAT " frames, %" G_GUINT64_FORMAT " TCP segments "
          "in %" G_GUINT64_FORMAT " conversations\n",
          base.frames, idx.segments, idx.conversations);
  printf ("  (a) libpcap pcap_next_ex loop      %8.3f s  %6.2f M frames/s\n",
          a, base.frames / a / 1e6);
  printf ("  (b) capture layer (seqack-cli read)%8.3f s  %6.2f M frames/s\n",
          b, base.frames / b / 1e6);
  if (have_c)
    printf ("  (c) tshark -q -z conv,tcp          %8.3f s  %6.2f M frames/s "
            "(%u conversations)\n", c, base.frames / c / 1e6,
            tshark_conversations);
  else
    printf ("  (c) tshark                         not run\n");

  printf ("  b/a = %.2f  (goal <= 3: %s)\n", b / a, verdict (b / a <= 3.0));
  if (have_c)
    printf ("  c/b = %.1f  (goal >= 20: %s)\n", c / b, verdict (c / b >= 20.0));

  if (peak > 0 && idx.segments > 0)
    {
      double extra = (double) (peak > rss_before ? peak - rss_before : 0);
      double per_segment = (extra - (double) kept) / idx.segments;

      printf ("  peak RSS of (b): %.1f MB above the %.1f MB before; packet "
              "bytes kept %.1f MB\n", extra / 1e6, rss_before / 1e6,
              kept / 1e6);
      printf ("  beyond the packet bytes: %.1f bytes a segment  (goal <= 64: "
              "%s)\n", per_segment, verdict (per_segment <= 64.0));
      printf ("  capture's own count: %.1f bytes a segment "
              "(seqack_capture_get_memory_size %.1f MB)\n",
              ((double) idx.trace_bytes - (double) kept) / idx.segments,
              idx.trace_bytes / 1e6);
    }
  else
    printf ("  peak RSS: not measurable here (/proc/self/clear_refs)\n");

  return 0;
}
