#include "seqack-packet.h"
