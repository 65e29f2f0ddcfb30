package ui

import (
	"slices"
	"sync/atomic"

	"github.com/charmbracelet/lipgloss"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui/internal/asciifold"
)

// FrameCache shares frames between the sessions of one server: sessions
// in the same state with the same size, colour profile, background,
// language and status line (attached followers of one presenter, or
// viewers who pressed the same keys) would each build a byte-identical
// frame; with a cache one of them builds it and the others take it.
//
// Each part is a cache (cache.go): bounded, least recently used out first,
// built once. Entries are keyed by
// everything such a frame depends on (frameKey), the dataset pointer
// included. A server names the dataset it serves (SetDataset, again after
// each reload): what was kept for other datasets is dropped then.
type FrameCache struct {
	// The dataset the server serves now (SetDataset); nil: any. Only its
	// views and renders are kept, so that a reload does not leave the old
	// datasets alive in the cache (a session still drawing an old one
	// builds its own until its DatasetMsg arrives).
	cur atomic.Pointer[data.Dataset]

	// Whole frames of attached followers.
	frames *cache[frameKey, sharedFrame]

	// The dataset views (dsView: derived names, rows, ranks...) of the
	// server's sessions: one per dataset and language instead of one per
	// session. A dsView is read-only once built, so sessions share it.
	views *cache[viewKey, *dsView]

	// The styles of each look, built once from a renderer of that look
	// (lookRenderer) and then only read: 200 sessions of one terminal
	// type share one value instead of building their own each
	// (BENCHMARKS.md, "UI heap per session").
	styles *cache[lookKey, *styles]

	// Rendered KPI cards, table rows, charts and detail views, shared by
	// the sessions that draw them alike (shared.go): each depends on its
	// dataset view (dataset, language), its size and selection, and the
	// look (profile, background), nothing of the session.
	cards   *cache[sharedCardKey, string]
	rows    *cache[sharedRowKey, string]
	charts  *cache[sharedChartKey, string]
	details *cache[sharedDetailKey, []string]

	// The table's rows sorted by a column (a dataset view's every row, so
	// as large as the dataset): sorted once per server, then only read.
	orders *cache[orderKey, []data.PointRef]
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
	return c.orders.get(orderKey{dv, col, desc}, func() []data.PointRef { return build(col, desc) })
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
	return c.styles.get(k, func() *styles { return newStyles(lookRenderer(k), k.ascii) })
}

// maxCards bounds the shared cards (a few looks and widths of a few
// datasets).
const maxCards = 4096

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
	c.cards.purge(func(k sharedCardKey) bool { return old(k.dv) })
	c.frames.purge(func(k frameKey) bool { return k.ds != ds })
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
	return c.views.get(viewKey{ds: ds, lang: lang}, func() *dsView { return newDSView(ds, lang) })
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
	strLen := func(s string) int { return len(s) }
	return &FrameCache{
		frames:  newCache[frameKey](entries, bytes, func(f sharedFrame) int { return len(f.frame) }),
		views:   newCache[viewKey, *dsView](maxViews, 0, nil),
		styles:  newCache[lookKey, *styles](maxLooks, 0, nil),
		cards:   newCache[sharedCardKey, string](maxCards, 0, nil),
		rows:    newCache[sharedRowKey](sharedRowEntries, sharedRowBytes, strLen),
		charts:  newCache[sharedChartKey](sharedChartEntries, sharedChartBytes, strLen),
		details: newCache[sharedDetailKey](sharedDetailEntries, sharedDetailBytes, linesSize),
		orders:  newCache[orderKey, []data.PointRef](maxOrders, 0, nil),
	}
}

// frameKey is everything an attached follower's frame depends on. A field
// missing here would show a viewer another viewer's screen: every field of
// model, layout and Options is either carried here or exempt with a reason
// (frameInputs and frameExempt in framekey_test.go; the test fails on a
// field that is in neither).
type frameKey struct {
	ds    *data.Dataset
	story *data.Story // its caption bar (the same story for a whole server)
	tour  string      // the tour's progress mark as drawn (tourMark)
	snap  bool        // ctrl+s is offered (the help lists it)
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

// sharedFrame is a built frame and what it placed where: the layout a
// session needs after taking it (click areas, scroll offsets, the chart
// drawn), a copy of its own that no session changes.
type sharedFrame struct {
	frame string
	lay   layout
}

// frame returns the frame for k, building it with build when no session
// has (or is). Sessions that ask for a frame being built wait for it rather
// than build the same one again; if that build panics, each builds its own.
func (c *FrameCache) frame(k frameKey, build func() sharedFrame) sharedFrame {
	return c.frames.get(k, build)
}

// following is true while this session shows the presenter's screen.
func (m *model) following() bool {
	return m.role == RoleFollower && m.attached && m.presenter != ""
}

func (m *model) frameKey() frameKey {
	return frameKey{
		ds: m.dv.ds, story: m.opts.Story, tour: m.tourMark(), snap: m.opts.Snapshot != nil, state: m.state, w: m.w, h: m.h, lang: m.opts.Lang, look: m.st.look,
		role: m.role, presenter: m.presenter, audience: m.audience, attached: m.attached, unreachable: m.unreachable,
		notice: m.notice, banner: m.bannerText(), shutdown: m.shutdown, showHelp: m.showHelp,
		minute: m.now().Unix() / 60,
		scroll: m.scrollOffsets(),
	}
}

func (m *model) scrollOffsets() scrollOffsets {
	return scrollOffsets{ovTop: m.lay.ovTop, tableTop: m.lay.tableTop, pickTop: m.lay.pickTop, listTop: m.lay.listTop}
}

// buildShared builds the whole frame and records its layout.
func (m *model) buildShared() sharedFrame {
	out := m.renderFull()
	if m.st.look.ascii { // as render does for a frame of its own
		out = asciifold.String(out)
	}
	return sharedFrame{frame: out, lay: m.lay.clone()}
}

// useShared takes a frame another session (or this one) built. The layout
// is copied: the next render reuses the session's slices.
func (m *model) useShared(f sharedFrame) {
	m.frame = f.frame
	m.lay = f.lay.clone()
}

// clone is l with its own copies of the slices render appends to in
// place (the card rows are the dataset view's, only read).
func (l layout) clone() layout {
	l.zones = slices.Clone(l.zones)
	l.tabX, l.tabW = slices.Clone(l.tabX), slices.Clone(l.tabW)
	l.hdr = slices.Clone(l.hdr)
	return l
}
