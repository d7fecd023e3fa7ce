/* test-render-export.c: PNG, SVG and PDF files of the diagram.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "render-test-util.h"

#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "seqack-export.h"
#include "seqack-sequence-layout.h"
#include "seqack-sequence-render.h"

#define CHINESE_TITLE "TCP 三次握手与四次挥手"

static char *
make_tmpdir (void)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp ("seqack-render-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
count_files (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  g_dir_close (d);
  return n;
}

static void
remove_dir (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_rmdir (path);
      else
        g_unlink (path);
    }
  g_dir_close (d);
  g_rmdir (dir);
}

/* A PNG of the whole trace: the right size, paper background, the
 * Chinese title inked. */
static void
test_export_png (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("hello-goodbye");
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "ladder.png", NULL);
  const SeqackPalette *paper = seqack_palette_get (SEQACK_SCHEME_PAPER);
  SeqackExportOptions o;
  cairo_surface_t *png;
  GError *error = NULL;
  guint ink;

  seqack_export_options_init (&o);
  g_assert_true (seqack_export_format_from_path (path, &o.format));
  g_assert_cmpint (o.format, ==, SEQACK_EXPORT_PNG);
  o.title = CHINESE_TITLE;
  o.scale = 2;
  g_assert_true (seqack_export_write (seqack_lab_get_trace (lab), path, &o,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (dir), ==, 1);

  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 1800);
  g_assert_cmpint (cairo_image_surface_get_height (png), >, 2000);
  g_assert_true (render_test_color_near (render_test_pixel (png, 4, 4),
                                         &paper->background, 0.01));
  /* The title band (40 px at scale 2) holds dark ink: the glyphs. */
  ink = render_test_count (png, 0, 0, 1800, 80, &paper->foreground, 0.3);
  g_assert_cmpuint (ink, >, 400);
  cairo_surface_destroy (png);
  remove_dir (dir);
}

/* Pango finds a font for every Chinese character (Noto CJK through
 * fontconfig): no tofu boxes, and the text has ink. */
static void
test_export_chinese_glyphs (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         400, 60);
  cairo_t *cr = cairo_create (surface);
  PangoLayout *pl = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string ("Sans 20px");
  PangoRectangle ink;

  pango_layout_set_font_description (pl, desc);
  pango_layout_set_text (pl, CHINESE_TITLE, -1);
  g_assert_cmpint (pango_layout_get_unknown_glyphs_count (pl), ==, 0);
  pango_layout_get_pixel_extents (pl, &ink, NULL);
  g_assert_cmpint (ink.width, >, 150);
  g_assert_cmpint (ink.height, >, 10);
  pango_font_description_free (desc);
  g_object_unref (pl);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

typedef struct
{
  guint n_svg;
  guint n_symbols;
  guint n_paths;
  guint depth;
} SvgCount;

static void
svg_start (GMarkupParseContext *context,
           const char          *element,
           const char         **names,
           const char         **values,
           gpointer             data,
           GError             **error)
{
  SvgCount *c = data;

  if (c->depth == 0)
    g_assert_cmpstr (element, ==, "svg");
  c->depth++;
  c->n_svg += g_str_equal (element, "svg");
  c->n_symbols += g_str_equal (element, "symbol");
  c->n_paths += g_str_equal (element, "path");
}

static void
svg_end (GMarkupParseContext *context,
         const char          *element,
         gpointer             data,
         GError             **error)
{
  ((SvgCount *) data)->depth--;
}

static SvgCount
parse_svg (const char *path)
{
  static const GMarkupParser parser = { svg_start, svg_end, NULL, NULL, NULL };
  g_autofree char *text = NULL;
  gsize len;
  GError *error = NULL;
  SvgCount count = { 0, };
  GMarkupParseContext *context;

  g_file_get_contents (path, &text, &len, &error);
  g_assert_no_error (error);
  context = g_markup_parse_context_new (&parser, 0, &count, NULL);
  g_markup_parse_context_parse (context, text, len, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
  g_markup_parse_context_free (context);
  g_assert_cmpuint (count.depth, ==, 0);
  return count;
}

/* SVG is well-formed XML, and a Chinese title adds its glyph outlines
 * (cairo embeds glyphs, not text). */
static void
test_export_svg (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("hello-goodbye");
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *plain = g_build_filename (dir, "plain.svg", NULL);
  g_autofree char *titled = g_build_filename (dir, "titled.SVG", NULL);
  SeqackExportOptions o;
  GError *error = NULL;
  SvgCount a, b;

  seqack_export_options_init (&o);
  g_assert_true (seqack_export_format_from_path (titled, &o.format));
  g_assert_cmpint (o.format, ==, SEQACK_EXPORT_SVG);
  g_assert_true (seqack_export_write (seqack_lab_get_trace (lab), plain, &o,
                                      &error));
  g_assert_no_error (error);
  o.title = "三次握手四次挥手";
  g_assert_true (seqack_export_write (seqack_lab_get_trace (lab), titled, &o,
                                      &error));
  g_assert_no_error (error);

  a = parse_svg (plain);
  b = parse_svg (titled);
  g_assert_cmpuint (a.n_svg, ==, 1);
  g_assert_cmpuint (a.n_symbols, >, 20);
  /* 三 次 握 手 四 挥: six different characters, each a glyph outline. */
  g_assert_cmpuint (b.n_symbols, >=, a.n_symbols + 6);
  g_assert_cmpuint (b.n_paths, >, a.n_paths);
  remove_dir (dir);
}

/* Counts "/Type /Page" objects and checks every /MediaBox is A4. */
static guint
pdf_pages (const char *path)
{
  g_autofree char *text = NULL;
  gsize len;
  const char *p;
  guint pages = 0, boxes = 0;
  GError *error = NULL;

  g_file_get_contents (path, &text, &len, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "%PDF-"));
  for (p = text; (p = memmem (p, len - (p - text), "/Type /Page", 11)); p++)
    if (p[11] != 's')
      pages++;
  for (p = text; (p = memmem (p, len - (p - text), "/MediaBox", 9)); p++)
    {
      double x0, y0, x1, y1;

      g_assert_cmpint (sscanf (p + 9, " [ %lf %lf %lf %lf ]", &x0, &y0, &x1,
                               &y1), ==, 4);
      /* A4: 210 x 297 mm = 595.28 x 841.89 pt */
      g_assert_cmpfloat (fabs (x1 - x0 - 595.28), <, 0.1);
      g_assert_cmpfloat (fabs (y1 - y0 - 841.89), <, 0.1);
      boxes++;
    }
  g_assert_cmpuint (boxes, >=, 1);
  return pages;
}

