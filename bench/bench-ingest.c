/* bench-ingest.c: how fast and how lean reading a large capture is.
 *
 *   bench-ingest [--repeat R] [--no-tshark] [--cli PATH] FILE.pcap...
 *   bench-ingest --only-capture FILE.pcap
 *   bench-ingest --only-baseline FILE.pcap
 *
 * For each file, side by side in one run (the file already in the page
 * cache; R rounds of (a) then (b), alternating so that a change in the
 * machine's load falls on both alike, the best and the median of each
 * reported; (c) once: it is slow), in CPU time (user + system) so that
 * other work on a shared machine counts less, with the wall time beside
 * it:
 *   (a) the baseline: a bare libpcap pcap_next_ex() loop, in this process;
 *   (b) `seqack-cli conversations FILE` as a whole process (start, load,
 *       output, teardown), its wall time and peak resident memory;
 *   (c) `tshark -n -r FILE -q -z conv,tcp` as a whole process, when
 *       tshark is installed.
 * Prints b/a (goal <= 3; best against best, and median against median)
 * and c/b (goal >= 20), the peak RSS of (b)
 * against the file's size + 64 bytes a TCP segment, and whether (b) and
 * (c) count the same conversations. It also loads the file once in this
 * process to count the segments and what the capture's metadata costs a
 * segment. Not a test: it never fails on a number.
 *
 * --merge-flows N builds, in memory, a capture of N conversations
 * between two hosts (each a handshake, a request, a reply and a
 * teardown; two at a time overlap) and times drawing them together
 * (seqack_capture_get_flows() and seqack_capture_merge_flows(), the
 * window's All Flows), best of R, and nothing else.
 *
 * --only-capture loads the file once in this process and nothing else,
 * for a profiler (`perf record bench-ingest --only-capture FILE`).
 * --only-baseline runs (a) once and nothing else: the instructions of a
 * bare read, to set beside `valgrind --tool=callgrind seqack-cli
 * conversations FILE`'s (instruction counts repeat on a busy machine,
 * times do not).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <malloc.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <pcap/pcap.h>

#include "seqack-capture.h"
#include "seqack-packet.h"

typedef struct
{
  guint64 frames, bytes;
} Baseline;

/* A whole process's cost. */
typedef struct
{
  double  seconds;    /* wall time */
  double  cpu;        /* user + system time */
  guint64 peak_rss;   /* bytes */
  guint   lines;      /* of its output that name a conversation */
} Process;

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* CPU time of this thread: on a machine shared with other work, what a
 * step costs, whatever else ran in between. */
