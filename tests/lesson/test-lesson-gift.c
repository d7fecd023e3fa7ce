/* test-lesson-gift.c: the GIFT reader of the tests against the examples
 * of Moodle's documentation, GIFT escaping, and the class sets SeqAck
 * exports read back with it. */
#include "config.h"

#include <string.h>

#include "gift-parser.h"
#include "lesson-test-util.h"
#include "seqack-quiz-export.h"

static GPtrArray *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *questions = gift_parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (questions);
  return questions;
}

static void
assert_parse_fails (const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *questions = gift_parse (text, &error);

  g_assert_null (questions);
  g_assert_nonnull (error);
}

static GiftAnswer *
answer (GiftQuestion *q,
        guint         i)
{
  g_assert_cmpuint (i, <, q->answers->len);
  return g_ptr_array_index (q->answers, i);
}

/* The examples of the documentation, read as it says they read. */
static void
test_parser_documentation (void)
{
  g_autoptr(GPtrArray) qs = parse_ok (
    "// question: 1 name: Grant's tomb\n"
    "::Grant's tomb::Who's buried in Grant's tomb?{~Grant ~Jefferson "
    "=no one}\n"
    "\n"
    "Grant is {~buried =entombed ~living} in Grant's tomb.\n"
    "\n"
    "Grant is buried in Grant's tomb.{FALSE}\n"
    "\n"
    "Who's buried in Grant's tomb?{=no one =nobody}\n"
    "\n"
    "When was Ulysses S. Grant born?{#1822:5}\n"
    "\n"
    "$CATEGORY: $course$/Presidents\n"
    "\n"
    "When was Ulysses S. Grant born? {#\n"
    "    =1822:0      #Correct! Full credit.\n"
    "    =%50%1822:2  #He was born in 1822. Half credit for being close.\n"
    "}\n"
    "\n"
    "What's 2 plus 2? {=four#Right! ~%50%4#Digits count half ~five#No.}\n"
    "\n"
    "Write a short biography of Dag Hammarskjöld. {}\n");
  GiftQuestion *q;

  g_assert_cmpuint (qs->len, ==, 8);

  q = g_ptr_array_index (qs, 0);
  g_assert_cmpstr (q->name, ==, "Grant's tomb");
  g_assert_cmpint (q->type, ==, GIFT_MULTICHOICE);
  g_assert_cmpstr (q->text, ==, "Who's buried in Grant's tomb?");
  g_assert_cmpuint (q->answers->len, ==, 3);
  g_assert_cmpstr (answer (q, 2)->text, ==, "no one");
  g_assert_cmpfloat (answer (q, 2)->weight, ==, 100);
  g_assert_cmpfloat (answer (q, 0)->weight, ==, 0);
  g_assert_null (q->category);

  q = g_ptr_array_index (qs, 1);
  g_assert_cmpint (q->type, ==, GIFT_MULTICHOICE);
  g_assert_cmpstr (q->text, ==, "Grant is _____ in Grant's tomb.");

  q = g_ptr_array_index (qs, 2);
  g_assert_cmpint (q->type, ==, GIFT_TRUEFALSE);
  g_assert_cmpstr (answer (q, 0)->text, ==, "FALSE");

  q = g_ptr_array_index (qs, 3);
  g_assert_cmpint (q->type, ==, GIFT_SHORTANSWER);
  g_assert_cmpuint (q->answers->len, ==, 2);

  q = g_ptr_array_index (qs, 4);
  g_assert_cmpint (q->type, ==, GIFT_NUMERICAL);
  g_assert_cmpfloat (answer (q, 0)->value, ==, 1822);
  g_assert_cmpfloat (answer (q, 0)->tolerance, ==, 5);

  q = g_ptr_array_index (qs, 5);
  g_assert_cmpstr (q->category, ==, "$course$/Presidents");
  g_assert_cmpint (q->type, ==, GIFT_NUMERICAL);
  g_assert_cmpuint (q->answers->len, ==, 2);
  g_assert_cmpfloat (answer (q, 1)->weight, ==, 50);
  g_assert_cmpfloat (answer (q, 1)->tolerance, ==, 2);
  g_assert_cmpstr (answer (q, 1)->feedback, ==,
                   "He was born in 1822. Half credit for being close.");

  q = g_ptr_array_index (qs, 6);
  g_assert_cmpint (q->type, ==, GIFT_MULTICHOICE);
  g_assert_cmpfloat (answer (q, 1)->weight, ==, 50);
  g_assert_cmpstr (answer (q, 1)->text, ==, "4");
  g_assert_cmpstr (answer (q, 0)->feedback, ==, "Right!");

  q = g_ptr_array_index (qs, 7);
  g_assert_cmpint (q->type, ==, GIFT_ESSAY);
}

