query --workspace $WS 'asin(0.5)'
