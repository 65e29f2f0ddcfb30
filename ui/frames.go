package ui

import (
	"container/list"
	"sync"
	"sync/atomic"

	"github.com/charmbracelet/lipgloss"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// FrameCache shares frames between the attached followers of one server:
// followers of the same presenter with the same size, colour profile,
// background, language and status line would each build a byte-identical
// frame; with a cache one of them builds it and the others copy it.
//
// It is a small LRU, safe for concurrent use. Entries are keyed by
// everything such a frame depends on (frameKey), the dataset pointer
// included. A server names the dataset it serves (SetDataset, again after
// each reload): what was kept for other datasets is dropped then.
type FrameCache struct {
	maxEntries int
	maxBytes   int

	// The dataset the server serves now (SetDataset); nil: any. Only its
	// views and renders are kept, so that a reload does not leave the old
	// datasets alive in the cache (a session still drawing an old one
	// builds its own until its DatasetMsg arrives).
	cur atomic.Pointer[data.Dataset]

	mu    sync.Mutex
	bytes int
	lru   *list.List // of *frameEntry, most recently used first
	byKey map[frameKey]*list.Element

	// The dataset views (dsView: derived names, rows, ranks...) of the
	// server's sessions: one per dataset and language instead of one per
	// session. A dsView is read-only once built, so sessions share it.
	views onceMap[viewKey, *dsView]

	// Rendered KPI cards, shared like the frames: a card depends on its
	// dataset view (dataset, language), its size and selection, and the
	// look (profile, background), nothing of the session.
	cmu   sync.RWMutex
	cards map[sharedCardKey]string

	// The styles of each look, built once from a renderer of that look
	// (lookRenderer) and then only read: 200 sessions of one terminal
	// type share one value instead of building ~20 KiB each.
	smu    sync.Mutex
	styles map[lookKey]*styles

	// Rendered table rows, charts and detail views, shared like the cards
	// by the sessions that draw them alike (shared.go).
	rows    sharedMap[sharedRowKey, string]
	charts  sharedMap[sharedChartKey, string]
	details sharedMap[sharedDetailKey, []string]

	// The table's rows sorted by a column (a dataset view's every row, so
	// as large as the dataset): sorted once per server, then only read.
	orders onceMap[orderKey, []data.PointRef]
}

type orderKey struct {
	dv   *dsView
	col  int
	desc bool
}

// maxOrders bounds the shared sort orders: every column both ways for the
// two languages of a dataset, and some of the one before a reload.
const maxOrders = 2 * 2 * numCols * 2

// order returns the rows of dv sorted by col (desc: descending), sorting
// once with build; sessions only read the result. Without a cache (nil)
// every call sorts.
func (c *FrameCache) order(dv *dsView, col int, desc bool, build func(int, bool) []data.PointRef) []data.PointRef {
	if !c.keeps(dv.ds) {
		return build(col, desc)
	}
	return c.orders.get(orderKey{dv, col, desc}, maxOrders, func() []data.PointRef { return build(col, desc) })
}

type sharedCardKey struct {
	cardKey
	look lookKey
}

// maxLooks bounds the shared styles. Four profiles times two backgrounds
// times two glyph sets is all there is, so the bound only guards against a
// profile value termenv does not know.
const maxLooks = 32

// stylesFor returns the styles of r's look now. With a cache they are the
// ones every session of that look shares; without (a local terminal,
// tests) they are built from r itself, as they always were.
func (c *FrameCache) stylesFor(r *lipgloss.Renderer, ascii bool) *styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	if c == nil {
		return newStyles(r, ascii)
	}
	// Like newStyles, this asks for the background at New (see there).
	k := lookOf(r, ascii)
	c.smu.Lock()
	defer c.smu.Unlock()
	if s := c.styles[k]; s != nil {
		return s
	}
	if c.styles == nil || len(c.styles) >= maxLooks {
		c.styles = map[lookKey]*styles{}
	}
	s := newStyles(lookRenderer(k), k.ascii)
	c.styles[k] = s
	return s
}

// maxCards bounds the shared cards (a few looks and widths of a few
// datasets); when full the cache starts again.
const maxCards = 4096

func (c *FrameCache) card(k sharedCardKey) (string, bool) {
	c.cmu.RLock()
	s, ok := c.cards[k]
	c.cmu.RUnlock()
	return s, ok
}

func (c *FrameCache) putCard(k sharedCardKey, s string) {
	c.cmu.Lock()
	if c.cards == nil || len(c.cards) >= maxCards {
		c.cards = map[sharedCardKey]string{}
	}
	c.cards[k] = s
	c.cmu.Unlock()
}

