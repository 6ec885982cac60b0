hunt --workspace $WS --offline --export csv --now 2025-01-08T15:30:00Z "brute force against windows-target-1 in the last few days"
