#include "seqack-ipv4.h"
