"""Start, wait for and stop the real servers (action server, Rasa server), and talk to them over
REST: one harness for the slower test tiers (tests/e2e, browser, wechat, production) and for the
benchmark (bench/). Not used by the assistant itself."""
