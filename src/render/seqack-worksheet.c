/* seqack-worksheet.c: printable quiz worksheets and question pictures.
 *
 * The ladder pieces are painted by seqack_sequence_render() with the paper
 * palette, as the PNG/SVG/PDF export does; only the page around them is
 * laid out here. Output is built in memory: the caller writes it under a
 * temporary name and renames it, so a failure leaves no partial file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "seqack-worksheet.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "seqack-sequence-layout.h"
#include "seqack-sequence-render.h"
#include "seqack-trace-format.h"

/* A4 in PostScript points (ISO 216: 210 x 297 mm). */
#define A4_WIDTH    595.275591
#define A4_HEIGHT   841.889764
#define MARGIN      40.0
#define GAP         8.0
/* The ladder's scale on paper: the PDF export's, smaller when a lesson's
 * ladder would not fit one page, never so small it cannot be read. */
#define LADDER_SCALE_MAX 0.72
#define LADDER_SCALE_MIN 0.38
#define PNG_MAX     32767.0
/* The rows a question's piece keeps at least when a long ladder must
 * give way: the flight it asks about and what answered it; fewer only
 * when the page needs it. */
#define PIECE_KEEP_ROWS 10
#define PIECE_MIN_ROWS  6
#define NOTE_SIZE   8.0

/* Output */

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Text */

typedef struct
{
  cairo_t              *cr;
  const SeqackPalette  *pal;
  const SeqackRgba     *key_color;
  gboolean              key;
  double                width;   /* of the text column */
  double                y;
  PangoLanguage        *language; /* of the texts, for the CJK font */
} Sheet;

