query --workspace $WS --check 'let x = 2; x * 3'
