env QUARRY_CONFIG= XDG_CONFIG_HOME=/nonexistent HOME=/nonexistent
models --tokens 169606 --tier 1 --model gpt-5-mini --warn-ratio 0.3