/* PDF is cut into A4 pages at row boundaries: a long trace gives as many
 * pages as its rows need. */
static void
test_export_pdf_pages (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("hello-goodbye");
  g_autoptr (SeqackTrace) big = render_test_synthetic_trace (150, 50000);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (big);
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *small_path = g_build_filename (dir, "small.pdf", NULL);
  g_autofree char *big_path = g_build_filename (dir, "big.pdf", NULL);
  SeqackSequenceRenderOptions ro;
  SeqackExportOptions o;
  GError *error = NULL;
  double row_h, header_h, usable;
  guint rows, per_page, expected;

  seqack_export_options_init (&o);
  o.format = SEQACK_EXPORT_PDF;
  g_assert_true (seqack_export_write (seqack_lab_get_trace (lab), small_path,
                                      &o, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (small_path), ==,
                    seqack_export_count_pdf_pages (seqack_lab_get_trace (lab),
                                                   &o));

  g_assert_true (seqack_export_write (big, big_path, &o, &error));
  g_assert_no_error (error);
  /* Rows at 0.72 of screen size on A4 less half-inch margins, the header
   * on every page. */
  seqack_sequence_render_options_init (&ro);
  ro.scale = 0.72;
  row_h = seqack_sequence_render_get_row_height (&ro);
  header_h = seqack_sequence_render_get_header_height (&ro);
  usable = 841.889764 - 72;
  per_page = (guint) ((usable - header_h) / row_h);
  rows = seqack_sequence_layout_get_n_rows (layout);
  expected = (rows + per_page - 1) / per_page;
  g_assert_cmpuint (expected, >, 5);
  g_assert_cmpuint (pdf_pages (big_path), ==, expected);
  g_assert_cmpuint (seqack_export_count_pdf_pages (big, &o), ==, expected);
  remove_dir (dir);
}

/* A range of events gives a shorter picture than the whole trace. */
static void
test_export_range (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("hello-goodbye");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *all = g_build_filename (dir, "all.png", NULL);
  g_autofree char *part = g_build_filename (dir, "part.png", NULL);
  SeqackExportOptions o;
  cairo_surface_t *a, *b;
  GError *error = NULL;

  seqack_export_options_init (&o);
  g_assert_true (seqack_export_write (trace, all, &o, &error));
  g_assert_no_error (error);
  /* Just the handshake: up to the server entering ESTABLISHED. */
  o.end_event = render_test_find_state (trace, SEQACK_SERVER,
                                        SEQACK_TCP_SYN_RECEIVED,
                                        SEQACK_TCP_ESTABLISHED) + 1;
  g_assert_true (seqack_export_write (trace, part, &o, &error));
  g_assert_no_error (error);
  a = cairo_image_surface_create_from_png (all);
  b = cairo_image_surface_create_from_png (part);
  g_assert_cmpint (cairo_image_surface_get_height (b), <,
                   cairo_image_surface_get_height (a) / 2);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);

  o.first_event = 10;
  o.end_event = 10;
  g_assert_false (seqack_export_write (trace, part, &o, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  remove_dir (dir);
}

/* An export of one connection of two-connections draws it alone, as a
 * view filtered to it does: a shorter picture than all of them, and
 * another than the other connection's. */
static void
test_export_connection (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("two-connections");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *all = g_build_filename (dir, "all.png", NULL);
  g_autofree char *one = g_build_filename (dir, "one.png", NULL);
  SeqackExportOptions o;
  SeqackSocketKey key;
  cairo_surface_t *a, *b;
  GError *error = NULL;
  guint n_all, n_one;

  seqack_export_options_init (&o);
  g_assert_null (o.connection);
  g_assert_true (seqack_export_write (trace, all, &o, &error));
  g_assert_no_error (error);
  g_assert_true (seqack_sequence_layout_get_connection (layout, 1, &key));
  o.connection = &key;
  g_assert_true (seqack_export_write (trace, one, &o, &error));
  g_assert_no_error (error);
  a = cairo_image_surface_create_from_png (all);
  b = cairo_image_surface_create_from_png (one);
  /* The rows' share of the height goes as the layouts' rows. */
  n_all = seqack_sequence_layout_get_n_rows (layout);
  seqack_sequence_layout_set_connection (layout, &key);
  n_one = seqack_sequence_layout_get_n_rows (layout);
  g_assert_cmpuint (n_one, <, n_all);
  g_assert_cmpint (cairo_image_surface_get_height (b), <,
                   cairo_image_surface_get_height (a));
  g_assert_cmpint (cairo_image_surface_get_height (a) -
                   cairo_image_surface_get_height (b), >=,
                   (int) ((n_all - n_one) * 30));
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  remove_dir (dir);
}

/* A picture too narrow for the state names beside the lifelines draws
 * each state change on a row of its own, as the window does there (the
 * names would cover the arrows' ends): the same trace is taller, where a
 * wide one puts them on the arrows' rows. */
static void
test_export_narrow_rows (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("hello-goodbye");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *wide = g_build_filename (dir, "wide.png", NULL);
  g_autofree char *narrow = g_build_filename (dir, "narrow.png", NULL);
  SeqackSequenceRenderOptions ro;
  SeqackExportOptions o;
  cairo_surface_t *a, *b;
  GError *error = NULL;
  int n_joined = 0;

  seqack_export_options_init (&o);
  g_assert_true (seqack_export_write (trace, wide, &o, &error));
  g_assert_no_error (error);
  o.width = 400;
  seqack_sequence_render_options_init (&ro);
  ro.width = o.width;
  g_assert_false (seqack_sequence_render_state_names_fit (&ro));
  g_assert_true (seqack_export_write (trace, narrow, &o, &error));
  g_assert_no_error (error);

  {
    g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);

    for (guint r = 0; r < seqack_sequence_layout_get_n_rows (layout); r++)
      {
        SeqackSequenceRow row;

        seqack_sequence_layout_get_row (layout, r, &row);
        n_joined += row.kind != SEQACK_ROW_STATE
                    && row.state != SEQACK_NO_EVENT;
      }
  }
  a = cairo_image_surface_create_from_png (wide);
  b = cairo_image_surface_create_from_png (narrow);
  g_assert_cmpint (n_joined, >=, 4);
  /* One row (36 px) more for each state change on an arrow's row. */
  g_assert_cmpint (cairo_image_surface_get_height (b)
                   - cairo_image_surface_get_height (a), ==, 36 * n_joined);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  remove_dir (dir);
}

/* Failures are SEQACK_ERROR_IO and leave no file, partial or temporary. */
static void
test_export_errors (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("hello-goodbye");
  g_autoptr (SeqackTrace) huge = render_test_synthetic_trace (1000, 50000);
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "no", "such", "x.svg",
                                               NULL);
  g_autofree char *taken = g_build_filename (dir, "taken.pdf", NULL);
  g_autofree char *tall = g_build_filename (dir, "tall.png", NULL);
  SeqackExportOptions o;
  GError *error = NULL;

  seqack_export_options_init (&o);
  o.format = SEQACK_EXPORT_SVG;
  g_assert_false (seqack_export_write (seqack_lab_get_trace (lab), missing,
                                       &o, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_IO);
  g_clear_error (&error);

  /* The target is a directory: writing works, the rename fails. */
  g_assert_cmpint (g_mkdir (taken, 0755), ==, 0);
  o.format = SEQACK_EXPORT_PDF;
  g_assert_false (seqack_export_write (seqack_lab_get_trace (lab), taken, &o,
                                       &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_IO);
  g_clear_error (&error);
  g_assert_cmpuint (count_files (dir), ==, 1);

  /* Taller than cairo's 32767 px. */
  o.format = SEQACK_EXPORT_PNG;
  g_assert_false (seqack_export_write (huge, tall, &o, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (g_file_test (tall, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir), ==, 1);

  g_assert_false (seqack_export_format_from_path ("ladder.jpg", NULL));
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/export/png", test_export_png);
  g_test_add_func ("/render/export/chinese-glyphs",
                   test_export_chinese_glyphs);
  g_test_add_func ("/render/export/svg", test_export_svg);
  g_test_add_func ("/render/export/pdf-pages", test_export_pdf_pages);
  g_test_add_func ("/render/export/narrow-rows", test_export_narrow_rows);
  g_test_add_func ("/render/export/range", test_export_range);
  g_test_add_func ("/render/export/connection", test_export_connection);
  g_test_add_func ("/render/export/errors", test_export_errors);

  return g_test_run ();
}
