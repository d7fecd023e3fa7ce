/* seqack-export.c: PNG, SVG and PDF of the sequence diagram.
 *
 * Every format is painted by seqack_sequence_render() with the paper
 * palette. Output goes through cairo's stream functions into a temporary
 * file beside the target, which is renamed only when everything was
 * written: a failed export never leaves a partial file behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "seqack-export.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "seqack-flow-render.h"
#include "seqack-sequence-layout.h"
#include "seqack-sequence-render.h"

#define DEFAULT_WIDTH 900.0
#define TITLE_PX      40.0
#define PNG_MAX       32767.0
/* A4 in PostScript points (ISO 216: 210 x 297 mm). */
#define A4_WIDTH      595.275591
#define A4_HEIGHT     841.889764
#define PDF_MARGIN    36.0
#define PDF_SCALE     0.72
/* The cwnd plot's height under the bars, at scale 1. */
#define FLOW_PLOT_PX  220.0

void
seqack_export_options_init (SeqackExportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->format = SEQACK_EXPORT_PNG;
  options->first_event = 0;
  options->end_event = G_MAXUINT;
  options->state_columns = TRUE;
  options->width = 0;
  options->scale = 1.0;
}

gboolean
seqack_export_format_from_path (const char         *path,
                                SeqackExportFormat *format)
{
  static const struct
  {
    const char        *ext;
    SeqackExportFormat format;
  } exts[] = {
    { ".png", SEQACK_EXPORT_PNG },
    { ".svg", SEQACK_EXPORT_SVG },
    { ".pdf", SEQACK_EXPORT_PDF },
  };
  gsize len;

  g_return_val_if_fail (path != NULL, FALSE);

  len = strlen (path);
  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    if (len >= 4 && g_ascii_strcasecmp (path + len - 4, exts[i].ext) == 0)
      {
        if (format != NULL)
          *format = exts[i].format;
        return TRUE;
      }
  return FALSE;
}

/* What part of the diagram an export shows. */
typedef struct
{
  SeqackSequenceLayout *layout;
  guint  first_event, end_event;
  guint  first_row, end_row;
  gint64 now;
} Range;

static gboolean
range_init (Range                     *range,
            SeqackTrace               *trace,
            const SeqackExportOptions *options,
            GError                   **error)
{
  guint n_events = seqack_trace_get_n_events (trace);
  guint n_rows, last_row = 0;

  range->layout = seqack_sequence_layout_new (trace);
  {
    SeqackSequenceRenderOptions ro;

    /* As a view does: state changes on the arrows' rows only where the
     * names fit beside the lifelines at the picture's width. */
    seqack_sequence_render_options_init (&ro);
    ro.state_columns = options->state_columns;
    if (options->format == SEQACK_EXPORT_PDF)
      {
        ro.scale = PDF_SCALE;
        ro.width = A4_WIDTH - 2 * PDF_MARGIN;
      }
    else
      ro.width = options->width > 0 ? options->width : DEFAULT_WIDTH;
    seqack_sequence_layout_set_share_rows (range->layout,
                                           seqack_sequence_render_state_names_fit (&ro));
  }
  seqack_sequence_layout_set_connection (range->layout, options->connection);
  range->first_event = options->first_event;
  range->end_event = MIN (options->end_event, n_events);
  if (range->first_event >= range->end_event)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("There are no events to export in this range"));
      g_clear_pointer (&range->layout, seqack_sequence_layout_free);
      return FALSE;
    }

  n_rows = seqack_sequence_layout_get_n_rows (range->layout);
  seqack_sequence_layout_get_event_rows (range->layout, range->first_event,
                                         &range->first_row, NULL);
  range->now = seqack_trace_get_event (trace, range->end_event - 1)->t;

  /* The range ends after the last row of its last event, or after the
   * arrivals of its segments, whichever comes later. */
  for (guint i = range->first_event; i < range->end_event; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      guint row, arrive;

      seqack_sequence_layout_get_event_rows (range->layout, i, &row, &arrive);
      last_row = MAX (last_row, row);
      if (arrive != SEQACK_NO_ROW)
        {
          last_row = MAX (last_row, arrive);
          range->now = MAX (range->now, ev->t2);
        }
    }
  range->end_row = MIN (last_row + 1, n_rows);
  range->first_row = MIN (range->first_row, range->end_row);

  return TRUE;
}

