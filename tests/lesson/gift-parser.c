/* gift-parser.c: a strict reader of Moodle's GIFT format (see the header).
 *
 * As Moodle's own importer does, escaped special characters are first
 * turned into markers that no syntax rule looks at, and turned back into
 * the characters when a piece of text is taken out.
 */
#include "config.h"

#include <string.h>

#include "gift-parser.h"

#define GIFT_ERROR (g_quark_from_static_string ("gift-error"))

static const char specials[] = "~=#{}:\\";

/* Escaped special character i of specials[] becomes byte i + 1. */
static gboolean
is_marker (char c)
{
  return c >= 1 && c <= (char) strlen (specials);
}

static char *
restore (const char *start,
         gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      char c = start[i];

      g_string_append_c (out, is_marker (c) ? specials[c - 1] : c);
    }
  return g_strstrip (g_string_free (out, FALSE));
}

static gboolean
pre_escape (const char  *block,
            char       **out,
            GError     **error)
{
  GString *s = g_string_new (NULL);

  for (const char *p = block; *p != '\0'; p++)
    {
      const char *special;

      if (is_marker (*p))
        {
          g_set_error (error, GIFT_ERROR, 1, "control character in text");
          g_string_free (s, TRUE);
          return FALSE;
        }
      if (*p != '\\' || p[1] == '\0')
        {
          g_string_append_c (s, *p);
          continue;
        }
      if (p[1] == 'n')
        g_string_append_c (s, '\n');
      else if ((special = strchr (specials, p[1])) != NULL)
        g_string_append_c (s, (char) (special - specials + 1));
      else
        {
          /* A backslash before anything else is itself. */
          g_string_append_c (s, '\\');
          continue;
        }
      p++;
    }
  *out = g_string_free (s, FALSE);
  return TRUE;
}

static void
answer_free (gpointer data)
{
  GiftAnswer *a = data;

  g_free (a->text);
  g_free (a->feedback);
  g_free (a);
}

static void
question_free (gpointer data)
{
  GiftQuestion *q = data;

  g_free (q->category);
  g_free (q->name);
  g_free (q->format);
  g_free (q->text);
  g_ptr_array_unref (q->answers);
  g_free (q);
}

/* "%50%" at *p: the weight, and p past it. */
static gboolean
parse_weight (const char **p,
              const char  *end,
              double      *weight,
              GError     **error)
{
  const char *close;
  g_autofree char *num = NULL;
  char *num_end;

  if (*p >= end || **p != '%')
    return TRUE;
  close = memchr (*p + 1, '%', end - (*p + 1));
  if (close == NULL)
    {
      g_set_error (error, GIFT_ERROR, 2, "unclosed answer weight");
      return FALSE;
    }
  num = g_strndup (*p + 1, close - (*p + 1));
  *weight = g_ascii_strtod (num, &num_end);
  if (*num == '\0' || *num_end != '\0' || *weight < -100 || *weight > 100)
    {
      g_set_error (error, GIFT_ERROR, 2, "bad answer weight ‘%s’", num);
      return FALSE;
    }
  *p = close + 1;
  return TRUE;
}

static gboolean
parse_number (const char  *text,
              double      *value,
              GError     **error)
{
  char *end;

  *value = g_ascii_strtod (text, &end);
  if (*text == '\0' || *end != '\0')
    {
      g_set_error (error, GIFT_ERROR, 3, "not a number: ‘%s’", text);
      return FALSE;
    }
  return TRUE;
}