// SetDataset tells the cache which dataset the server serves from now on
// (at start and after each reload): everything kept for other datasets is
// dropped, and from now on only this one's views and renders are kept.
func (c *FrameCache) SetDataset(ds *data.Dataset) {
	if c == nil {
		return
	}
	c.cur.Store(ds)
	old := func(dv *dsView) bool { return dv.ds != ds }
	c.views.purge(func(k viewKey) bool { return k.ds != ds })
	c.orders.purge(func(k orderKey) bool { return old(k.dv) })
	c.rows.purge(func(k sharedRowKey) bool { return old(k.dv) })
	c.charts.purge(func(k sharedChartKey) bool { return old(k.dv) })
	c.details.purge(func(k sharedDetailKey) bool { return old(k.dv) })
	c.cmu.Lock()
	for k := range c.cards {
		if old(k.dv) {
			delete(c.cards, k)
		}
	}
	c.cmu.Unlock()
	c.mu.Lock()
	for k, el := range c.byKey {
		if k.ds != ds {
			c.removeLocked(el.Value.(*frameEntry))
		}
	}
	c.mu.Unlock()
}

// keeps says whether renders of ds may be kept: it is the dataset served
// now (or none was named). A nil cache keeps nothing.
func (c *FrameCache) keeps(ds *data.Dataset) bool {
	if c == nil {
		return false
	}
	cur := c.cur.Load()
	return cur == nil || cur == ds
}

type viewKey struct {
	ds   *data.Dataset
	lang string
}

// maxViews bounds the shared dataset views: two languages times the
// datasets of a few reloads (sessions keep the views they hold).
const maxViews = 8

// view returns the shared dsView of ds in lang, building it once. Without
// a cache (nil) every call builds its own.
func (c *FrameCache) view(ds *data.Dataset, lang string) *dsView {
	if !c.keeps(ds) {
		return newDSView(ds, lang)
	}
	return c.views.get(viewKey{ds: ds, lang: lang}, maxViews, func() *dsView { return newDSView(ds, lang) })
}

// onceMap builds the value of each key once, for every session that asks
// at the same time, and keeps the values of the newest keep keys. Values
// are only read once built.
type onceMap[K comparable, V any] struct {
	mu    sync.Mutex
	m     map[K]*onceValue[V]
	order []K // oldest first
}

type onceValue[V any] struct {
	once  sync.Once
	v     V
	built bool
}

// get returns the value of k, built by build in the first call; a build
// that panicked (in another session) is tried again by each caller.
func (c *onceMap[K, V]) get(k K, keep int, build func() V) V {
	c.mu.Lock()
	e := c.m[k]
	if e == nil {
		if c.m == nil {
			c.m = map[K]*onceValue[V]{}
		}
		e = &onceValue[V]{}
		c.m[k] = e
		c.order = append(c.order, k)
		for len(c.order) > keep {
			delete(c.m, c.order[0])
			c.order = c.order[1:]
		}
	}
	c.mu.Unlock()
	e.once.Do(func() { e.v, e.built = build(), true })
	if !e.built {
		return build()
	}
	return e.v
}

// purge drops the keys drop says to drop.
func (c *onceMap[K, V]) purge(drop func(K) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	kept := c.order[:0]
	for _, k := range c.order {
		if drop(k) {
			delete(c.m, k)
		} else {
			kept = append(kept, k)
		}
	}
	clear(c.order[len(kept):])
	c.order = kept
}

// Bounds of NewFrameCache: a distinct look per terminal size and profile
// in the audience (a handful), times a few presenter moves; the byte bound
// is for clients that claim a huge window (serve allows 1000x500).
const (
	frameCacheEntries = 64
	frameCacheBytes   = 64 << 20
)

// NewFrameCache makes a cache for one server; pass it to every session in
// Options.Frames.
func NewFrameCache() *FrameCache {
	return newFrameCache(frameCacheEntries, frameCacheBytes)
}

func newFrameCache(entries, bytes int) *FrameCache {
	c := &FrameCache{maxEntries: entries, maxBytes: bytes, lru: list.New(), byKey: map[frameKey]*list.Element{}}
	c.rows.maxEntries, c.rows.maxBytes = sharedRowEntries, sharedRowBytes
	c.charts.maxEntries, c.charts.maxBytes = sharedChartEntries, sharedChartBytes
	c.details.maxEntries, c.details.maxBytes = sharedDetailEntries, sharedDetailBytes
	return c
}