static void
range_clear (Range *range)
{
  g_clear_pointer (&range->layout, seqack_sequence_layout_free);
}

static void
options_for (SeqackSequenceRenderOptions *ro,
             const SeqackExportOptions   *options,
             const Range                 *range,
             double                       scale)
{
  seqack_sequence_render_options_init (ro);
  ro->scheme = SEQACK_SCHEME_PAPER;
  ro->scale = scale;
  ro->absolute = options->absolute;
  ro->letters = options->letters;
  ro->state_columns = options->state_columns;
  ro->n_shown = range->end_event;
  ro->now = range->now;
  ro->background = FALSE;
}

static void
paint_title (cairo_t                   *cr,
             const char                *title,
             double                     x,
             double                     y,
             double                     width,
             double                     height,
             double                     scale)
{
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_PAPER);
  PangoLayout *pl = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string ("Sans Bold");
  PangoRectangle logical;

  pango_font_description_set_absolute_size (desc, 19 * scale * PANGO_SCALE);
  pango_layout_set_font_description (pl, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (pl, title, -1);
  pango_layout_set_width (pl, width * PANGO_SCALE);
  pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (pl, PANGO_ALIGN_CENTER);
  pango_layout_get_extents (pl, NULL, &logical);
  cairo_move_to (cr, x, y + (height - (double) logical.height / PANGO_SCALE) / 2);
  seqack_rgba_set_source (cr, &pal->foreground);
  pango_cairo_show_layout (cr, pl);
  g_object_unref (pl);
}

/* The bars and the plot as of the range's end, in @width at @scale,
 * from @y; with @cr NULL only measures. Returns the height. */
static double
paint_flow (cairo_t     *cr,
            SeqackTrace *trace,
            const Range *range,
            double       x,
            double       y,
            double       width,
            double       scale)
{
  SeqackFlowRenderOptions fo;
  double bars_h;

  seqack_flow_render_options_init (&fo);
  fo.scheme = SEQACK_SCHEME_PAPER;
  fo.scale = scale;
  fo.background = FALSE;
  fo.n_shown = range->end_event;
  fo.now = range->now;
  fo.plot_side = seqack_flow_busier_side (trace, range->end_event);
  bars_h = seqack_flow_render_spaces_height (&fo);
  if (cr != NULL)
    {
      fo.x = x;
      fo.y = y;
      fo.width = width;
      fo.height = bars_h;
      seqack_flow_render_spaces (cr, trace, &fo);
      fo.y = y + bars_h;
      fo.height = FLOW_PLOT_PX * scale;
      seqack_flow_render_plot (cr, trace, &fo);
    }
  return bars_h + FLOW_PLOT_PX * scale;
}

/* Output */

typedef struct
{
  int   fd;
  int   errsv;   /* first write error */
} Sink;

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *sink = closure;

  while (length > 0 && sink->errsv == 0)
    {
      ssize_t n = write (sink->fd, data, length);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          sink->errsv = errno;
          break;
        }
      data += n;
      length -= n;
    }
  return sink->errsv == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static gboolean
sink_open (Sink        *sink,
           const char  *path,
           char       **tmp_path,
           GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);

  *tmp_path = g_build_filename (dir, name, NULL);
  sink->errsv = 0;
  sink->fd = g_mkstemp_full (*tmp_path, O_WRONLY | O_CLOEXEC, 0644);
  if (sink->fd < 0)
    {
      int errsv = errno;

      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   _("Could not write “%s”: %s"), path, g_strerror (errsv));
      g_clear_pointer (tmp_path, g_free);
      return FALSE;
    }
  /* mkstemp makes the file private; an exported picture is not. */
  fchmod (sink->fd, 0644);
  return TRUE;
}

/* Closes the sink and renames the temporary file over @path, or removes it
 * when anything failed. */
