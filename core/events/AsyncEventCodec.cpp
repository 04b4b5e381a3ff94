#include "events/AsyncEventCodec.h"
