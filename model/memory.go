package model

import (
	"context"
	"time"
)

// Memory origins.
const (
	OriginMachine = "machine"
	OriginEditor  = "editor"
)

// MemoryEntry is one translation-memory entry: a source segment and its
// translation for one pair.
type MemoryEntry struct {
	// Key is the normalized source segment; lookups match on it exactly.
	Key           string
	Source        string
	Target        string
	Origin        string // OriginMachine or OriginEditor
	Engine        string
	EngineVersion string
	Route         string
	Editor        string
	At            time.Time
}

// Memory is the translation memory. An editor's entry (OriginEditor) always
// wins over the machine's and is returned whatever the glossary version;
// machine entries match only the glossary version they were made under.
type Memory interface {
	LookupMemory(ctx context.Context, pair Pair, glossaryVersion int64, keys []string) (map[string]MemoryEntry, error)
	SaveMemory(ctx context.Context, pair Pair, glossaryVersion int64, entries []MemoryEntry) error
}

// Glossary gives the translator the terms to enforce. The version changes
// whenever a term is added, changed or removed.
type Glossary interface {
	GlossaryTerms(ctx context.Context, sourceLang string) ([]GlossaryTerm, error)
	GlossaryVersion(ctx context.Context) (int64, error)
}
