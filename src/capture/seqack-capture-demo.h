/* seqack-capture-demo.h: a real kernel TCP connection on the loopback, for
 * the "capture a real handshake on lo" button and the tests.
 *
 * seqack_capture_demo_new() opens a listening socket on 127.0.0.1 with an
 * ephemeral port, so a live capture can be started with its filter first;
 * seqack_capture_demo_handshake() then makes one connection from a helper
 * thread: the client connects, sends "hello", the server answers "bye",
 * the client closes first (it will hold TIME-WAIT) and the server closes
 * when it reads the end of the stream: the lesson's SYN / SYN,ACK / ACK
 * and FIN / ACK exchange, from the kernel.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SeqackCaptureDemo SeqackCaptureDemo;

SeqackCaptureDemo *seqack_capture_demo_new  (GError **error);
/* Waits for the helper thread (if any) and closes the sockets. */
void               seqack_capture_demo_free (SeqackCaptureDemo *demo);

guint16 seqack_capture_demo_get_port   (SeqackCaptureDemo *demo);
/* "tcp port 41234": the BPF filter that captures only this connection. */
char   *seqack_capture_demo_get_filter (SeqackCaptureDemo *demo);

/* Starts the connection on a helper thread and returns at once. Once per
 * demo. */
gboolean seqack_capture_demo_handshake (SeqackCaptureDemo *demo,
                                        GError           **error);
/* Waits until the connection is over; FALSE with the socket error if it
 * failed (every step times out after 5 s, so this never hangs). */
gboolean seqack_capture_demo_wait      (SeqackCaptureDemo *demo,
                                        GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackCaptureDemo, seqack_capture_demo_free)

G_END_DECLS
