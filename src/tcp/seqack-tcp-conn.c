#include "seqack-tcp-conn.h"
