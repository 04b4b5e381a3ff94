#include "events/SchemaRegistryClient.h"
