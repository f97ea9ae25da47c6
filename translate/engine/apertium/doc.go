// Package apertium is newsbridge's embedded Apertium engine. It starts each
// language pair's pipeline itself from the pair's installed mode file
// (/usr/share/apertium/modes/*.mode), keeps it running and feeds it batches
// of segments ended by a null byte, the way Apertium's HTTP server (APy)
// does: every program gets -z, so it flushes its output at the null byte and
// waits for the next batch. A kept-running pipeline translates thousands of
// words per second where each `apertium` call pays about a second of
// start-up.
package apertium