/* The documentation's escapes, and the mistakes a strict reader finds. */
static void
test_parser_escapes (void)
{
  g_autoptr(GPtrArray) qs = parse_ok (
    "::Q\\: one::Which is right\\: a \\= b, \\{c\\}, \\~d or \\#e?\\nNew "
    "line, back\\\\slash.{=a \\= b#Yes\\: \\#1 ~\\{c\\}#No\\~}\n");
  GiftQuestion *q = g_ptr_array_index (qs, 0);

  g_assert_cmpstr (q->name, ==, "Q: one");
  g_assert_cmpstr (q->text, ==, "Which is right: a = b, {c}, ~d or #e?\n"
                                "New line, back\\slash.");
  g_assert_cmpint (q->type, ==, GIFT_MULTICHOICE);
  g_assert_cmpstr (answer (q, 0)->text, ==, "a = b");
  g_assert_cmpstr (answer (q, 0)->feedback, ==, "Yes: #1");
  g_assert_cmpstr (answer (q, 1)->text, ==, "{c}");
  g_assert_cmpstr (answer (q, 1)->feedback, ==, "No~");

  assert_parse_fails ("Time: now?{=a ~b}\n");        /* ':' in text */
  assert_parse_fails ("a = b?{=a ~b}\n");            /* '=' in text */
  assert_parse_fails ("Pick {=a:b ~c}\n");           /* ':' in a choice */
  assert_parse_fails ("Pick {=a#x#y ~c}\n");         /* '#' in feedback */
  assert_parse_fails ("Pick {=a ~c\n");              /* unclosed */
  assert_parse_fails ("Pick {=a} and {=b}\n");       /* two blocks */
  assert_parse_fails ("How many?{#12x}\n");          /* not a number */
  assert_parse_fails ("::name {=a ~b}\n");           /* unclosed name */
  assert_parse_fails ("[latex]x{=a ~b}\n");          /* unknown format */
}

/* seqack_gift_escape() text reads back exactly, wherever it stands. */
static void
test_escape_round_trip (void)
{
  static const char *const texts[] = {
    "plain text",
    "a:b=c#d~e{f}g",
    "back\\slash and \\n not a newline",
    "two\nlines",
    "::looks like a name::",
    "100% {#1822:5} ~%50%x",
    "中文：握手 → ESTABLISHED",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *e = seqack_gift_escape (texts[i]);
      g_autofree char *gift = g_strdup_printf ("::%s::%s{=%s#%s ~other}\n",
                                               e, e, e, e);
      g_autoptr(GPtrArray) qs = parse_ok (gift);
      GiftQuestion *q = g_ptr_array_index (qs, 0);
      g_autofree char *want = g_strstrip (g_strdup (texts[i]));

      g_assert_null (strpbrk (e, "\n"));
      g_assert_cmpstr (q->name, ==, want);
      g_assert_cmpstr (q->text, ==, want);
      g_assert_cmpstr (answer (q, 0)->text, ==, want);
      g_assert_cmpstr (answer (q, 0)->feedback, ==, want);
    }
}

static GPtrArray *
make_class (const char *name,
            guint64     seed,
            guint       n,
            const char *lang)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackLesson) lesson = seqack_lesson_new_builtin (name, &error);
  GPtrArray *variants;

  g_assert_no_error (error);
  variants = seqack_quiz_class_new (lesson, seed, n, lang, &error);
  g_assert_no_error (error);
  g_assert_nonnull (variants);
  return variants;
}


/* Every built-in lesson's class set reads back as the questions it was
 * made from: one per variant and question, named "NAME · step K · seed S",
 * numerical for numbers, multiple choice with one right choice for flags
 * and states, the right answer the variant's. */
