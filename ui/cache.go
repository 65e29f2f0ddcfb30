package ui

import "sync"

// cache is the one cache type of the ui: a bounded map that builds each
// value once. Every cache of rendered or derived things (frames, dataset
// views, sort orders, cards, rows, charts, details, styles) is one, so they
// share one eviction policy and one behaviour under concurrency:
//
//   - bounded by entries and, when size is set, by bytes: the least recently
//     used entries go first; a value larger than the byte bound is returned
//     but not kept;
//   - built once: callers that ask for a key being built wait for that build
//     instead of building the same value again; if the build panics, the
//     panic goes on in its caller and each waiter builds its own;
//   - values are only read once built (callers must not change them).
//
// The zero value is not usable; set the bounds with newCache. Safe for
// concurrent use.
type cache[K comparable, V any] struct {
	maxEntries, maxBytes int
	size                 func(V) int // bytes a value holds; nil: bound by entries only

	mu    sync.Mutex
	byKey map[K]*cacheEntry[K, V]
	head  cacheEntry[K, V] // sentinel of the recency ring: head.next is the most recent
	bytes int
}

type cacheEntry[K comparable, V any] struct {
	key        K
	prev, next *cacheEntry[K, V]
	ready      chan struct{} // closed when built (ok) or when the build failed
	ok         bool
	val        V
	size       int
}

// newCache makes a cache of at most maxEntries values and, with size,
// maxBytes bytes.
func newCache[K comparable, V any](maxEntries, maxBytes int, size func(V) int) *cache[K, V] {
	c := &cache[K, V]{maxEntries: maxEntries, maxBytes: maxBytes, size: size, byKey: map[K]*cacheEntry[K, V]{}}
	c.head.prev, c.head.next = &c.head, &c.head
	return c
}

// get returns the value of k, building it with build when no caller has
// (or is).
func (c *cache[K, V]) get(k K, build func() V) V {
	c.mu.Lock()
	if e, ok := c.byKey[k]; ok {
		c.unlinkLocked(e)
		c.pushFrontLocked(e)
		c.mu.Unlock()
		<-e.ready
		if e.ok {
			return e.val
		}
		return build()
	}
	e := &cacheEntry[K, V]{key: k, ready: make(chan struct{})}
	c.byKey[k] = e
	c.pushFrontLocked(e)
	c.evictLocked()
	c.mu.Unlock()

	built := false
	defer func() {
		if !built { // build panicked: let the waiters build their own
			c.mu.Lock()
			c.removeLocked(e)
			c.mu.Unlock()
			close(e.ready)
		}
	}()
	v := build()
	built = true

	size := 0
	if c.size != nil {
		size = c.size(v)
	}
	c.mu.Lock()
	e.val, e.ok, e.size = v, true, size
	if c.byKey[k] == e {
		c.bytes += size
		if c.size != nil && size > c.maxBytes {
			c.removeLocked(e)
		}
		c.evictLocked()
	}
	c.mu.Unlock()
	close(e.ready)
	return v
}

// purge drops the keys drop says to drop.
func (c *cache[K, V]) purge(drop func(K) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.byKey {
		if drop(k) {
			c.removeLocked(e)
		}
	}
}

// len is the number of entries and the bytes of the built ones (tests).
func (c *cache[K, V]) len() (entries, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.byKey), c.bytes
}

func (c *cache[K, V]) evictLocked() {
	for len(c.byKey) > c.maxEntries || c.size != nil && c.bytes > c.maxBytes {
		last := c.head.prev
		if last == &c.head {
			return
		}
		c.removeLocked(last)
	}
}

// removeLocked drops e if it is still the entry of its key.
func (c *cache[K, V]) removeLocked(e *cacheEntry[K, V]) {
	if c.byKey[e.key] != e {
		return
	}
	delete(c.byKey, e.key)
	c.unlinkLocked(e)
	if e.ok {
		c.bytes -= e.size
	}
}

func (c *cache[K, V]) pushFrontLocked(e *cacheEntry[K, V]) {
	e.prev, e.next = &c.head, c.head.next
	c.head.next.prev = e
	c.head.next = e
}

func (c *cache[K, V]) unlinkLocked(e *cacheEntry[K, V]) {
	e.prev.next = e.next
	e.next.prev = e.prev
	e.prev, e.next = nil, nil
}
