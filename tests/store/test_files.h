// Temporary directories and files for the store tests (testutil::TempDir); removed when the
// object dies.
#pragma once

#include "../testutil/temp_dir.h"

namespace quarry::store::testing {

using testutil::TempDir;

}  // namespace quarry::store::testing
