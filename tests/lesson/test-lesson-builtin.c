/* test-lesson-builtin.c: the ten built-in lessons run end to end, every
 * number their texts quote is the Trace's, and every text has its Chinese
 * translation. */
#include "config.h"

#include <stdlib.h>

#include "lesson-test-util.h"
#include "seqack-explain.h"
#include "seqack-glossary.h"
#include "seqack-tcp-header.h"

/* TRUE when some segment among events [0, @limit) has @value as its
 * relative or absolute Seq (@field 's'), Ack ('a') or payload length
 * ('l'). */
static gboolean
trace_has (SeqackTrace *trace,
           guint        limit,
           char         field,
           guint64      value)
{
  for (guint i = 0; i < limit; i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      if (e->kind != SEQACK_EVENT_SEGMENT)
        continue;
      switch (field)
        {
        case 's':
          if (e->seq == value ||
              seqack_trace_relative_seq (trace, i) == value)
            return TRUE;
          break;
        case 'a':
          if ((e->flags & SEQACK_TCP_ACK) &&
              (e->ack == value ||
               seqack_trace_relative_ack (trace, i) == value))
            return TRUE;
          break;
        default:
          if (e->number == value)
            return TRUE;
          break;
        }
    }
  return FALSE;
}

/* The client's (@side 0) or server's first SYN: the lesson's x and y. */
static guint32
first_syn_seq (SeqackTrace *trace,
               guint        limit,
               SeqackSide   side,
               gboolean     absolute)
{
  for (guint i = 0; i < limit; i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      if (e->kind == SEQACK_EVENT_SEGMENT && e->side == side &&
          (e->flags & SEQACK_TCP_SYN) && !(e->marks & SEQACK_MARK_STALE))
        return absolute ? e->seq : seqack_trace_relative_seq (trace, i);
    }
  g_assert_not_reached ();
}

/* Finds every "Seq=N", "Ack=N", "Len=N" (also "Seq=x=N", "Ack=w+1=N") in
 * @text and checks N against the segments of events [0, @limit). Returns
 * how many numbers it checked. */
static guint
check_numbers (const char  *where,
               const char  *text,
               SeqackTrace *trace,
               guint        limit,
               gboolean     absolute)
{
  static const char *const labels[] = { "Seq=", "Ack=", "Len=" };
  guint checked = 0;

  for (guint l = 0; l < G_N_ELEMENTS (labels); l++)
    for (const char *p = strstr (text, labels[l]); p != NULL;
         p = strstr (p + 1, labels[l]))
      {
        const char *q = p + 4;
        char letter = 0;
        char *end;
        guint64 n;

        /* "x=", "w+1=": the classic letters before the number. */
        if (strchr ("xyuvw", q[0]) && q[0] != '\0' &&
            (q[1] == '=' || (q[1] == '+' && q[2] == '1' && q[3] == '=')))
          {
            letter = q[0];
            q += q[1] == '=' ? 2 : 4;
          }
        if (!g_ascii_isdigit (*q))
          continue;
        n = g_ascii_strtoull (q, &end, 10);

        if (!trace_has (trace, limit, g_ascii_tolower (labels[l][0]), n))
          g_error ("%s: “%.*s” quotes a number no segment has", where,
                   (int) (end - p), p);
        if (letter == 'x' || letter == 'y')
          {
            guint32 v = first_syn_seq (trace, limit,
                                       letter == 'x' ? SEQACK_CLIENT
                                                     : SEQACK_SERVER,
                                       absolute);

            if (q[-2] == '1')
              v++;
            g_assert_cmpuint (n, ==, v);
          }
        checked++;
      }

  /* Nothing left unfilled. */
  if (strchr (text, '{') != NULL || strchr (text, '}') != NULL)
    g_error ("%s: unfilled placeholder in “%s”", where, text);

  return checked;
}

