/* seqack-palette.c: the colors every drawing in SeqAck uses.
 *
 * Colors come from the GNOME palette so the diagram sits well in an
 * Adwaita window; the paper scheme uses darker tones that print well.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "seqack-palette.h"

#include "seqack-tcp-header.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, \
                   ((hex) & 0xff) / 255.0, 1.0 }
#define RGBA(hex, alpha) { ((hex) >> 16 & 0xff) / 255.0, \
                           ((hex) >> 8 & 0xff) / 255.0, \
                           ((hex) & 0xff) / 255.0, (alpha) }

static const SeqackPalette palettes[SEQACK_N_SCHEMES] = {
  [SEQACK_SCHEME_LIGHT] = {
    .background = RGB (0xfafafa),
    .foreground = RGB (0x241f31),
    .dim = RGB (0x5e5c64),
    .timeline = RGB (0x77767b),
    .header = RGB (0xebebed),
    .wait_band = RGBA (0x9a9996, 0.18),
    .wait_text = RGB (0x3d3846),
    .syn = RGB (0x1c71d8),
    .fin = RGB (0xc64600),
    .rst = RGB (0xe01b24),
    .data = RGB (0x813d9c),
    .ack = RGB (0x5e5c64),
    .lost = RGB (0xe01b24),
    .selection = RGBA (0x3584e4, 0.18),
    .time_wait_band = RGBA (0xe5a50a, 0.55),
    .timer_lane = RGB (0x2ec27e),
    .timer_lane_text = RGB (0x1c7a4a),
    .letters = RGB (0x1a5fb4),
    .label_halo = RGBA (0xfafafa, 0.85),
    .state_fill = {
      RGB (0xdeddda), RGB (0x99c1f1), RGB (0x8ff0a4), RGB (0xffbe6f),
      RGB (0xf9f06b),
    },
    .state_text = {
      RGB (0x241f31), RGB (0x0b3a75), RGB (0x0e4f1f), RGB (0x63260a),
      RGB (0x4f3b00),
    },
    .box_fill = RGB (0xffffff),
    .box_border = RGB (0x77767b),
    .edge = RGB (0x9a9996),
    .edge_active = RGB (0xe66100),
    .connection = {
      /* green, magenta, brown, teal: apart in hue and lightness, and
       * from the segment colours; each at least 4.5:1 on the
       * background, for text */
      RGB (0x1a7f4b), RGB (0xb5307e), RGB (0x8a5a1c), RGB (0x0f7c8c),
    },
  },
  [SEQACK_SCHEME_DARK] = {
    .background = RGB (0x1e1e1e),
    .foreground = RGB (0xf6f5f4),
    .dim = RGB (0xc0bfbc),
    .timeline = RGB (0x9a9996),
    .header = RGB (0x2e2e32),
    .wait_band = RGBA (0x77767b, 0.25),
    .wait_text = RGB (0xdeddda),
    .syn = RGB (0x62a0ea),
    .fin = RGB (0xffa348),
    .rst = RGB (0xff5c5c),
    .data = RGB (0xdc8add),
    .ack = RGB (0xc0bfbc),
    .lost = RGB (0xff5c5c),
    .selection = RGBA (0x3584e4, 0.32),
    .time_wait_band = RGBA (0xf5c211, 0.55),
    .timer_lane = RGB (0x57e389),
    .timer_lane_text = RGB (0x8ff0a4),
    .letters = RGB (0x99c1f1),
    .label_halo = RGBA (0x1e1e1e, 0.85),
    .state_fill = {
      RGB (0x5e5c64), RGB (0x1a5fb4), RGB (0x26a269), RGB (0xc64600),
      RGB (0xc88800),
    },
    .state_text = {
      RGB (0xffffff), RGB (0xffffff), RGB (0xffffff), RGB (0xffffff),
      RGB (0x000000),
    },
    .box_fill = RGB (0x2e2e32),
    .box_border = RGB (0x9a9996),
    .edge = RGB (0x77767b),
    .edge_active = RGB (0xffa348),
    .connection = {
      RGB (0x57e389), RGB (0xff7fb0), RGB (0xc9a27a), RGB (0x7ae6f0),
    },
  },
  [SEQACK_SCHEME_PAPER] = {
    .background = RGB (0xffffff),
    .foreground = RGB (0x000000),
    .dim = RGB (0x3d3846),
    .timeline = RGB (0x000000),
    .header = RGB (0xf0f0f0),
    .wait_band = RGBA (0x9a9996, 0.20),
    .wait_text = RGB (0x000000),
    .syn = RGB (0x1a5fb4),
    .fin = RGB (0xc64600),
    .rst = RGB (0xc01c28),
    .data = RGB (0x613583),
    .ack = RGB (0x3d3846),
    .lost = RGB (0xc01c28),
    .selection = RGBA (0x3584e4, 0.15),
    .time_wait_band = RGBA (0xe5a50a, 0.60),
    .timer_lane = RGB (0x26a269),
    .timer_lane_text = RGB (0x0e5a32),
    .letters = RGB (0x1a5fb4),
    .label_halo = RGBA (0xffffff, 0.9),
    .state_fill = {
      RGB (0xdeddda), RGB (0x99c1f1), RGB (0x8ff0a4), RGB (0xffbe6f),
      RGB (0xf9f06b),
    },
    .state_text = {
      RGB (0x000000), RGB (0x000000), RGB (0x000000), RGB (0x000000),
      RGB (0x000000),
    },
    .box_fill = RGB (0xffffff),
    .box_border = RGB (0x000000),
    .edge = RGB (0x5e5c64),
    .edge_active = RGB (0xc64600),
    .connection = {
      RGB (0x0e6b3c), RGB (0xa0206b), RGB (0x74490f), RGB (0x006a78),
    },
  },
};

