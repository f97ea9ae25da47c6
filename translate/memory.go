package translate

import (
	"context"
	"sync"

	"newsbridge/model"
)

// MemoryCache is an in-memory model.Memory for tests, benchmarks and the CLI
// without a data directory. The store's SQLite/PostgreSQL memory is the one
// the server uses; both follow the same rule: an editor's entry wins over the
// machine's and is returned whatever the glossary version, a machine entry
// matches only the glossary version it was made under.
type MemoryCache struct {
	mu      sync.RWMutex
	editor  map[cacheKey]model.MemoryEntry
	machine map[cacheKey]model.MemoryEntry
}

type cacheKey struct {
	pair    model.Pair
	version int64 // 0 for editor entries
	key     string
}

var _ model.Memory = (*MemoryCache)(nil)

// NewMemoryCache returns an empty MemoryCache.
func NewMemoryCache() *MemoryCache {
	return &MemoryCache{
		editor:  make(map[cacheKey]model.MemoryEntry),
		machine: make(map[cacheKey]model.MemoryEntry),
	}
}

// LookupMemory returns the entries found for keys, by key.
func (m *MemoryCache) LookupMemory(ctx context.Context, pair model.Pair, glossaryVersion int64, keys []string) (map[string]model.MemoryEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make(map[string]model.MemoryEntry)
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, k := range keys {
		if e, ok := m.editor[cacheKey{pair, 0, k}]; ok {
			out[k] = e
			continue
		}
		if e, ok := m.machine[cacheKey{pair, glossaryVersion, k}]; ok {
			out[k] = e
		}
	}
	return out, nil
}

// SaveMemory stores entries; a machine entry never replaces an editor's.
func (m *MemoryCache) SaveMemory(ctx context.Context, pair model.Pair, glossaryVersion int64, entries []model.MemoryEntry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range entries {
		if e.Origin == model.OriginEditor {
			m.editor[cacheKey{pair, 0, e.Key}] = e
			continue
		}
		m.machine[cacheKey{pair, glossaryVersion, e.Key}] = e
	}
	return nil
}

// Len returns the number of entries held.
func (m *MemoryCache) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.editor) + len(m.machine)
}
