env QUARRY_CONFIG= XDG_CONFIG_HOME=/nonexistent HOME=/nonexistent
models --file tests/tokenizer/fixtures/hello_world.txt --output-tokens 100 --tier 2 --model gpt-4