static double
cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
timeval_s (const struct timeval *tv)
{
  return tv->tv_sec + tv->tv_usec / 1e6;
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

/* Lines of @path holding @needle. */
static guint
count_lines (const char *path,
             const char *needle)
{
  g_autofree char *text = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  for (const char *line = text; *line != '\0';)
    {
      const char *end = strchr (line, '\n');
      gsize len = end != NULL ? (gsize) (end - line) : strlen (line);

      if (g_strstr_len (line, (gssize) len, needle) != NULL)
        n++;
      line += len + (end != NULL ? 1 : 0);
    }
  return n;
}

/* Runs @argv with its output in @out_path, timing it from fork to exit
 * and taking its peak RSS from wait4(). */
static gboolean
run_process (const char *const *argv,
             const char        *out_path,
             Process           *out)
{
  struct rusage usage;
  double start = now_s ();
  int status;
  pid_t pid;

  pid = fork ();
  if (pid < 0)
    return FALSE;
  if (pid == 0)
    {
      int fd = open (out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
      int null = open ("/dev/null", O_WRONLY);

      if (fd < 0 || null < 0 || dup2 (fd, 1) < 0 || dup2 (null, 2) < 0)
        _exit (127);
      execvp (argv[0], (char *const *) argv);
      _exit (127);
    }
  if (wait4 (pid, &status, 0, &usage) != pid)
    return FALSE;
  out->seconds = now_s () - start;
  out->cpu = timeval_s (&usage.ru_utime) + timeval_s (&usage.ru_stime);
  out->peak_rss = (guint64) usage.ru_maxrss * 1024;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      fprintf (stderr, "bench-ingest: %s failed (status %d)\n", argv[0],
               status);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  guint64 conversations, segments, metadata_bytes;
  guint64 heap_bytes;   /* malloc's count of what the load left in use */
} Indexed;

/* Bytes malloc has handed out and not had back: small blocks from its
 * heap and the large ones it maps on their own. */
static size_t
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

/* Loads @path in this process; the capture's own count of its bytes
 * beyond the packets (which stay in the file). */
static gboolean
run_capture (const char *path,
             Indexed    *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;

  size_t heap_before = heap_in_use ();

  /* As seqack-cli does, which is what issue 19 measures. */
  capture = seqack_capture_load_file_mapped (path, NULL, NULL, NULL, &error);
  if (capture == NULL)
    {
      fprintf (stderr, "bench-ingest: %s\n", error->message);
      return FALSE;
    }
  out->conversations = seqack_capture_get_n_conversations (capture);
  out->segments = seqack_capture_get_stats (capture)->n_tcp;
  out->metadata_bytes = seqack_capture_get_memory_size (capture);
  /* Every byte malloc handed out and the load kept, headers and rounding
   * included: what the capture's own count leaves out. */
  out->heap_bytes = heap_in_use () - heap_before;
  return TRUE;
}

static gint
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The median of @n values (sorted in place). */
static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static const char *
verdict (gboolean ok)
{
  return ok ? "meets the goal" : "MISSES the goal";
}

static gboolean
bench_file (const char *path,
            const char *cli,
            gint        repeat,
            gboolean    tshark,
            const char *out_path)
{
  const char *cli_argv[] = { cli, "conversations", path, NULL };
  const char *tshark_argv[] = { "tshark", "-n", "-r", path, "-q", "-z",
                                "conv,tcp", NULL };
  double a = G_MAXDOUBLE, a_wall = G_MAXDOUBLE;
  double b_min = G_MAXDOUBLE, b_max = 0, a_median, b_median;
  g_autofree double *a_runs = g_new (double, repeat);
  g_autofree double *b_runs = g_new (double, repeat);
  Process b = { 0 }, c = { 0 };
  gboolean have_c = FALSE;
  guint64 size, budget;
  Baseline base = { 0 };
  Indexed idx = { 0 };
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      fprintf (stderr, "bench-ingest: cannot stat %s\n", path);
      return FALSE;
    }
  size = (guint64) st.st_size;

  /* Warm the page cache so every step reads from memory. */
  if (!run_baseline (path, &base) || !run_capture (path, &idx))
    return FALSE;

  /* Rounds of (a) then (b): a load that comes and goes slows both. */
  for (gint r = 0; r < repeat; r++)
    {
      double start = now_s (), start_cpu = cpu_s ();
      Process run;

      if (!run_baseline (path, &base))
        return FALSE;
      a_runs[r] = cpu_s () - start_cpu;
      a = MIN (a, a_runs[r]);
      a_wall = MIN (a_wall, now_s () - start);

      if (!run_process (cli_argv, out_path, &run))
        return FALSE;
      b_runs[r] = run.cpu;
      b_min = MIN (b_min, run.cpu);
      b_max = MAX (b_max, run.cpu);
      /* The peak RSS and wall time of the cheapest run. */
      if (run.cpu <= b_min)
        b = run;
    }
  b.lines = count_lines (out_path, "\t");
  a_median = median (a_runs, (guint) repeat);
  b_median = median (b_runs, (guint) repeat);

  if (tshark && g_find_program_in_path ("tshark") != NULL)
    {
      have_c = run_process (tshark_argv, out_path, &c);
      c.lines = count_lines (out_path, "<->");
    }

  budget = size + 64 * idx.segments;

  printf ("ingest: %s (%.1f MB)\n", path, size / 1e6);
  printf ("  %" G_GUINT64_FORMAT " frames, %" G_GUINT64_FORMAT " TCP segments "
          "in %" G_GUINT64_FORMAT " conversations\n",
          base.frames, idx.segments, idx.conversations);
  /* The machine may be shared: times are CPU time (user + system), the
   * best of the rounds and their median, with the wall time beside
   * them. */
  printf ("  (a) libpcap pcap_next_ex loop     %7.3f s CPU %7.3f s wall "
          "(median %.3f s CPU of %d rounds)\n", a, a_wall, a_median, repeat);
  printf ("  (b) seqack-cli conversations      %7.3f s CPU %7.3f s wall "
          "(median %.3f s CPU, runs %.3f-%.3f; %u conversations)\n",
          b.cpu, b.seconds, b_median, b_min, b_max, b.lines);
  if (have_c)
    printf ("  (c) tshark -n -q -z conv,tcp      %7.3f s CPU %7.3f s wall "
            "(%u conversations)\n", c.cpu, c.seconds, c.lines);
  else
    printf ("  (c) tshark                        not run\n");

  printf ("  b/a = %.2f best, %.2f median  (goal <= 3: %s)\n", b.cpu / a,
          b_median / a_median, verdict (b.cpu / a <= 3.0));
  if (have_c)
    {
      printf ("  c/b = %.1f  (goal >= 20: %s)\n", c.cpu / b.cpu,
              verdict (c.cpu / b.cpu >= 20.0));
      printf ("  conversations: seqack %u, tshark %u (%s)\n", b.lines,
              c.lines, b.lines == c.lines ? "the same" : "DIFFERENT");
    }
  printf ("  peak RSS of (b) %.1f MB; file + 64 B a segment %.1f MB "
          "(%s)\n", b.peak_rss / 1e6, budget / 1e6,
          verdict (b.peak_rss <= budget));
  if (idx.segments > 0)
    printf ("  peak RSS of (b) %.1f bytes a segment (the file %.1f); the "
            "capture's own count of what it holds: %.1f bytes a segment\n",
            (double) b.peak_rss / idx.segments,
            (double) size / idx.segments,
            (double) idx.metadata_bytes / idx.segments);
  if (idx.segments > 0)
    printf ("  malloc's count of what the loaded capture holds: %.1f bytes a "
            "segment (%.1f a conversation)\n",
            (double) idx.heap_bytes / idx.segments,
            (double) idx.heap_bytes / MAX (idx.conversations, 1));

  return TRUE;
}

/* One segment of bench_merge()'s capture: of flow @c, at @t_us. */
typedef struct
{
  gint64  t_us;
  guint   c, order;
  guint32 seq, ack;
  guint8  flags, len;
  gboolean from_client;
} FlowSegment;

static gint
flow_segment_compare (gconstpointer a,
                      gconstpointer b)
{
  const FlowSegment *x = a, *y = b;

  if (x->t_us != y->t_us)
    return x->t_us < y->t_us ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static void
add_flow_segment (SeqackCapture     *capture,
                  const FlowSegment *s)
{
  static const guint8 payload[64] = "GET / HTTP/1.1";
  g_autoptr(GByteArray) ip = g_byte_array_new ();
  SeqackTcpSegment seg = { 0 };
  guint16 cport = (guint16) (32768 + s->c % 28000);

  seg.src_port = s->from_client ? cport : 80;
  seg.dst_port = s->from_client ? 80 : cport;
  seg.seq = s->seq;
  seg.ack = s->ack;
  seg.flags = s->flags;
  seg.window = 65535;
  seg.payload = payload;
  seg.payload_len = s->len;
  seqack_packet_build_ipv4 (s->from_client ? 0xc0000201u : 0xc0000202u,
                            s->from_client ? 0xc0000202u : 0xc0000201u,
                            (guint16) s->c, 64, &seg, ip);
  seqack_capture_add_ip (capture, s->t_us, ip->data, ip->len);
}

/* --merge-flows: @n conversations between 192.0.2.1 and 192.0.2.2 (from
 * ports 32768 on, 28,000 apart reused), a new one every 5 ms lasting
 * 8 ms so that two overlap, merged @repeat times; the best is printed. */
static gboolean
bench_merge (guint n,
             gint  repeat)
{
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autoptr(GArray) flows = NULL;
  g_autoptr(GArray) segs = g_array_new (FALSE, FALSE, sizeof (FlowSegment));
  double best = G_MAXDOUBLE, find = G_MAXDOUBLE;
  guint n_events = 0;
  gsize memory = 0;

  for (guint c = 0; c < n; c++)
    {
      guint32 x = 1000u + c * 7919u, y = 5000u + c * 104729u;
      const FlowSegment f[] = {
        { 0, c, 0, x, 0, SEQACK_TCP_SYN, 0, TRUE },
        { 0, c, 0, y, x + 1, SEQACK_TCP_SYN | SEQACK_TCP_ACK, 0, FALSE },
        { 0, c, 0, x + 1, y + 1, SEQACK_TCP_ACK, 0, TRUE },
        { 0, c, 0, x + 1, y + 1, SEQACK_TCP_ACK | SEQACK_TCP_PSH, 14, TRUE },
        { 0, c, 0, y + 1, x + 15, SEQACK_TCP_ACK | SEQACK_TCP_PSH, 40,
          FALSE },
        { 0, c, 0, x + 15, y + 41, SEQACK_TCP_ACK | SEQACK_TCP_FIN, 0,
          TRUE },
        { 0, c, 0, y + 41, x + 16, SEQACK_TCP_ACK | SEQACK_TCP_FIN, 0,
          FALSE },
        { 0, c, 0, x + 16, y + 42, SEQACK_TCP_ACK, 0, TRUE },
      };

      for (guint i = 0; i < G_N_ELEMENTS (f); i++)
        {
          FlowSegment s = f[i];

          s.t_us = G_GINT64_CONSTANT (1700000000000000) +
                   (gint64) c * 5000 + i * 1000;
          s.order = segs->len;
          g_array_append_val (segs, s);
        }
    }
  g_array_sort (segs, flow_segment_compare);
  for (guint i = 0; i < segs->len; i++)
    add_flow_segment (capture, &g_array_index (segs, FlowSegment, i));

  if (seqack_capture_get_n_conversations (capture) != n)
    {
      fprintf (stderr, "bench-ingest: built %u conversations, not %u\n",
               seqack_capture_get_n_conversations (capture), n);
      return FALSE;
    }

  for (gint r = 0; r < repeat; r++)
    {
      double t0 = cpu_s ();
      g_autoptr(SeqackTrace) merged = NULL;

      g_clear_pointer (&flows, g_array_unref);
      flows = seqack_capture_get_flows (capture, 0);
      find = MIN (find, cpu_s () - t0);
      merged = seqack_capture_merge_flows (capture, (guint *) flows->data,
                                           flows->len, NULL);
      best = MIN (best, cpu_s () - t0);
      n_events = seqack_trace_get_n_events (merged);
      memory = seqack_trace_get_memory_size (merged);
    }

  printf ("merge flows: %u conversations between two hosts, %u events\n",
          flows->len, n_events);
  printf ("  get_flows + merge_flows  %7.3f s CPU (get_flows %.3f s), "
          "%.0f ns an event\n", best, find, best * 1e9 / MAX (n_events, 1));
  printf ("  merged trace %.1f MB (%.1f bytes an event; the packets are "
          "the capture's, shared)\n", memory / 1e6,
          (double) memory / MAX (n_events, 1));
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  gint repeat = 5;
  gboolean no_tshark = FALSE;
  gboolean only_capture = FALSE, only_baseline = FALSE;
  gint merge_flows = 0;
  gboolean parsed;
  g_autofree char *cli = NULL;
  const GOptionEntry entries[] = {
    { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat,
      "Rounds of (a) and (b), alternating; best and median (5)", "R" },
    { "no-tshark", 0, 0, G_OPTION_ARG_NONE, &no_tshark,
      "Skip (c)", NULL },
    { "cli", 0, 0, G_OPTION_ARG_FILENAME, &cli,
      "The seqack-cli to run (the one built with this)", "PATH" },
    { "only-capture", 0, 0, G_OPTION_ARG_NONE, &only_capture,
      "Load the file once in this process, nothing else (to profile it)",
      NULL },
    { "merge-flows", 0, 0, G_OPTION_ARG_INT, &merge_flows,
      "Time merging N conversations between two hosts, nothing else", "N" },
    { "only-baseline", 0, 0, G_OPTION_ARG_NONE, &only_baseline,
      "Run the bare pcap_next_ex loop once, nothing else (to profile it)",
      NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("FILE.pcap...");
  g_autoptr(GError) error = NULL;
  g_autofree char *out_path = NULL;
  gboolean ok = TRUE;
  int fd;

  g_option_context_add_main_entries (context, entries, NULL);
  parsed = g_option_context_parse (context, &argc, &argv, &error);
  if (parsed && merge_flows > 0 && repeat >= 1 && argc == 1)
    return bench_merge ((guint) merge_flows, repeat) ? 0 : 1;
  if (!parsed || argc < 2 ||
      repeat < 1 || ((only_capture || only_baseline) && argc != 2))
    {
      fprintf (stderr, "usage: bench-ingest [--repeat R] [--no-tshark] "
               "[--cli PATH] FILE.pcap...\n"
               "       bench-ingest --only-capture FILE.pcap\n"
               "       bench-ingest --only-baseline FILE.pcap\n"
               "       bench-ingest [--repeat R] --merge-flows N\n");
      return 2;
    }

  if (only_capture)
    {
      Indexed idx;

      return run_capture (argv[1], &idx) ? 0 : 1;
    }
  if (only_baseline)
    {
      Baseline b;

      return run_baseline (argv[1], &b) ? 0 : 1;
    }

  if (cli == NULL)
    cli = g_strdup (SEQACK_CLI_PATH);
  fd = g_file_open_tmp ("bench-ingest-XXXXXX", &out_path, &error);
  if (fd < 0)
    {
      fprintf (stderr, "bench-ingest: %s\n", error->message);
      return 1;
    }
  close (fd);

  for (int i = 1; i < argc && ok; i++)
    ok = bench_file (argv[i], cli, repeat, !no_tshark, out_path);

  g_unlink (out_path);
  return ok ? 0 : 1;
}
