#include "events/SchemaCompatibility.h"