static gboolean
sink_finish (Sink            *sink,
             char            *tmp_path,
             const char      *path,
             cairo_status_t   status,
             GError         **error)
{
  int errsv = sink->errsv;

  if (close (sink->fd) != 0 && errsv == 0)
    errsv = errno;

  if (errsv == 0 && status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   _("Could not write “%s”: %s"), path,
                   cairo_status_to_string (status));
      g_unlink (tmp_path);
      return FALSE;
    }
  if (errsv == 0 && g_rename (tmp_path, path) != 0)
    errsv = errno;
  if (errsv != 0)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   _("Could not write “%s”: %s"), path, g_strerror (errsv));
      g_unlink (tmp_path);
      return FALSE;
    }
  return TRUE;
}

/* PNG and SVG: one tall picture. */
static gboolean
write_single (SeqackTrace               *trace,
              const char                *path,
              const SeqackExportOptions *options,
              Range                     *range,
              GError                   **error)
{
  SeqackSequenceRenderOptions ro;
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_PAPER);
  double width = options->width > 0 ? options->width : DEFAULT_WIDTH;
  double res = options->scale > 0 ? options->scale : 1.0;
  double title_h = options->title != NULL ? TITLE_PX : 0;
  double row_h, height, flow_h = 0;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  g_autofree char *tmp_path = NULL;
  Sink sink;

  options_for (&ro, options, range, 1.0);
  row_h = seqack_sequence_render_get_row_height (&ro);
  height = title_h + seqack_sequence_render_get_header_height (&ro)
           + (range->end_row - range->first_row + 0.5) * row_h;
  if (options->flow)
    {
      flow_h = paint_flow (NULL, trace, range, 0, 0, width, 1.0);
      height += flow_h;
    }

  if (options->format == SEQACK_EXPORT_PNG
      && (height * res > PNG_MAX || width * res > PNG_MAX))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("The diagram is too tall for a PNG picture: export a "
                     "range of events, or use PDF"));
      return FALSE;
    }

  if (!sink_open (&sink, path, &tmp_path, error))
    return FALSE;

  if (options->format == SEQACK_EXPORT_PNG)
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                          (int) ceil (width * res),
                                          (int) ceil (height * res));
  else
    {
      surface = cairo_svg_surface_create_for_stream (sink_write, &sink,
                                                     width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
    }

  cr = cairo_create (surface);
  if (options->format == SEQACK_EXPORT_PNG)
    cairo_scale (cr, res, res);
  seqack_rgba_set_source (cr, &pal->background);
  cairo_paint (cr);
  if (options->title != NULL)
    paint_title (cr, options->title, 0, 0, width, title_h, 1.0);

  ro.x = 0;
  ro.y = title_h;
  ro.width = width;
  ro.height = height - title_h - flow_h;
  ro.scroll_y = range->first_row * row_h;
  seqack_sequence_render (cr, range->layout, &ro);
  if (options->flow)
    paint_flow (cr, trace, range, 0, height - flow_h, width, 1.0);
  cairo_destroy (cr);

  if (options->format == SEQACK_EXPORT_PNG)
    status = cairo_surface_write_to_png_stream (surface, sink_write, &sink);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  return sink_finish (&sink, tmp_path, path, status, error);
}

typedef struct
{
  double row_h;
  double header_h;
  guint  rows_first_page;
  guint  rows_per_page;
} PdfPages;

static void
pdf_pages_init (PdfPages                  *pages,
                const SeqackExportOptions *options,
                const Range               *range)
{
  SeqackSequenceRenderOptions ro;
  double usable = A4_HEIGHT - 2 * PDF_MARGIN;
  double title_h = options->title != NULL ? TITLE_PX * PDF_SCALE : 0;

  options_for (&ro, options, range, PDF_SCALE);
  pages->row_h = seqack_sequence_render_get_row_height (&ro);
  pages->header_h = seqack_sequence_render_get_header_height (&ro);
  pages->rows_per_page = MAX (1, (guint) ((usable - pages->header_h)
                                          / pages->row_h));
  pages->rows_first_page = MAX (1, (guint) ((usable - title_h
                                             - pages->header_h)
                                            / pages->row_h));
}

static guint
pdf_page_count (const PdfPages *pages,
                const Range    *range)
{
  guint rows = range->end_row - range->first_row;

  if (rows <= pages->rows_first_page)
    return 1;
  rows -= pages->rows_first_page;
  return 1 + (rows + pages->rows_per_page - 1) / pages->rows_per_page;
}