const SeqackPalette *
seqack_palette_get (SeqackColorScheme scheme)
{
  g_return_val_if_fail (scheme < SEQACK_N_SCHEMES, &palettes[0]);

  return &palettes[scheme];
}

SeqackStateGroup
seqack_state_group (SeqackTcpState state)
{
  switch (state)
    {
    case SEQACK_TCP_SYN_SENT:
    case SEQACK_TCP_SYN_RECEIVED:
      return SEQACK_STATE_GROUP_OPENING;
    case SEQACK_TCP_ESTABLISHED:
      return SEQACK_STATE_GROUP_OPEN;
    case SEQACK_TCP_FIN_WAIT_1:
    case SEQACK_TCP_FIN_WAIT_2:
    case SEQACK_TCP_CLOSE_WAIT:
    case SEQACK_TCP_CLOSING:
    case SEQACK_TCP_LAST_ACK:
      return SEQACK_STATE_GROUP_CLOSING;
    case SEQACK_TCP_TIME_WAIT:
      return SEQACK_STATE_GROUP_TIME_WAIT;
    case SEQACK_TCP_CLOSED:
    case SEQACK_TCP_LISTEN:
    case SEQACK_TCP_N_STATES:
    default:
      return SEQACK_STATE_GROUP_CLOSED;
    }
}

const SeqackRgba *
seqack_palette_segment_color (const SeqackPalette *palette,
                              guint8               flags,
                              guint32              payload_len)
{
  g_return_val_if_fail (palette != NULL, NULL);

  if (flags & SEQACK_TCP_RST)
    return &palette->rst;
  if (flags & SEQACK_TCP_SYN)
    return &palette->syn;
  if (flags & SEQACK_TCP_FIN)
    return &palette->fin;
  if (payload_len > 0)
    return &palette->data;
  return &palette->ack;
}

const SeqackRgba *
seqack_palette_connection_color (const SeqackPalette *palette,
                                 guint                index)
{
  g_return_val_if_fail (palette != NULL, NULL);

  return &palette->connection[index % SEQACK_N_CONNECTION_COLORS];
}

void
seqack_rgba_set_source (cairo_t          *cr,
                        const SeqackRgba *color)
{
  cairo_set_source_rgba (cr, color->r, color->g, color->b, color->a);
}

void
seqack_rounded_rect (cairo_t *cr,
                     double   x,
                     double   y,
                     double   w,
                     double   h,
                     double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}
