package ui

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
)

// Callers asking at once for one key build it once: the others wait for
// that build.
func TestCacheBuildsOnce(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c := newCache[int, string](4, 0, nil)
		var builds atomic.Int32
		release := make(chan struct{})
		var wg sync.WaitGroup
		got := make([]string, 50)
		for i := range got {
			wg.Go(func() {
				got[i] = c.get(1, func() string {
					builds.Add(1)
					<-release
					return "one"
				})
			})
		}
		synctest.Wait() // one caller builds, 49 wait for it
		if n := builds.Load(); n != 1 {
			t.Fatalf("%d builds started for one key", n)
		}
		close(release)
		wg.Wait()
		if builds.Load() != 1 {
			t.Fatalf("%d builds of one value", builds.Load())
		}
		for _, g := range got {
			if g != "one" {
				t.Fatalf("got %q", g)
			}
		}
	})
}

// When a build panics, the panic reaches its caller, the callers that
// waited for it build their own, and nothing is kept.
func TestCachePanickedBuild(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c := newCache[int, string](4, 0, nil)
		var builds atomic.Int32
		release := make(chan struct{})
		panicked := make(chan any, 1)
		go func() {
			defer func() { panicked <- recover() }()
			c.get(2, func() string {
				builds.Add(1)
				<-release
				panic("render bug")
			})
		}()
		synctest.Wait()
		var others sync.WaitGroup
		for range 5 {
			others.Go(func() {
				if v := c.get(2, func() string { builds.Add(1); return "two" }); v != "two" {
					t.Errorf("got %q", v)
				}
			})
		}
		synctest.Wait() // the five wait for the first build
		if n := builds.Load(); n != 1 {
			t.Fatalf("%d builds before the first ended", n)
		}
		close(release)
		others.Wait()
		if r := <-panicked; r != "render bug" {
			t.Fatalf("the builder's caller got %v, not the panic", r)
		}
		if n := builds.Load(); n != 6 {
			t.Fatalf("%d builds: the five waiters did not build their own", n)
		}
		if n, _ := c.len(); n != 0 {
			t.Fatalf("%d entries kept after a panicked build", n)
		}
	})
}

// The least recently used entries go first; the byte bound holds; a value
// larger than it is returned and not kept.
func TestCacheBounds(t *testing.T) {
	t.Parallel()
	c := newCache[int, string](3, 100, func(s string) int { return len(s) })
	builds := map[int]int{}
	get := func(k, size int) string {
		return c.get(k, func() string { builds[k]++; return fmt.Sprintf("%0*d", size, k) })
	}
	get(1, 10)
	get(2, 10)
	get(3, 10)
	get(1, 10) // 1 is now the most recent, 2 the least
	get(4, 10) // evicts 2
	if n, b := c.len(); n != 3 || b != 30 {
		t.Fatalf("%d entries, %d bytes; want 3, 30", n, b)
	}
	get(1, 10)
	get(3, 10)
	if builds[1] != 1 || builds[3] != 1 {
		t.Fatalf("recently used entries were evicted: %v", builds)
	}
	get(2, 10)
	if builds[2] != 2 {
		t.Fatalf("the least recently used entry was kept: %v", builds)
	}
	get(5, 85) // 85 + the most recent 10 fit; the rest go
	if n, b := c.len(); b > 100 || n != 2 {
		t.Fatalf("%d bytes in %d entries; want at most 100 in 2", b, n)
	}
	if v := get(6, 200); len(v) != 200 {
		t.Fatalf("a value larger than the bound: got %d bytes", len(v))
	}
	get(6, 200)
	if builds[6] != 2 {
		t.Fatal("a value larger than the byte bound was kept")
	}
	if _, b := c.len(); b > 100 {
		t.Fatalf("%d bytes after a value larger than the bound", b)
	}

	// Bound by entries only (no size function): bytes are not counted.
	d := newCache[int, string](2, 0, nil)
	for k := range 10 {
		d.get(k, func() string { return "xxxxxxxxxx" })
		if n, b := d.len(); n > 2 || b != 0 {
			t.Fatalf("%d entries, %d bytes", n, b)
		}
	}
}

func TestCachePurge(t *testing.T) {
	t.Parallel()
	c := newCache[int, string](10, 0, nil)
	for k := range 6 {
		c.get(k, func() string { return "v" })
	}
	c.purge(func(k int) bool { return k%2 == 0 })
	if n, _ := c.len(); n != 3 {
		t.Fatalf("%d entries after purging 3 of 6", n)
	}
	rebuilt := 0
	for k := range 6 {
		c.get(k, func() string { rebuilt++; return "v" })
	}
	if rebuilt != 3 {
		t.Fatalf("%d rebuilt, want the 3 purged", rebuilt)
	}
}