static guint
run_lesson_checked (const char *name,
                    const char *lang,
                    gboolean    absolute)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackLesson) lesson = NULL;
  g_autoptr(SeqackLessonRun) run = NULL;
  SeqackTrace *trace;
  guint checked = 0;
  guint questions = 0;

  lesson = seqack_lesson_new_builtin (name, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seqack_lesson_get_name (lesson), ==, name);

  run = seqack_lesson_run_new (lesson, NULL);
  seqack_lesson_run_set_language (run, lang);
  seqack_lesson_run_set_absolute (run, absolute);
  trace = seqack_lab_get_trace (seqack_lesson_run_get_lab (run));

  for (;;)
    {
      g_autofree char *text = NULL;
      g_autofree char *correction = NULL;
      g_autofree char *where = NULL;

      g_assert_true (seqack_lesson_run_next (run, &error));
      g_assert_no_error (error);
      if (seqack_lesson_run_get_phase (run) == SEQACK_LESSON_PHASE_FINISHED)
        break;

      where = g_strdup_printf ("%s [%s] %s", name,
                               seqack_lesson_get_step_group (
                                 lesson, seqack_lesson_run_get_step (run)),
                               lang);

      if (seqack_lesson_run_get_phase (run) == SEQACK_LESSON_PHASE_QUESTION)
        {
          g_autofree char *prompt = NULL;
          g_autofree char *expected = NULL;
          g_auto(GStrv) choices = NULL;
          guint visible = seqack_lesson_run_get_visible_end (run);
          guint start, end;
          guint subject = seqack_lesson_run_get_subject (run);

          seqack_lesson_run_get_step_range (run, &start, &end);
          prompt = seqack_lesson_run_get_prompt (run, &error);
          g_assert_no_error (error);
          checked += check_numbers (where, prompt, trace, visible, absolute);

          /* The predicted thing is hidden while the question waits. */
          g_assert_cmpuint (visible, <, end);
          if (!seqack_question_kind_is_about_side (
                seqack_lesson_run_get_question_kind (run)))
            g_assert_cmpuint (visible, <=, subject);

          choices = seqack_lesson_run_get_choices (run, &error);
          g_assert_no_error (error);
          expected = seqack_lesson_run_get_expected (run);
          if (choices != NULL)
            g_assert_true (g_strv_contains ((const char *const *) choices,
                                            expected));
          questions++;
          seqack_lesson_run_reveal (run);
        }

      text = seqack_lesson_run_get_text (run, &error);
      g_assert_no_error (error);
      g_assert_nonnull (text);
      checked += check_numbers (where, text, trace,
                                seqack_lesson_run_get_visible_end (run),
                                absolute);
      correction = seqack_lesson_run_get_correction (run, &error);
      g_assert_no_error (error);
      if (correction != NULL)
        checked += check_numbers (where, correction, trace,
                                  seqack_lesson_run_get_visible_end (run),
                                  absolute);
      if (g_strcmp0 (lang, "zh_CN") == 0)
        if (!has_cjk (text))
          g_error ("%s: no Chinese in “%s”", where, text);
    }

  /* Every lesson but the first asks something. */
  if (g_strcmp0 (name, "ip-and-tcp") != 0)
    g_assert_cmpuint (questions, >, 0);

  return checked;
}

static void
test_numbers_match_trace (void)
{
  const char *const *names = seqack_lesson_builtin_names ();
  guint checked = 0;

  g_assert_cmpuint (g_strv_length ((GStrv) names), ==, 13);
  for (guint i = 0; names[i] != NULL; i++)
    {
      checked += run_lesson_checked (names[i], "en", FALSE);
      checked += run_lesson_checked (names[i], "zh_CN", FALSE);
      checked += run_lesson_checked (names[i], "en", TRUE);
    }
  /* The texts really quote numbers: the check above is not vacuous. */
  g_assert_cmpuint (checked, >, 100);
}

/* Lesson 2 as the classic text writes it: SYN Seq=x, SYN+ACK Seq=y
 * Ack=x+1, ACK Seq=x+1 Ack=y+1, with x and y the Trace's ISNs. */
