package config

import (
	"fmt"
	"strconv"
	"strings"

	"newsbridge/ingest/fetch"
)

// FetchConfig is the config file's "fetch" section.
type FetchConfig struct {
	// Allow lists the loopback and private outlets the fetcher may
	// connect to, each "host:port" or a CIDR prefix; every other address
	// must be public. NEWSBRIDGE_FETCH_ALLOW, comma-separated.
	Allow []string `json:"allow"`
}

// FeedConfig is the config file's "feed" section.
type FeedConfig struct {
	// MaxItems is the most items read from one feed per poll; 0 means
	// feed.DefaultMaxItems (200). NEWSBRIDGE_FEED_MAX_ITEMS.
	MaxItems int `json:"max_items"`
}

// ingestFromEnv reads the fetch and feed settings from the environment; a
// malformed number is an error naming its variable.
func (c *Config) ingestFromEnv(getenv func(string) string) error {
	if v := getenv(fetch.AllowEnv); v != "" {
		c.Fetch.Allow = splitList(v)
	}
	if v := strings.TrimSpace(getenv("NEWSBRIDGE_FEED_MAX_ITEMS")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("config: NEWSBRIDGE_FEED_MAX_ITEMS: %q is not a whole number", v)
		}
		c.Feed.MaxItems = n
	}
	return nil
}

// validateIngest checks the fetch and feed settings.
func (c *Config) validateIngest() error {
	if _, err := fetch.ParseAllow(c.Fetch.Allow); err != nil {
		return fmt.Errorf("config: fetch.allow (or %s): %w", fetch.AllowEnv, err)
	}
	if c.Feed.MaxItems < 0 {
		return fmt.Errorf("config: feed.max_items (or NEWSBRIDGE_FEED_MAX_ITEMS) is %d; want a positive number, or 0 for the default", c.Feed.MaxItems)
	}
	return nil
}