static void
test_export_reads_back (void)
{
  const char *const *names = seqack_lesson_builtin_names ();

  for (guint l = 0; names[l] != NULL; l++)
    {
      g_autoptr(GPtrArray) variants = make_class (names[l], 2026 + l, 3,
                                                  "en");
      g_autofree char *gift = seqack_quiz_export_gift (variants);
      g_autoptr(GPtrArray) qs = parse_ok (gift);
      guint k = 0;

      for (guint v = 0; v < variants->len; v++)
        {
          SeqackQuizVariant *variant = g_ptr_array_index (variants, v);

          for (guint i = 0; i < seqack_quiz_variant_get_n_questions (variant);
               i++, k++)
            {
              const SeqackQuizQuestion *want =
                seqack_quiz_variant_get_question (variant, i);
              g_autofree char *title = g_strdup_printf (
                "%s · step %u · seed %" G_GUINT64_FORMAT, names[l],
                want->step + 1, seqack_quiz_variant_get_seed (variant));
              GiftQuestion *q;
              guint right = 0;

              g_assert_cmpuint (k, <, qs->len);
              q = g_ptr_array_index (qs, k);
              g_assert_cmpstr (q->name, ==, title);
              g_assert_cmpstr (q->format, ==, "plain");
              g_assert_true (g_str_has_prefix (q->text, want->prompt));
              g_assert_true (g_str_has_prefix (q->category,
                                               "$course$/SeqAck/"));

              if (seqack_question_kind_is_number (want->kind))
                {
                  g_assert_cmpint (q->type, ==, GIFT_NUMERICAL);
                  g_assert_cmpfloat (answer (q, 0)->weight, ==, 100);
                  g_assert_cmpfloat (answer (q, 0)->value, ==, want->number);
                  g_assert_cmpfloat (answer (q, 0)->tolerance, ==, 0);
                  /* Every other answer is a wrong one SeqAck explains. */
                  for (guint a = 1; a < q->answers->len; a++)
                    {
                      g_assert_cmpfloat (answer (q, a)->weight, ==, 0);
                      g_assert_nonnull (answer (q, a)->feedback);
                      g_assert_cmpfloat (answer (q, a)->value, !=,
                                         want->number);
                    }
                  continue;
                }

              g_assert_cmpint (q->type, ==, GIFT_MULTICHOICE);
              g_assert_cmpuint (q->answers->len, >=, 3);
              for (guint a = 0; a < q->answers->len; a++)
                if (answer (q, a)->weight == 100)
                  {
                    right++;
                    g_assert_cmpstr (answer (q, a)->text, ==, want->answer);
                  }
              g_assert_cmpuint (right, ==, 1);
            }
        }
      g_assert_cmpuint (k, ==, qs->len);
    }
}

/* The handshake's misconceptions reach the wrong choices: SYN-SENT for a
 * listening server, ISN "1", Ack = x. */
static void
test_export_misconceptions (void)
{
  g_autoptr(GPtrArray) variants = make_class ("handshake", 7, 1, "en");
  g_autofree char *gift = seqack_quiz_export_gift (variants);
  g_autoptr(GPtrArray) qs = parse_ok (gift);
  GiftQuestion *listen = g_ptr_array_index (qs, 0);
  GiftQuestion *syn = g_ptr_array_index (qs, 1);
  GiftQuestion *syn_ack = g_ptr_array_index (qs, 2);
  gboolean found = FALSE;

  g_assert_cmpuint (qs->len, ==, 5);
  for (guint a = 0; a < listen->answers->len; a++)
    if (g_strcmp0 (answer (listen, a)->text, "SYN-SENT") == 0)
      {
        found = TRUE;
        g_assert_cmpfloat (answer (listen, a)->weight, ==, 0);
        g_assert_nonnull (strstr (answer (listen, a)->feedback,
                                  "first SYN"));
      }
  g_assert_true (found);

  g_assert_cmpint (syn->type, ==, GIFT_NUMERICAL);
  g_assert_cmpuint (syn->answers->len, ==, 2);
  g_assert_cmpstr (answer (syn, 1)->text, ==, "1:0");
  g_assert_nonnull (strstr (answer (syn, 1)->feedback, "RFC 6528"));
  /* The ISN is given: nobody can predict a random number. */
  g_assert_nonnull (strstr (syn->text, "initial sequence number (ISN)"));

  g_assert_cmpint (syn_ack->type, ==, GIFT_NUMERICAL);
  g_assert_cmpfloat (answer (syn_ack, 1)->value, ==,
                     answer (syn_ack, 0)->value - 1);
  g_assert_nonnull (answer (syn_ack, 1)->feedback);
}

/* Chinese exports read back with Chinese prompts and feedback. */
static void
test_export_zh_cn (void)
{
  g_autoptr(GPtrArray) variants = make_class ("handshake", 7, 2, "zh_CN");
  g_autofree char *gift = seqack_quiz_export_gift (variants);
  g_autoptr(GPtrArray) qs = parse_ok (gift);
  GiftQuestion *q = g_ptr_array_index (qs, 0);

  g_assert_cmpuint (qs->len, ==, 10);
  g_assert_true (has_cjk (q->text));
  g_assert_true (has_cjk (q->category));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lesson/gift/parser/documentation",
                   test_parser_documentation);
  g_test_add_func ("/lesson/gift/parser/escapes", test_parser_escapes);
  g_test_add_func ("/lesson/gift/escape/round-trip", test_escape_round_trip);
  g_test_add_func ("/lesson/gift/export/reads-back", test_export_reads_back);
  g_test_add_func ("/lesson/gift/export/misconceptions",
                   test_export_misconceptions);
  g_test_add_func ("/lesson/gift/export/zh-cn", test_export_zh_cn);

  return g_test_run ();
}