static gboolean
write_pdf (SeqackTrace               *trace,
           const char                *path,
           const SeqackExportOptions *options,
           Range                     *range,
           GError                   **error)
{
  SeqackSequenceRenderOptions ro;
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_PAPER);
  double title_h = options->title != NULL ? TITLE_PX * PDF_SCALE : 0;
  double width = A4_WIDTH - 2 * PDF_MARGIN;
  g_autofree char *tmp_path = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  PdfPages pages;
  guint n_pages, total, row;
  cairo_t *cr;
  Sink sink;

  pdf_pages_init (&pages, options, range);
  n_pages = pdf_page_count (&pages, range);

  if (!sink_open (&sink, path, &tmp_path, error))
    return FALSE;

  surface = cairo_pdf_surface_create_for_stream (sink_write, &sink,
                                                 A4_WIDTH, A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  "SeqAck");
  if (options->title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                    options->title);
  cr = cairo_create (surface);

  row = range->first_row;
  /* The window pictures come on a page of their own, after the diagram. */
  total = n_pages + (options->flow ? 1 : 0);
  for (guint page = 0; page < total; page++)
    {
      guint rows = page == 0 ? pages.rows_first_page : pages.rows_per_page;
      double top = PDF_MARGIN;
      g_autofree char *footer = NULL;
      PangoLayout *pl;
      PangoFontDescription *desc;

      rows = MIN (rows, range->end_row - row);
      seqack_rgba_set_source (cr, &pal->background);
      cairo_paint (cr);
      if (page == n_pages)
        paint_flow (cr, trace, range, PDF_MARGIN, PDF_MARGIN, width,
                    PDF_SCALE);
      else if (page == 0 && options->title != NULL)
        {
          paint_title (cr, options->title, PDF_MARGIN, top, width, title_h,
                       PDF_SCALE);
          top += title_h;
        }

      /* The endpoint header repeats on every page. */
      if (page < n_pages)
        {
          options_for (&ro, options, range, PDF_SCALE);
          ro.x = PDF_MARGIN;
          ro.y = top;
          ro.width = width;
          ro.height = pages.header_h + rows * pages.row_h;
          ro.scroll_y = row * pages.row_h;
          seqack_sequence_render (cr, range->layout, &ro);
        }

      /* TRANSLATORS: page number in a PDF export, e.g. "2 / 5" */
      footer = g_strdup_printf (_("%u / %u"), page + 1, total);
      pl = pango_cairo_create_layout (cr);
      desc = pango_font_description_from_string ("Sans");
      pango_font_description_set_absolute_size (desc, 9 * PANGO_SCALE);
      pango_layout_set_font_description (pl, desc);
      pango_font_description_free (desc);
      pango_layout_set_text (pl, footer, -1);
      pango_layout_set_width (pl, width * PANGO_SCALE);
      pango_layout_set_alignment (pl, PANGO_ALIGN_CENTER);
      cairo_move_to (cr, PDF_MARGIN, A4_HEIGHT - PDF_MARGIN + 8);
      seqack_rgba_set_source (cr, &pal->dim);
      pango_cairo_show_layout (cr, pl);
      g_object_unref (pl);

      cairo_show_page (cr);
      row += rows;
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  return sink_finish (&sink, tmp_path, path, status, error);
}

gboolean
seqack_export_write (SeqackTrace               *trace,
                     const char                *path,
                     const SeqackExportOptions *options,
                     GError                   **error)
{
  Range range = { 0, };
  gboolean ok;

  g_return_val_if_fail (trace != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!range_init (&range, trace, options, error))
    return FALSE;

  if (options->format == SEQACK_EXPORT_PDF)
    ok = write_pdf (trace, path, options, &range, error);
  else
    ok = write_single (trace, path, options, &range, error);

  range_clear (&range);
  return ok;
}

guint
seqack_export_count_pdf_pages (SeqackTrace               *trace,
                               const SeqackExportOptions *options)
{
  Range range = { 0, };
  PdfPages pages;
  guint n;

  g_return_val_if_fail (trace != NULL, 0);
  g_return_val_if_fail (options != NULL, 0);

  if (!range_init (&range, trace, options, NULL))
    return 0;
  pdf_pages_init (&pages, options, &range);
  n = pdf_page_count (&pages, &range) + (options->flow ? 1 : 0);
  range_clear (&range);
  return n;
}
