/* seqack-error.h: the one error domain every layer reports in.
 *
 * Functions that can fail on input return gboolean (or a size) and take a
 * GError **; the code says what kind of failure it is so callers (the CLI's
 * exit status, the UI's message) can react without parsing text.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SEQACK_ERROR (seqack_error_quark ())

typedef enum
{
  SEQACK_ERROR_TRUNCATED,        /* input shorter than a length it states */
  SEQACK_ERROR_MALFORMED,        /* a field holds an impossible value */
  SEQACK_ERROR_CHECKSUM,         /* checksum does not verify */
  SEQACK_ERROR_UNSUPPORTED,      /* valid, but not something we decode */
  SEQACK_ERROR_INVALID_ARGUMENT, /* a user option or name is wrong */
  SEQACK_ERROR_NOT_FOUND,        /* unknown scenario, interface, file */
  SEQACK_ERROR_IO,               /* reading or writing a file failed */
  SEQACK_ERROR_PERMISSION,       /* the OS refused (capture, TUN) */
  SEQACK_ERROR_CANCELLED,
  /* Connection errors a TCP user sees (RFC 9293 §3.10) */
  SEQACK_ERROR_CONNECTION_EXISTS,
  SEQACK_ERROR_CONNECTION_CLOSING,
  SEQACK_ERROR_NO_CONNECTION,
  SEQACK_ERROR_CONNECTION_RESET,
  SEQACK_ERROR_CONNECTION_REFUSED,
  SEQACK_ERROR_TIMED_OUT,
  /* Socket errors (a host's socket table, Linux errno names) */
  SEQACK_ERROR_ADDRESS_IN_USE,   /* EADDRINUSE: the port is held */
  SEQACK_ERROR_NO_PORTS,         /* EADDRNOTAVAIL: no ephemeral port left */
  SEQACK_ERROR_WOULD_BLOCK,      /* EAGAIN: accept() with nothing queued */
} SeqackError;

GQuark seqack_error_quark (void);

G_END_DECLS
