package ui

import "sync"

// Rendered parts that the sessions of one server share through the
// FrameCache, besides whole frames and cards: each is keyed by everything
// it is drawn from, the look included, so a session only ever gets what it
// would have drawn itself.

// sharedRowKey is a table row of a look. The row is plain text now (the
// selection is styled around it), but a row that gets colours one day
// must not show in another look.
type sharedRowKey struct {
	rowKey
	look lookKey
}

// sharedChartKey is a chart (charts view or detail) of a look.
type sharedChartKey struct {
	chartKey
	look lookKey
}

// sharedDetailKey is the content of a detail view of a look.
type sharedDetailKey struct {
	detailKey
	look lookKey
}

// Bounds of each generation of the shared parts (sharedMap): a few
// screens of rows, a few dozen charts and details for every look and size
// in the audience. The byte bounds are for clients that claim huge windows.
const (
	sharedRowEntries    = 8192
	sharedRowBytes      = 4 << 20
	sharedChartEntries  = 256
	sharedChartBytes    = 8 << 20
	sharedDetailEntries = 128
	sharedDetailBytes   = 8 << 20
)

// sharedMap is a bounded map of rendered values, safe for concurrent use.
// It keeps two generations: when the newer is full (maxEntries, or
// maxBytes by the sizes given to put) it becomes the older and the older
// is dropped. An entry read from the older moves to the newer, so what
// sessions still draw stays and the rest ages out; at most twice the
// bounds live. Values are only read once put.
type sharedMap[K comparable, V any] struct {
	maxEntries, maxBytes int

	mu        sync.Mutex
	cur, prev map[K]sizedValue[V]
	curBytes  int
}

type sizedValue[V any] struct {
	v    V
	size int
}

func (c *sharedMap[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.cur[k]; ok {
		return e.v, true
	}
	e, ok := c.prev[k]
	if ok {
		c.putLocked(k, e)
	}
	return e.v, ok
}

// put keeps v (size bytes) for k; a value larger than the byte bound is
// not kept.
func (c *sharedMap[K, V]) put(k K, v V, size int) {
	c.mu.Lock()
	c.putLocked(k, sizedValue[V]{v, size})
	c.mu.Unlock()
}

func (c *sharedMap[K, V]) putLocked(k K, e sizedValue[V]) {
	if e.size > c.maxBytes {
		return
	}
	if old, ok := c.cur[k]; ok {
		c.curBytes -= old.size
		delete(c.cur, k)
	}
	if len(c.cur) >= c.maxEntries || c.curBytes+e.size > c.maxBytes {
		c.prev, c.cur, c.curBytes = c.cur, nil, 0
	}
	if c.cur == nil {
		c.cur = map[K]sizedValue[V]{}
	}
	c.cur[k] = e
	c.curBytes += e.size
}

// purge drops the keys drop says to drop, from both generations.
func (c *sharedMap[K, V]) purge(drop func(K) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.cur {
		if drop(k) {
			delete(c.cur, k)
			c.curBytes -= e.size
		}
	}
	for k := range c.prev {
		if drop(k) {
			delete(c.prev, k)
		}
	}
}

// len is the number of entries of both generations, and bytes those of
// the newer (tests).
func (c *sharedMap[K, V]) len() (entries, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.cur) + len(c.prev), c.curBytes
}

// linesSize is the bytes a []string value holds.
func linesSize(lines []string) int {
	n := 24 // the slice header
	for _, l := range lines {
		n += 16 + len(l)
	}
	return n
}