/* One answer of a list: [%w%]text[#feedback] in [p, end). */
static GiftAnswer *
parse_answer (const char  *p,
              const char  *end,
              double       weight,
              gboolean     numerical,
              GError     **error)
{
  g_autoptr(GPtrArray) keep = NULL;
  GiftAnswer *a = g_new0 (GiftAnswer, 1);
  const char *hash;

  a->weight = weight;
  if (!parse_weight (&p, end, &a->weight, error))
    {
      answer_free (a);
      return NULL;
    }
  hash = memchr (p, '#', end - p);
  a->text = restore (p, (hash != NULL ? hash : end) - p);
  if (hash != NULL)
    a->feedback = restore (hash + 1, end - (hash + 1));

  if (numerical)
    {
      g_autofree char *value = NULL;
      char *colon = strchr (a->text, ':');
      char *range = strstr (a->text, "..");

      /* Markers are gone: a ':' here was not escaped. */
      if (colon != NULL)
        {
          value = g_strndup (a->text, colon - a->text);
          if (!parse_number (g_strstrip (value), &a->value, error) ||
              !parse_number (g_strstrip (colon + 1), &a->tolerance, error))
            goto fail;
        }
      else if (range != NULL)
        {
          double lo, hi;

          value = g_strndup (a->text, range - a->text);
          if (!parse_number (g_strstrip (value), &lo, error) ||
              !parse_number (g_strstrip (range + 2), &hi, error))
            goto fail;
          a->value = (lo + hi) / 2;
          a->tolerance = (hi - lo) / 2;
        }
      else if (!parse_number (a->text, &a->value, error))
        goto fail;
    }
  else
    {
      for (const char *c = p; c < (hash != NULL ? hash : end); c++)
        if (*c == ':' || *c == '{' || *c == '}')
          {
            g_set_error (error, GIFT_ERROR, 4,
                         "unescaped ‘%c’ in answer ‘%s’", *c, a->text);
            goto fail;
          }
      if (*a->text == '\0')
        {
          g_set_error (error, GIFT_ERROR, 4, "empty answer");
          goto fail;
        }
    }
  for (const char *c = hash != NULL ? hash + 1 : end; c < end; c++)
    if (*c == ':' || *c == '{' || *c == '}' || *c == '#')
      {
        g_set_error (error, GIFT_ERROR, 4, "unescaped ‘%c’ in feedback ‘%s’",
                     *c, a->feedback);
        goto fail;
      }
  return a;

fail:
  answer_free (a);
  return NULL;
}