static void
test_handshake_letters (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackLesson) lesson = seqack_lesson_new_builtin ("handshake",
                                                              &error);
  g_autoptr(SeqackLessonRun) run = seqack_lesson_run_new (lesson, NULL);
  SeqackTrace *trace = seqack_lab_get_trace (seqack_lesson_run_get_lab (run));
  g_autofree char *text = NULL;
  g_autofree char *want = NULL;
  guint32 x, y;

  seqack_lesson_run_set_absolute (run, TRUE);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_true (seqack_lesson_run_next (run, &error));
      seqack_lesson_run_reveal (run);
    }
  x = first_syn_seq (trace, seqack_trace_get_n_events (trace), SEQACK_CLIENT,
                     TRUE);
  y = first_syn_seq (trace, seqack_trace_get_n_events (trace), SEQACK_SERVER,
                     TRUE);
  /* Absolute numbers: the random ISNs, not 0 or 1. */
  g_assert_cmpuint (x, >, 1);
  text = seqack_lesson_run_get_text (run, &error);
  g_assert_no_error (error);
  want = g_strdup_printf ("ACK  Seq=x+1=%u  Ack=y+1=%u", x + 1, y + 1);
  g_assert_nonnull (strstr (text, want));
}

static void
test_translations (void)
{
  const char *const *names = seqack_lesson_builtin_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeqackLesson) lesson = seqack_lesson_new_builtin (names[i],
                                                                  &error);
      g_autofree char *missing = NULL;
      g_autofree char *title = NULL;
      g_autofree char *title_en = NULL;
      g_autofree char *summary = NULL;

      g_assert_no_error (error);
      if (!seqack_lesson_check_translations (lesson, "zh_CN", &missing))
        g_error ("%s: %s has no zh_CN translation", names[i], missing);

      title = seqack_lesson_get_title (lesson, "zh_CN");
      title_en = seqack_lesson_get_title (lesson, "en");
      summary = seqack_lesson_get_summary (lesson, "zh_CN");
      g_assert_true (has_cjk (title));
      g_assert_true (has_cjk (summary));
      g_assert_false (has_cjk (title_en));

      for (guint s = 0; s < seqack_lesson_get_n_steps (lesson); s++)
        {
          static const char *const keys[] = {
            "Title", "Text", "Correction", "Prompt", "Feedback-1",
            "Feedback-2",
          };

          for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
            {
              g_autofree char *zh = seqack_lesson_get_step_string (
                lesson, s, keys[k], "zh_CN");
              g_autofree char *en = seqack_lesson_get_step_string (
                lesson, s, keys[k], "en");

              g_assert_true ((zh == NULL) == (en == NULL));
              if (zh == NULL)
                continue;
              if (!has_cjk (zh) && g_strcmp0 (keys[k], "Title") != 0)
                g_error ("%s step %u %s[zh_CN] has no Chinese", names[i],
                         s + 1, keys[k]);
              g_assert_false (has_cjk (en));
            }
        }
    }
}

/* The TIME-WAIT facts the issue fixes, in both languages. */
static void
test_time_wait_facts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackLesson) lesson = seqack_lesson_new_builtin ("time-wait",
                                                              &error);
  g_autofree char *en = seqack_lesson_get_step_string (lesson, 0, "Text",
                                                       "en");
  g_autofree char *zh = seqack_lesson_get_step_string (lesson, 0, "Text",
                                                       "zh_CN");
  static const char *const facts[] = {
    "RFC 793", "2 minutes", "4 minutes", "Windows 2000", "Server 2003",
    "120 s", "TcpTimedWaitDelay", "60 s", "TCP_TIMEWAIT_LEN",
  };
  static const char *const facts_zh[] = {
    "RFC 793", "2 分钟", "4 分钟", "Windows 2000", "Server 2003", "120 秒",
    "TcpTimedWaitDelay", "60 秒", "TCP_TIMEWAIT_LEN",
  };

  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    {
      g_assert_nonnull (strstr (en, facts[i]));
      g_assert_nonnull (strstr (zh, facts_zh[i]));
    }
}

/* Lesson 7 step 5 (issue 14, bug 6): a CLOSED client's RST makes the
 * server in LAST-ACK close without telling its application, no error
 * (RFC 9293 §3.10.7.4), in both languages; /lab/timers/rfc9293-3.10.7.4-
 * last-ack-rst-reports-nothing runs the case. */
