/* gift-parser.h: a strict reader of Moodle's GIFT format, written from
 * Moodle's "GIFT format" documentation, to check what SeqAck exports.
 *
 * What it reads:
 * - "//" comment lines, and "$CATEGORY: path" lines;
 * - questions separated by blank lines: an optional "::name::", an
 *   optional "[html|moodle|plain|markdown]" format, the question text,
 *   the answers in "{...}", and optional text after them;
 * - the escapes of the documentation: a backslash before ~ = # { } : makes
 *   it plain text, "\n" is a newline, "\\" a backslash;
 * - answers: "#" first makes a numerical question, whose answers are
 *   "=" separated, each "[%weight%]number[:tolerance][#feedback]" (or a
 *   single one without "="); "TRUE"/"FALSE"/"T"/"F" a true-false one;
 *   any "~" a multiple-choice question with "=" right and "~" wrong
 *   choices, "~%50%" weights and "#feedback" after each; only "=" a
 *   short-answer question; "{}" an essay; no braces a description.
 *
 * Stricter than Moodle where that finds escaping mistakes: an unescaped
 * ~ = # or } in question text, or an unescaped ":" in a choice, is an
 * error, as is a number that is not one.
 */
#pragma once

#include <glib.h>

typedef enum
{
  GIFT_MULTICHOICE,
  GIFT_NUMERICAL,
  GIFT_SHORTANSWER,
  GIFT_TRUEFALSE,
  GIFT_ESSAY,
  GIFT_DESCRIPTION,
} GiftType;

typedef struct
{
  double   weight;     /* percent: 100 right, 0 wrong */
  char    *text;       /* the choice or the number as written */
  char    *feedback;   /* or NULL */
  double   value;      /* numerical */
  double   tolerance;  /* numerical */
} GiftAnswer;

typedef struct
{
  char      *category; /* the last $CATEGORY before it, or NULL */
  char      *name;     /* or NULL */
  char      *format;   /* "plain"..., or NULL */
  char      *text;     /* unescaped, answers cut out */
  GiftType   type;
  GPtrArray *answers;  /* of GiftAnswer */
} GiftQuestion;

/* Every question of @text, or NULL with an error naming the question. */
GPtrArray *gift_parse (const char  *text,
                       GError     **error);
