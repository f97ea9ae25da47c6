// Package engine holds what every machine-translation engine of newsbridge
// shares: its configuration (Config, Secret), the errors the router
// recognises (ErrQuota, ErrUnavailable, ErrCircuitOpen, HTTPError), the JSON
// request helper the HTTP engines use, and ResilientEngine, the layer every
// engine goes through (retry with backoff, rate and concurrency limits, a
// daily character budget, quota pauses and a circuit breaker).
//
// The engines themselves live in subpackages named after what they wrap
// (libretranslate, deepl, google, openai, apertium, apy); each has
// New(cfg Config) (*Engine, error).
package engine