// frameKey is everything an attached follower's frame depends on. A field
// missing here would show a viewer another viewer's screen: add any new
// input of render (a model field, an option) here too.
type frameKey struct {
	ds    *data.Dataset
	state State
	w, h  int
	lang  string
	look  lookKey // the styles' look, the renderer's too (syncLook)

	role      Role
	presenter string
	audience  Audience
	attached  bool
	// unreachable: the presenter's server cannot be reached.
	unreachable bool
	notice      string
	banner      string
	shutdown    string
	showHelp    bool

	// The clock decides which events are past (latest event, timeline
	// dots). Events start on whole minutes, so within a minute it cannot
	// change the frame.
	minute int64

	// Scroll offsets the frame starts from (render keeps a selection
	// visible by moving them as little as possible, so they depend on
	// the session's past).
	scroll scrollOffsets
}

type scrollOffsets struct{ ovTop, tableTop, pickTop, listTop int }

// sharedFrame is a built frame and what it placed where (the layout a
// session needs after taking it).
type sharedFrame struct {
	frame                  string
	bodyTop, bodyH, chartW int
	scroll                 scrollOffsets
}

type frameEntry struct {
	key   frameKey
	ready chan struct{} // closed when built (ok) or when building failed
	ok    bool
	val   sharedFrame
	size  int
}

// get returns the frame for k, building it with build when no session has
// (or is). Sessions that ask for a frame being built wait for it rather
// than build the same one again; if that build panics, each builds its own.
func (c *FrameCache) get(k frameKey, build func() sharedFrame) sharedFrame {
	c.mu.Lock()
	if el, ok := c.byKey[k]; ok {
		c.lru.MoveToFront(el)
		e := el.Value.(*frameEntry)
		c.mu.Unlock()
		<-e.ready
		if e.ok {
			return e.val
		}
		return build()
	}
	e := &frameEntry{key: k, ready: make(chan struct{})}
	c.byKey[k] = c.lru.PushFront(e)
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

	c.mu.Lock()
	e.val, e.ok, e.size = v, true, len(v.frame)
	if _, still := c.byKey[k]; still {
		c.bytes += e.size
		if e.size > c.maxBytes {
			c.removeLocked(e)
		}
		c.evictLocked()
	}
	c.mu.Unlock()
	close(e.ready)
	return v
}

func (c *FrameCache) evictLocked() {
	for c.lru.Len() > c.maxEntries || c.bytes > c.maxBytes {
		c.removeLocked(c.lru.Back().Value.(*frameEntry))
	}
}

// removeLocked drops e if it is still the entry of its key.
func (c *FrameCache) removeLocked(e *frameEntry) {
	el, ok := c.byKey[e.key]
	if !ok || el.Value.(*frameEntry) != e {
		return
	}
	delete(c.byKey, e.key)
	c.lru.Remove(el)
	if e.ok {
		c.bytes -= e.size
	}
}

// len is the number of entries (tests).
func (c *FrameCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// following is true while this session shows the presenter's screen.
func (m *model) following() bool {
	return m.role == RoleFollower && m.attached && m.presenter != ""
}

func (m *model) frameKey() frameKey {
	return frameKey{
		ds: m.dv.ds, state: m.state, w: m.w, h: m.h, lang: m.opts.Lang, look: m.st.look,
		role: m.role, presenter: m.presenter, audience: m.audience, attached: m.attached, unreachable: m.unreachable,
		notice: m.notice, banner: m.bannerText(), shutdown: m.shutdown, showHelp: m.showHelp,
		minute: m.now().Unix() / 60,
		scroll: m.scrollOffsets(),
	}
}

func (m *model) scrollOffsets() scrollOffsets {
	return scrollOffsets{ovTop: m.lay.ovTop, tableTop: m.lay.tableTop, pickTop: m.lay.pickTop, listTop: m.lay.listTop}
}

// buildShared builds the whole frame (no zones: see render) and records
// its layout.
func (m *model) buildShared() sharedFrame {
	out := m.renderFull()
	return sharedFrame{frame: out, bodyTop: m.lay.bodyTop, bodyH: m.lay.bodyH, chartW: m.lay.chartW, scroll: m.scrollOffsets()}
}

func (m *model) useShared(f sharedFrame) {
	m.frame = f.frame
	m.lay.bodyTop, m.lay.bodyH, m.lay.chartW = f.bodyTop, f.bodyH, f.chartW
	m.lay.ovTop, m.lay.tableTop, m.lay.pickTop, m.lay.listTop = f.scroll.ovTop, f.scroll.tableTop, f.scroll.pickTop, f.scroll.listTop
}
