hunt --workspace $WS --offline --explain --max-rounds 1 --now 2025-01-08T15:30:00Z "suspicious sign-ins in the last 24 hours"
