hunt --workspace $WS --offline "   "
