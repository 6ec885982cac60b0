hunt --workspace $WS --offline --now 2025-01-08T15:30:00Z "any suspicious logons on web-2 in the last day"