static void
test_time_wait_last_ack_rst (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackLesson) lesson = seqack_lesson_new_builtin ("time-wait",
                                                              &error);
  g_autofree char *en = seqack_lesson_get_step_string (lesson, 4, "Text",
                                                       "en");
  g_autofree char *zh = seqack_lesson_get_step_string (lesson, 4, "Text",
                                                       "zh_CN");

  g_assert_no_error (error);
  g_assert_nonnull (strstr (en, "without telling its application"));
  g_assert_nonnull (strstr (en, "No error"));
  g_assert_nonnull (strstr (en, "§3.10.7.4"));
  g_assert_null (strstr (en, "report an error"));
  g_assert_null (strstr (en, "reports an error"));
  g_assert_nonnull (strstr (zh, "不会通知它的应用程序"));
  g_assert_nonnull (strstr (zh, "不会报错"));
}

static void
test_glossary (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackGlossary) glossary = seqack_glossary_new_builtin (&error);
  g_autofree char *missing = NULL;
  static const char *const pairs[][2] = {
    { "handshake", "握手" },
    { "sequence number", "序号" },
    { "acknowledgement number", "确认号" },
    { "segment", "报文段" },
    { "retransmission", "重传" },
  };

  g_assert_no_error (error);
  g_assert_cmpuint (seqack_glossary_get_n_terms (glossary), >=, 20);
  if (!seqack_glossary_check_translations (glossary, "zh_CN", &missing))
    g_error ("glossary: %s has no zh_CN translation", missing);

  for (guint p = 0; p < G_N_ELEMENTS (pairs); p++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < seqack_glossary_get_n_terms (glossary); i++)
        {
          g_autofree char *en = seqack_glossary_get_term (glossary, i, "en");
          g_autofree char *zh = seqack_glossary_get_term (glossary, i,
                                                          "zh_CN");
          g_autofree char *def = seqack_glossary_get_definition (glossary, i,
                                                                 "zh_CN");

          g_assert_true (has_cjk (def));
          if (g_ascii_strcasecmp (en, pairs[p][0]) == 0)
            {
              g_assert_cmpstr (zh, ==, pairs[p][1]);
              found = TRUE;
            }
        }
      g_assert_true (found);
    }
}

/* The inspector's line for the RST of lesson @name's step @step (1-based),
 * in relative or absolute numbers. */
static char *
rst_explanation (const char *name,
                 guint       step,
                 gboolean    absolute,
                 guint32    *shown)
{
  g_autoptr(SeqackLesson) lesson = seqack_lesson_new_builtin (name, NULL);
  g_autoptr(SeqackLessonRun) run = seqack_lesson_run_new (lesson, NULL);
  SeqackTrace *trace = seqack_lab_get_trace (seqack_lesson_run_get_lab (run));
  guint subject;

  while (seqack_lesson_run_get_phase (run) == SEQACK_LESSON_PHASE_START ||
         seqack_lesson_run_get_step (run) + 1 < step)
    {
      g_assert_true (seqack_lesson_run_next (run, NULL));
      seqack_lesson_run_reveal (run);
    }
  subject = seqack_lesson_run_get_subject (run);
  g_assert_true (seqack_trace_get_event (trace, subject)->flags &
                 SEQACK_TCP_RST);
  *shown = absolute ? seqack_trace_get_event (trace, subject)->seq
                    : seqack_trace_relative_seq (trace, subject);
  return seqack_explain_seq (trace, subject, absolute);
}

/* A reset's Seq is explained by the rule that gives it, not as SND.NXT:
 * lesson 3's RST repeats the bogus Ack (SYN-SENT), lesson 8's closed port
 * answers a SYN with Seq 0, and its abort sends SND.NXT. */
static void
test_rst_explained (void)
{
  for (int absolute = 0; absolute < 2; absolute++)
    {
      g_autofree char *ghost = NULL;
      g_autofree char *closed = NULL;
      g_autofree char *abort = NULL;
      g_autofree char *number = NULL;
      guint32 shown;

      ghost = rst_explanation ("why-three", 4, absolute, &shown);
      number = g_strdup_printf ("Seq = %u:", shown);
      g_assert_true (g_str_has_prefix (ghost, number));
      g_assert_nonnull (strstr (ghost, "Ack of the segment it answers"));
      g_assert_nonnull (strstr (ghost, "§3.10.7.1"));
      g_assert_null (strstr (ghost, "SND.NXT"));

      closed = rst_explanation ("beyond", 7, absolute, &shown);
      g_assert_nonnull (strstr (closed, "without ACK"));
      g_assert_nonnull (strstr (closed, "§3.10.7.1"));

      abort = rst_explanation ("beyond", 8, absolute, &shown);
      g_assert_nonnull (strstr (abort, "SND.NXT"));
      g_assert_nonnull (strstr (abort, "§3.10.4"));
    }
}

