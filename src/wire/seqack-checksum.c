#include "seqack-checksum.h"
