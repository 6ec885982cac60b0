hunt --workspace $WS --offline --json --now 2025-01-08T15:30:00Z "failed logons on windows-target-1 past 2 days"
