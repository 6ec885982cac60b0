hunt --workspace $WS --offline --now 2025-01-08T15:30:00Z "I'm worried that windows-target-1 may have been maliciously logged into in the last few days"
