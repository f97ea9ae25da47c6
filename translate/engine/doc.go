// Package engine holds what every machine-translation engine of newsbridge
// shares: its configuration (Config, Secret), the one classification of
// engine errors (Kind, Classify) that decides retry, circuit breaking and
// the router's failover, the long-text splitter (SplitLong), the JSON
// request helper and HTTPEngine base the HTTP engines use, and
// ResilientEngine, the layer every
// engine goes through (retry with backoff, rate and concurrency limits, a
// daily character budget, quota pauses and a circuit breaker).
//
// The engines themselves live in subpackages named after what they wrap
// (libretranslate, deepl, google, openai, apertium, apy); each has
// New(cfg Config) (*Engine, error).
package engine