/* Does @text hold @number as a whole number? */
static gboolean
has_number (const char *text,
            guint32     number)
{
  g_autofree char *n = g_strdup_printf ("%u", number);
  gsize len = strlen (n);

  for (const char *p = strstr (text, n); p != NULL; p = strstr (p + 1, n))
    if ((p == text || !g_ascii_isdigit (p[-1])) && !g_ascii_isdigit (p[len]))
      return TRUE;
  return FALSE;
}

/* Lesson 3 numbers as its diagram does: with relative numbers on, no
 * text quotes a number as it is on the wire, and with absolute numbers
 * none quotes a relative one (its old duplicate's numbers differ
 * between the two by the client's ISN). */
static void
test_why_three_numbering (void)
{
  for (int absolute = 0; absolute < 2; absolute++)
    {
      g_autoptr(SeqackLesson) lesson = seqack_lesson_new_builtin ("why-three",
                                                                  NULL);
      g_autoptr(SeqackLessonRun) run = seqack_lesson_run_new (lesson, NULL);
      SeqackTrace *trace = seqack_lab_get_trace (seqack_lesson_run_get_lab (run));
      g_autoptr(GString) all = g_string_new (NULL);
      guint n;

      seqack_lesson_run_set_absolute (run, absolute);
      for (;;)
        {
          g_autofree char *prompt = NULL;
          g_autofree char *text = NULL;

          g_assert_true (seqack_lesson_run_next (run, NULL));
          if (seqack_lesson_run_get_phase (run) ==
              SEQACK_LESSON_PHASE_FINISHED)
            break;
          prompt = seqack_lesson_run_get_prompt (run, NULL);
          seqack_lesson_run_reveal (run);
          text = seqack_lesson_run_get_text (run, NULL);
          g_string_append_printf (all, "%s\n%s\n", prompt ? prompt : "",
                                  text);
        }

      n = seqack_trace_get_n_events (trace);
      for (guint i = 0; i < n; i++)
        {
          const SeqackEvent *e = seqack_trace_get_event (trace, i);
          guint32 rel_seq, rel_ack;

          if (e->kind != SEQACK_EVENT_SEGMENT)
            continue;
          rel_seq = seqack_trace_relative_seq (trace, i);
          rel_ack = seqack_trace_relative_ack (trace, i);
          /* Small numbers (0, 1) are the same in both: only the large
           * ones tell the numberings apart. */
          if (absolute)
            {
              if (rel_seq > 1000 && rel_seq != e->seq)
                g_assert_false (has_number (all->str, rel_seq));
              if (rel_ack > 1000 && rel_ack != e->ack)
                g_assert_false (has_number (all->str, rel_ack));
            }
          else
            {
              g_assert_false (has_number (all->str, e->seq));
              if (e->flags & SEQACK_TCP_ACK)
                g_assert_false (has_number (all->str, e->ack));
            }
        }
      /* The ghost's numbers are quoted, in the chosen numbering. */
      g_assert_nonnull (strstr (all->str, "Seq="));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lesson/builtin/numbers-match-trace",
                   test_numbers_match_trace);
  g_test_add_func ("/lesson/builtin/handshake-letters",
                   test_handshake_letters);
  g_test_add_func ("/lesson/builtin/translations", test_translations);
  g_test_add_func ("/lesson/builtin/time-wait-facts", test_time_wait_facts);
  g_test_add_func ("/lesson/builtin/rfc9293-3.10.7.4-time-wait-step-5-last-ack-rst",
                   test_time_wait_last_ack_rst);
  g_test_add_func ("/lesson/builtin/glossary", test_glossary);
  g_test_add_func ("/lesson/builtin/rst-explained", test_rst_explained);
  g_test_add_func ("/lesson/builtin/why-three-numbering",
                   test_why_three_numbering);

  return g_test_run ();
}