static gboolean
parse_answers (GiftQuestion  *q,
               const char    *p,
               const char    *end,
               GError       **error)
{
  const char *general;

  while (p < end && g_ascii_isspace (*p))
    p++;
  while (end > p && g_ascii_isspace (end[-1]))
    end--;

  /* "####" starts the general feedback. */
  general = g_strstr_len (p, end - p, "####");
  if (general != NULL)
    end = general;
  while (end > p && g_ascii_isspace (end[-1]))
    end--;

  if (p == end)
    {
      q->type = GIFT_ESSAY;
      return TRUE;
    }

  if (*p == '#')
    {
      const char *eq;

      q->type = GIFT_NUMERICAL;
      p++;
      while (p < end && g_ascii_isspace (*p))
        p++;
      eq = memchr (p, '=', end - p);
      if (eq == NULL)
        {
          GiftAnswer *a = parse_answer (p, end, 100, TRUE, error);

          if (a == NULL)
            return FALSE;
          g_ptr_array_add (q->answers, a);
          return TRUE;
        }
      if (eq != p)
        {
          g_set_error (error, GIFT_ERROR, 5, "text before the first ‘=’");
          return FALSE;
        }
      while (eq != NULL)
        {
          const char *next = memchr (eq + 1, '=', end - (eq + 1));
          GiftAnswer *a = parse_answer (eq + 1, next != NULL ? next : end,
                                        100, TRUE, error);

          if (a == NULL)
            return FALSE;
          g_ptr_array_add (q->answers, a);
          eq = next;
        }
      return TRUE;
    }

  {
    g_autofree char *word = restore (p, end - p);
    char *hash = strchr (word, '#');

    if (hash != NULL)
      *hash = '\0';
    g_strstrip (word);
    if (g_strcmp0 (word, "TRUE") == 0 || g_strcmp0 (word, "FALSE") == 0 ||
        g_strcmp0 (word, "T") == 0 || g_strcmp0 (word, "F") == 0)
      {
        GiftAnswer *a = g_new0 (GiftAnswer, 1);

        q->type = GIFT_TRUEFALSE;
        a->weight = 100;
        a->text = g_strdup (word);
        g_ptr_array_add (q->answers, a);
        return TRUE;
      }
  }

  q->type = memchr (p, '~', end - p) != NULL ? GIFT_MULTICHOICE
                                             : GIFT_SHORTANSWER;
  if (*p != '=' && *p != '~')
    {
      g_set_error (error, GIFT_ERROR, 5, "an answer must start with = or ~");
      return FALSE;
    }
  while (p < end)
    {
      const char *next = p + 1;
      GiftAnswer *a;

      while (next < end && *next != '=' && *next != '~')
        next++;
      a = parse_answer (p + 1, next, *p == '=' ? 100 : 0, FALSE, error);
      if (a == NULL)
        return FALSE;
      g_ptr_array_add (q->answers, a);
      p = next;
    }
  if (q->type == GIFT_MULTICHOICE && q->answers->len < 2)
    {
      g_set_error (error, GIFT_ERROR, 6, "multiple choice with one choice");
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_text (const char  *p,
            const char  *end,
            GError     **error)
{
  for (; p < end; p++)
    if (strchr ("~=#}:", *p) != NULL)
      {
        g_set_error (error, GIFT_ERROR, 7, "unescaped ‘%c’ in question text",
                     *p);
        return FALSE;
      }
  return TRUE;
}

static GiftQuestion *
parse_question (const char  *block,
                const char  *category,
                GError     **error)
{
  g_autofree char *s = NULL;
  GiftQuestion *q;
  const char *p, *open, *close;

  if (!pre_escape (block, &s, error))
    return NULL;

  q = g_new0 (GiftQuestion, 1);
  q->category = g_strdup (category);
  q->answers = g_ptr_array_new_with_free_func (answer_free);
  p = s;
  while (g_ascii_isspace (*p))
    p++;

  if (g_str_has_prefix (p, "::"))
    {
      const char *name_end = strstr (p + 2, "::");

      if (name_end == NULL)
        {
          g_set_error (error, GIFT_ERROR, 8, "unclosed question name");
          goto fail;
        }
      q->name = restore (p + 2, name_end - (p + 2));
      for (const char *c = p + 2; c < name_end; c++)
        if (strchr ("~=#{}", *c) != NULL)
          {
            g_set_error (error, GIFT_ERROR, 8, "unescaped ‘%c’ in name", *c);
            goto fail;
          }
      p = name_end + 2;
      while (g_ascii_isspace (*p))
        p++;
    }

  if (*p == '[')
    {
      const char *f_end = strchr (p, ']');
      static const char *const formats[] = { "html", "moodle", "plain",
                                             "markdown", NULL };

      if (f_end == NULL)
        {
          g_set_error (error, GIFT_ERROR, 9, "unclosed text format");
          goto fail;
        }
      q->format = g_strndup (p + 1, f_end - (p + 1));
      if (!g_strv_contains (formats, q->format))
        {
          g_set_error (error, GIFT_ERROR, 9, "unknown text format ‘%s’",
                       q->format);
          goto fail;
        }
      p = f_end + 1;
    }

  open = strchr (p, '{');
  if (open == NULL)
    {
      if (!check_text (p, p + strlen (p), error))
        goto fail;
      q->type = GIFT_DESCRIPTION;
      q->text = restore (p, strlen (p));
      return q;
    }
  close = strchr (open + 1, '}');
  if (close == NULL || memchr (open + 1, '{', close - (open + 1)) != NULL)
    {
      g_set_error (error, GIFT_ERROR, 10, "answers not closed by ‘}’");
      goto fail;
    }
  if (!check_text (p, open, error) ||
      !check_text (close + 1, close + 1 + strlen (close + 1), error) ||
      strchr (close + 1, '{') != NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, GIFT_ERROR, 10, "a second answer block");
      goto fail;
    }

  {
    g_autofree char *before = restore (p, open - p);
    g_autofree char *after = restore (close + 1, strlen (close + 1));

    /* Missing-word format: the blank stands where the answers were. */
    q->text = *after != '\0' ? g_strconcat (before, " _____ ", after, NULL)
                             : g_steal_pointer (&before);
  }
  if (!parse_answers (q, open + 1, close, error))
    goto fail;
  return q;

fail:
  question_free (q);
  return NULL;
}

GPtrArray *
gift_parse (const char  *text,
            GError     **error)
{
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func (question_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *category = NULL;
  GString *block = g_string_new (NULL);
  guint block_line = 0;
  gboolean ok = TRUE;

  for (guint i = 0; ok; i++)
    {
      const char *line = lines[i];
      g_autofree char *trimmed = line != NULL ? g_strstrip (g_strdup (line))
                                              : NULL;

      if (line == NULL || *trimmed == '\0')
        {
          if (block->len > 0)
            {
              g_autoptr(GError) local_error = NULL;
              GiftQuestion *q = parse_question (block->str, category,
                                                &local_error);

              if (q == NULL)
                {
                  g_set_error (error, GIFT_ERROR, local_error->code,
                               "question at line %u: %s", block_line,
                               local_error->message);
                  ok = FALSE;
                  break;
                }
              g_ptr_array_add (questions, q);
              g_string_truncate (block, 0);
            }
          if (line == NULL)
            break;
          continue;
        }
      if (g_str_has_prefix (trimmed, "//"))
        continue;
      if (block->len == 0 && g_str_has_prefix (trimmed, "$CATEGORY:"))
        {
          g_free (category);
          category = g_strstrip (g_strdup (trimmed + strlen ("$CATEGORY:")));
          continue;
        }
      if (block->len == 0)
        block_line = i + 1;
      else
        g_string_append_c (block, '\n');
      g_string_append (block, line);
    }

  g_string_free (block, TRUE);
  return ok ? g_steal_pointer (&questions) : NULL;
}
