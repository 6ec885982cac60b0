// `quarry release DEVICE [...]`: releases a machine from isolation in Microsoft Defender for
// Endpoint, with the same exact-name lookup, approval and audit as `quarry isolate` (the flags
// and the work are shared with isolate_command.cc).
#include "cli/command.h"

namespace quarry::cli {

void SetupRelease(CLI::App& app);

QUARRY_COMMAND(release, SetupRelease);

}  // namespace quarry::cli