static PangoLayout *
text_layout (Sheet      *sheet,
             const char *text,
             double      size,
             gboolean    bold,
             double      width)
{
  PangoLayout *pl = pango_cairo_create_layout (sheet->cr);
  PangoFontDescription *desc = pango_font_description_from_string ("Sans");

  /* Han characters differ between languages: the language picks the
   * Simplified Chinese forms of the CJK font for zh_CN. */
  if (sheet->language != NULL)
    {
      pango_context_set_language (pango_layout_get_context (pl),
                                  sheet->language);
      pango_layout_context_changed (pl);
    }
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_layout_set_font_description (pl, desc);
  pango_font_description_free (desc);
  if (width > 0)
    {
      pango_layout_set_width (pl, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (pl, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (pl, text, -1);
  return pl;
}

static double
layout_height (PangoLayout *pl)
{
  int w, h;

  pango_layout_get_size (pl, &w, &h);
  return (double) h / PANGO_SCALE;
}

/* Paints @text at (@x, @y) (when @cr paints; NULL @color: measure only)
 * and returns its height. */
static double
show_text (Sheet            *sheet,
           const char       *text,
           double            x,
           double            y,
           double            size,
           gboolean          bold,
           double            width,
           const SeqackRgba *color)
{
  PangoLayout *pl = text_layout (sheet, text, size, bold, width);
  double h = layout_height (pl);

  if (color != NULL)
    {
      cairo_move_to (sheet->cr, x, y);
      seqack_rgba_set_source (sheet->cr, color);
      pango_cairo_show_layout (sheet->cr, pl);
    }
  g_object_unref (pl);
  return h;
}

/* Ladder pieces */

typedef struct
{
  guint    to;          /* events [0, to) are shown */
  guint    first_row;   /* rows [first_row, end_row) */
  guint    end_row;
  gint64   now;
  gboolean header;
  guint    dropped_from; /* rows [dropped_from, first_row) are left out */
} Piece;

/* The piece of the ladder that item @i adds: rows after what the pieces
 * before it showed, up to the rows of its last shown event (and the
 * arrivals of the segments it shows). */
static gboolean
piece_for (SeqackSequenceLayout *layout,
           SeqackTrace          *trace,
           guint                 from_event,
           guint                 to_event,
           guint                 from_row,
           Piece                *piece)
{
  guint n_rows = seqack_sequence_layout_get_n_rows (layout);
  guint end_row = from_row;
  gint64 now = 0;

  to_event = MIN (to_event, seqack_trace_get_n_events (trace));
  if (to_event <= from_event)
    return FALSE;

  /* Only rows of shown events count: an action has no row of its own
   * and takes the row of what it causes, which may be the very segment
   * the question asks about. */
  for (guint r = from_row; r < n_rows; r++)
    {
      SeqackSequenceRow row;
      const SeqackEvent *ev;

      if (!seqack_sequence_layout_get_row (layout, r, &row) ||
          row.event >= to_event)
        continue;
      end_row = r + 1;
      ev = seqack_trace_get_event (trace, row.event);
      now = MAX (now, row.kind == SEQACK_ROW_ARRIVE ? ev->t2 : ev->t);
    }
  for (guint i = 0; i < to_event; i++)
    now = MAX (now, seqack_trace_get_event (trace, i)->t);
  if (end_row <= from_row)
    return FALSE;

  piece->to = to_event;
  piece->first_row = from_row;
  piece->end_row = end_row;
  piece->now = now;
  piece->header = from_row == 0;
  piece->dropped_from = from_row;
  return TRUE;
}

/* The line that stands for the rows a piece leaves out: how many
 * segments were sent there, and when. NULL when it leaves none out. */
static char *
piece_note (SeqackSequenceLayout *layout,
            SeqackTrace          *trace,
            const Piece          *piece)
{
  g_autoptr(GString) from = g_string_new (NULL);
  g_autoptr(GString) to = g_string_new (NULL);
  gint64 t0 = G_MAXINT64, t1 = G_MININT64;
  guint n = 0;

  for (guint r = piece->dropped_from; r < piece->first_row; r++)
    {
      SeqackSequenceRow row;
      const SeqackEvent *ev;

      if (!seqack_sequence_layout_get_row (layout, r, &row) ||
          row.kind != SEQACK_ROW_SEND)
        continue;
      ev = seqack_trace_get_event (trace, row.event);
      n++;
      t0 = MIN (t0, ev->t);
      t1 = MAX (t1, ev->t);
    }
  if (n == 0)
    return NULL;
  seqack_trace_format_seconds (trace, t0, from);
  seqack_trace_format_seconds (trace, t1, to);
  if (t0 == t1)
    /* TRANSLATORS: stands on a worksheet for rows of the ladder left
     * out to fit the page: "⋮ 4 segments sent at 0.080 s are not drawn
     * ⋮" */
    return g_strdup_printf (_("⋮ %u segments sent at %s s are not drawn ⋮"),
                            n, from->str);
  /* TRANSLATORS: stands on a worksheet for rows of the ladder left out
   * to fit the page: "⋮ 18 segments sent from 0.160 s to 0.480 s are not
   * drawn ⋮" */
  return g_strdup_printf (_("⋮ %u segments sent from %s s to %s s are not "
                            "drawn ⋮"), n, from->str, to->str);
}

static void
render_options (SeqackSequenceRenderOptions *ro,
                const Piece                 *piece,
                gboolean                     absolute,
                double                       scale)
{
  seqack_sequence_render_options_init (ro);
  ro->scheme = SEQACK_SCHEME_PAPER;
  ro->scale = scale;
  ro->absolute = absolute;
  ro->state_columns = TRUE;
  ro->background = FALSE;
  ro->header = piece->header;
  ro->n_shown = piece->to;
  ro->now = piece->now;
}

static double
piece_height (const Piece *piece,
              gboolean     absolute,
              double       scale)
{
  SeqackSequenceRenderOptions ro;

  render_options (&ro, piece, absolute, scale);
  return seqack_sequence_render_get_header_height (&ro)
         + (piece->end_row - piece->first_row + 0.3)
           * seqack_sequence_render_get_row_height (&ro);
}

static void
paint_piece (cairo_t              *cr,
             SeqackSequenceLayout *layout,
             const Piece          *piece,
             gboolean              absolute,
             double                scale,
             double                x,
             double                y,
             double                width)
{
  SeqackSequenceRenderOptions ro;

  render_options (&ro, piece, absolute, scale);
  ro.x = x;
  ro.y = y;
  ro.width = width;
  ro.height = piece_height (piece, absolute, scale);
  ro.scroll_y = piece->first_row * seqack_sequence_render_get_row_height (&ro);
  seqack_sequence_render (cr, layout, &ro);
}

/* Pages */


/* The text of item @index: its heading, prompt, given numbers and the
 * answer area. Measures when @paint is FALSE. */
static double
item_block (Sheet                     *sheet,
            const SeqackWorksheetItem *item,
            guint                      index,
            double                     y,
            gboolean                   paint)
{
  cairo_t *cr = sheet->cr;
  const SeqackRgba *fg = paint ? &sheet->pal->foreground : NULL;
  const SeqackRgba *dim = paint ? &sheet->pal->dim : NULL;
  const SeqackRgba *key = paint ? sheet->key_color : NULL;
  double x = MARGIN, top = y;
  g_autofree char *heading = NULL;
  double h;

  /* TRANSLATORS: a worksheet question's number, e.g. "Question 2" */
  heading = g_strdup_printf (_("Question %u"), index + 1);
  {
    g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>   %s",
                                                       heading,
                                                       item->prompt);
    PangoLayout *pl = text_layout (sheet, "", 10, FALSE, sheet->width);

    pango_layout_set_markup (pl, markup, -1);
    h = layout_height (pl);
    if (paint)
      {
        cairo_move_to (cr, x, y);
        seqack_rgba_set_source (cr, fg);
        pango_cairo_show_layout (cr, pl);
      }
    g_object_unref (pl);
  }
  y += h + 2;
  /* The question's title, for matching a sheet with its key, on the
   * right of the answer line. */
  if (item->title != NULL && paint)
    {
      PangoLayout *pl = text_layout (sheet, item->title, 8, FALSE, 0);
      int w, lh;
      double ty = y;

      if (item->given != NULL && *item->given != '\0')
        ty += show_text (sheet, item->given, x + 8, y, 8.5, FALSE,
                         sheet->width - 8, NULL) + 3;
      pango_layout_get_size (pl, &w, &lh);
      cairo_move_to (cr, A4_WIDTH - MARGIN - (double) w / PANGO_SCALE,
                     ty + 6);
      seqack_rgba_set_source (cr, dim);
      pango_cairo_show_layout (cr, pl);
      g_object_unref (pl);
    }
  if (item->given != NULL && *item->given != '\0')
    y += show_text (sheet, item->given, x + 8, y, 8.5, FALSE,
                    sheet->width - 8, dim) + 3;

  if (item->choices != NULL)
    {
      GString *line = g_string_new (NULL);

      for (guint i = 0; item->choices[i] != NULL; i++)
        {
          gboolean right = sheet->key &&
                           g_strcmp0 (item->choices[i], item->answer) == 0;

          if (i > 0)
            g_string_append (line, "      ");
          /* ☐ a box to tick; the key ticks the right one. */
          g_string_append (line, right ? "☑ " : "☐ ");
          g_string_append (line, item->choices[i]);
        }
      /* The key ticks the right box and writes the line in its colour. */
      y += show_text (sheet, line->str, x + 8, y, 10.5, sheet->key,
                      sheet->width - 8 - 150, sheet->key ? key : fg) + 4;
      g_string_free (line, TRUE);
    }
  else
    {
      const char *label = _("Answer:");
      PangoLayout *pl = text_layout (sheet, label, 10.5, FALSE, 0);
      int w, lh;

      pango_layout_get_size (pl, &w, &lh);
      g_object_unref (pl);
      show_text (sheet, label, x + 8, y + 4, 10.5, FALSE, 0, fg);
      if (paint)
        {
          double bx = x + 8 + (double) w / PANGO_SCALE + 6;
          double by = y + 4 + (double) lh / PANGO_SCALE;

          seqack_rgba_set_source (cr, &sheet->pal->foreground);
          cairo_set_line_width (cr, 0.6);
          cairo_move_to (cr, bx, by);
          cairo_line_to (cr, bx + 170, by);
          cairo_stroke (cr);
          if (sheet->key && item->answer != NULL)
            show_text (sheet, item->answer, bx + 6, y + 2, 11, TRUE, 0, key);
        }
      y += (double) lh / PANGO_SCALE + 8;
    }

  return y - top + GAP;
}

static double
header_block (Sheet                     *sheet,
              const SeqackWorksheetPage *page,
              double                     y,
              gboolean                   paint)
{
  cairo_t *cr = sheet->cr;
  const SeqackRgba *fg = paint ? &sheet->pal->foreground : NULL;
  const SeqackRgba *dim = paint ? &sheet->pal->dim : NULL;
  double top = y;
  double h;

  h = show_text (sheet, page->heading != NULL ? page->heading : "", MARGIN, y,
                 16, TRUE, sheet->width * 0.7, fg);
  if (page->subheading != NULL)
    {
      PangoLayout *pl = text_layout (sheet, page->subheading, 10, FALSE, 0);
      int w, lh;

      pango_layout_get_size (pl, &w, &lh);
      if (paint)
        {
          cairo_move_to (cr, A4_WIDTH - MARGIN - (double) w / PANGO_SCALE,
                         y + 4);
          seqack_rgba_set_source (cr, dim);
          pango_cairo_show_layout (cr, pl);
        }
      g_object_unref (pl);
    }
  y += h + 6;
  y += show_text (sheet,
                  sheet->key ? _("Answer key")
                             : _("Name: ______________________    "
                                 "Class: __________    "
                                 "Date: __________"),
                  MARGIN, y, 10.5, sheet->key, sheet->width,
                  sheet->key ? (paint ? sheet->key_color : NULL) : fg);
  y += GAP;
  return y - top;
}

static void
paint_page (Sheet                     *sheet,
            const SeqackWorksheetPage *page)
{
  cairo_t *cr = sheet->cr;
  g_autoptr(GArray) pieces = g_array_new (FALSE, TRUE, sizeof (Piece));
  g_autofree gboolean *has_piece = g_new0 (gboolean, page->n_items + 1);
  SeqackSequenceLayout *layout = seqack_sequence_layout_new (page->trace);
  double bottom = A4_HEIGHT - MARGIN;
  double text_h = 0, ladder_h = 0, scale, y;
  const char *history = NULL;
  guint from_event = 0, from_row = 0, piece_index = 0;

  /* The pieces, and how tall everything is at full size. */
  for (guint i = 0; i < page->n_items; i++)
    {
      Piece piece;

      if (piece_for (layout, page->trace, from_event,
                     page->items[i].show_until, from_row, &piece))
        {
          g_array_append_val (pieces, piece);
          has_piece[i] = TRUE;
          from_row = piece.end_row;
          ladder_h += piece_height (&piece, page->absolute, 1.0);
          text_h += GAP;
        }
      from_event = MAX (from_event, page->items[i].show_until);
    }
  text_h += header_block (sheet, page, 0, FALSE);
  for (guint i = 0; i < page->n_items; i++)
    text_h += item_block (sheet, &page->items[i], i, 0, FALSE);

  /* Row and header heights do not scale quite linearly: shrink until the
   * page holds everything, or the ladder would get too small to read. */
  scale = LADDER_SCALE_MAX;
  if (ladder_h > 0)
    scale = CLAMP ((bottom - MARGIN - text_h - 12) / ladder_h,
                   LADDER_SCALE_MIN, LADDER_SCALE_MAX);
  while (scale > LADDER_SCALE_MIN)
    {
      double total = text_h;

      for (guint p = 0; p < pieces->len; p++)
        total += piece_height (&g_array_index (pieces, Piece, p),
                               page->absolute, scale);
      if (total <= bottom - MARGIN - 12)
        break;
      scale = MAX (LADDER_SCALE_MIN, scale * 0.95);
    }

  /* Still too long: the oldest rows of the first piece give way to a line
   * of text that lists the segments before the first question. */
  if (pieces->len > 0 && page->n_items > 0 &&
      page->items[0].history != NULL)
    {
      Piece *first = &g_array_index (pieces, Piece, 0);
      SeqackSequenceRenderOptions ro;
      double total = text_h, excess, history_h;

      for (guint p = 0; p < pieces->len; p++)
        total += piece_height (&g_array_index (pieces, Piece, p),
                               page->absolute, scale);
      history_h = show_text (sheet, page->items[0].history, MARGIN, 0, 8,
                             FALSE, sheet->width, NULL) + 4;
      excess = total + history_h - (bottom - MARGIN - 12);
      render_options (&ro, first, page->absolute, scale);
      if (excess > 0 && first->end_row - first->first_row > 2)
        {
          guint drop = (guint) ceil (excess
                                     / seqack_sequence_render_get_row_height (&ro));

          first->first_row += MIN (drop, first->end_row - first->first_row - 2);
          first->dropped_from = first->first_row;
          history = page->items[0].history;
        }
    }

  /* Still too long (a flow-control lesson's slow start, hundreds of
   * rows): the longest pieces give up their oldest rows, keeping the
   * last PIECE_KEEP_ROWS the question is about (PIECE_MIN_ROWS if need
   * be), and a line says what is left out. */
  for (guint keep = PIECE_KEEP_ROWS;;)
    {
      double total = text_h, excess, row_h;
      SeqackSequenceRenderOptions ro;
      Piece *longest = NULL;

      for (guint p = 0; p < pieces->len; p++)
        {
          Piece *piece = &g_array_index (pieces, Piece, p);

          total += piece_height (piece, page->absolute, scale);
          if (piece->first_row > piece->dropped_from)
            total += show_text (sheet, "⋮", MARGIN, 0, NOTE_SIZE, FALSE,
                                sheet->width, NULL) + 2;
          if (piece->end_row - piece->first_row > keep
              && (longest == NULL
                  || piece->end_row - piece->first_row
                     > longest->end_row - longest->first_row))
            longest = piece;
        }
      if (history != NULL)
        total += show_text (sheet, history, MARGIN, 0, 8, FALSE,
                            sheet->width, NULL) + 4;
      excess = total - (bottom - MARGIN - 12);
      if (excess <= 0 || (longest == NULL && keep == PIECE_MIN_ROWS))
        break;
      if (longest == NULL)
        {
          keep = PIECE_MIN_ROWS;
          continue;
        }
      render_options (&ro, longest, page->absolute, scale);
      row_h = seqack_sequence_render_get_row_height (&ro);
      /* The note's line the first time it gives rows up. */
      if (longest->first_row == longest->dropped_from)
        excess += NOTE_SIZE * 1.6;
      longest->first_row += MIN ((guint) ceil (excess / row_h),
                                 longest->end_row - longest->first_row
                                 - keep);
      /* What the first piece leaves out comes before the first
       * question: its list of segments in words says it, when it has
       * one. */
      if (longest == &g_array_index (pieces, Piece, 0)
          && page->items[0].history != NULL)
        {
          longest->dropped_from = longest->first_row;
          history = page->items[0].history;
        }
    }

  seqack_rgba_set_source (cr, &sheet->pal->background);
  cairo_paint (cr);
  y = MARGIN + header_block (sheet, page, MARGIN, TRUE);
  if (history != NULL)
    y += show_text (sheet, history, MARGIN, y, 8, FALSE, sheet->width,
                    &sheet->pal->dim) + 4;

  for (guint i = 0; i < page->n_items; i++)
    {
      const Piece *piece = has_piece[i]
                           ? &g_array_index (pieces, Piece, piece_index)
                           : NULL;
      double need = item_block (sheet, &page->items[i], i, 0, FALSE);

      if (piece != NULL)
        need += piece_height (piece, page->absolute, scale) + GAP
                + (piece->first_row > piece->dropped_from
                   ? NOTE_SIZE * 1.6 : 0);
      /* A lesson too long for one page goes on over the next. */
      if (y + need > bottom && y > MARGIN + 80)
        {
          cairo_show_page (cr);
          seqack_rgba_set_source (cr, &sheet->pal->background);
          cairo_paint (cr);
          y = MARGIN;
        }
      if (piece != NULL)
        {
          g_autofree char *note = piece_note (layout, page->trace, piece);

          if (note != NULL)
            y += show_text (sheet, note, MARGIN, y, NOTE_SIZE, FALSE,
                            sheet->width, &sheet->pal->dim) + 2;
          paint_piece (cr, layout, piece, page->absolute, scale, MARGIN, y,
                       sheet->width);
          y += piece_height (piece, page->absolute, scale) + GAP;
          piece_index++;
        }
      y += item_block (sheet, &page->items[i], i, y, TRUE);
    }

  cairo_show_page (cr);
  seqack_sequence_layout_free (layout);
}

GBytes *
seqack_worksheet_render_pdf (const SeqackWorksheetPage *pages,
                             guint                      n_pages,
                             gboolean                   key,
                             GError                   **error)
{
  static const SeqackRgba key_color = { 0.70, 0.08, 0.10, 1.0 };
  GByteArray *bytes;
  cairo_surface_t *surface;
  cairo_status_t status;
  Sheet sheet = { 0, };

  g_return_val_if_fail (pages != NULL || n_pages == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_byte_array_new ();
  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes,
                                                 A4_WIDTH, A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  "SeqAck");
  if (n_pages > 0 && pages[0].heading != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                    pages[0].heading);
  sheet.cr = cairo_create (surface);
  sheet.pal = seqack_palette_get (SEQACK_SCHEME_PAPER);
  sheet.key_color = &key_color;
  sheet.key = key;
  sheet.width = A4_WIDTH - 2 * MARGIN;

  for (guint i = 0; i < n_pages; i++)
    {
      sheet.language = pages[i].language != NULL
                       ? pango_language_from_string (pages[i].language)
                       : pango_language_get_default ();
      paint_page (&sheet, &pages[i]);
    }

  cairo_destroy (sheet.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   _("Could not make the worksheets: %s"),
                   cairo_status_to_string (status));
      g_byte_array_unref (bytes);
      return NULL;
    }
  return g_byte_array_free_to_bytes (bytes);
}

GBytes *
seqack_worksheet_render_png (SeqackTrace  *trace,
                             guint         end_event,
                             gboolean      absolute,
                             double        width,
                             GError      **error)
{
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_PAPER);
  SeqackSequenceLayout *layout;
  GByteArray *bytes;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  Piece piece;
  double height;

  g_return_val_if_fail (trace != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  layout = seqack_sequence_layout_new (trace);
  if (!piece_for (layout, trace, 0, end_event, 0, &piece))
    {
      seqack_sequence_layout_free (layout);
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("There are no events to export in this range"));
      return NULL;
    }
  if (width <= 0)
    width = 760;
  height = ceil (piece_height (&piece, absolute, 1.0));
  if (height > PNG_MAX || width > PNG_MAX)
    {
      seqack_sequence_layout_free (layout);
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("The diagram is too tall for a PNG picture: export a "
                     "range of events, or use PDF"));
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width,
                                        (int) height);
  cr = cairo_create (surface);
  seqack_rgba_set_source (cr, &pal->background);
  cairo_paint (cr);
  paint_piece (cr, layout, &piece, absolute, 1.0, 0, 0, width);
  cairo_destroy (cr);
  seqack_sequence_layout_free (layout);

  bytes = g_byte_array_new ();
  status = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   _("Could not make the picture: %s"),
                   cairo_status_to_string (status));
      g_byte_array_unref (bytes);
      return NULL;
    }
  return g_byte_array_free_to_bytes (bytes);
}
