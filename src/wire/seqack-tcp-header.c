#include "seqack-tcp-header.h"
