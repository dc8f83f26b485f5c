"""`make bench`: load-test our bot and the stock `rasa init` bot in one run, on one machine."""
