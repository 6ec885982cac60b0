hunt --workspace $WS --dry-run --offline --now 2025-01-08T15:30:00Z "logons on host x\" or 1==1 // this week"
