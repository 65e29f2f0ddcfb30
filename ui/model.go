package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui/geo"
)

// Model is the root model of one program: a router that turns messages
// into Actions, runs the pure reducer, and rebuilds the cached frame when
// something visible changed. View only returns that frame.
type Model struct{ m *model }

type model struct {
	opts  Options
	st    *styles // of the renderer's look (syncLook); shared with a FrameCache
	keys  *keyMap // shared by the sessions of a language (read-only)
	tr    *texts  // interface words in opts.Lang
	zoned bool    // the frame being built records click areas (render)
	dv    *dsView
	state State

	w, h  int
	sized bool

	role      Role
	presenter string
	audience  Audience
	// unreachable: the presenter's server cannot be reached (RoleMsg).
	unreachable bool
	attached    bool // a follower shows the presenter's screen (the default)
	told        bool // what OnFollow was last told
	lastFollow  State
	hasFollow   bool
	countdown   CountdownMsg // the session ends soon (serve); zero: not shown

	notice   string // transient one-line message (cleared by the next key)
	banner   string
	shutdown string
	showHelp bool

	lastInput time.Time
	frame     string

	cache renderCache
	lay   layout

	dragging bool
	dragX    int

	quitting bool // quit was called: keys after it in one message are dropped

	// The story (story.go): its stops' States on dsView stopsFor, and
	// the tour's next step and whether input holds it.
	stopsFor  *dsView
	stopCache []State
	tourNext  time.Time
	tourInput bool

	// The map (mapview.go): its data per dataset, its outlines per size
	// and view, the canvas a frame draws on; dragY for dragging it.
	mapFor   *dsView
	mapCache *mapData
	mapBase  mapBase
	mapDraw  geo.Canvas
	mapCells []int16 // per cell of the map: its mark, for one frame
	dragY    int
}

// layout is what the last frame placed where, for mouse routing and for
// keeping selections visible.
type layout struct {
	bodyTop, bodyH int
	zones          []region // click areas of the last frame (mouse.go)
	chartW         int      // plot width for wheel/drag
	ovTop          int      // overview scroll (lines)
	tableTop       int      // first visible table row
	pickTop        int      // first visible picker line
	listTop        int      // first visible line of sources/events lists

	// Where the items are in the areas of the last frame (mouse.go).
	tabX, tabW   []int     // tab labels in the "tabs" zone
	hdr          []hdrSpan // table header cells in the "hdr" zone
	pickN        int       // picker items shown
	cards        []cardRow // overview card rows ("cards" zone)
	cardW, cardH int

	chart chartKey // the charts view's chart in the last frame (wheel zoom)
}

// tickMsg drives the idle timeout; quitMsg ends after a shutdown notice;
// countdownTick redraws a countdown each second.
type tickMsg struct{}
type quitMsg struct{}
type countdownTick struct{}

// New makes the root model for one program.
func New(ds *data.Dataset, opts Options) Model {
	return Model{newModel(ds, opts)}
}

// quit ends the program.
func (m *model) quit() tea.Cmd {
	m.quitting = true
	return tea.Quit
}

func newModel(ds *data.Dataset, opts Options) *model {
	if opts.Lang == "" {
		opts.Lang = "en"
	}
	tr := textsFor(opts.Lang)
	m := &model{opts: opts, tr: tr, keys: keyMapOf(tr), st: opts.Frames.stylesFor(opts.Renderer, opts.ASCII)}
	m.dv = opts.Frames.view(ds, opts.Lang)
	m.state = defaultState(m.dv)
	if opts.Start != nil {
		m.state = m.sanitize(*opts.Start)
		m.lastFollow, m.hasFollow = m.state, true
	}
	m.lastInput = m.now()
	if stops := m.stops(); len(stops) > 0 {
		m.state = stops[0]
		m.tourNext = m.now().Add(opts.Tour)
	}
	return m
}

// syncLook switches to the styles of the renderer's look if that changed
// since they were chosen (a profile or background set on the session's
// renderer after New): the colours were resolved for the old look, and
// shared styles would render in the old one. What was rendered with the
// old styles goes too.
func (m *model) syncLook() {
	r := m.opts.Renderer
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	if lookOf(r, m.opts.ASCII) == m.st.look {
		return
	}
	m.st = m.opts.Frames.stylesFor(r, m.opts.ASCII)
	m.cache = renderCache{}
}

func defaultState(dv *dsView) State { return defaultStateOf(dv.cardIDs) }

// defaultStateOf is the state a dataset whose cards are cardIDs opens in.
func defaultStateOf(cardIDs []string) State {
	s := State{View: ViewOverview, Prev: ViewOverview}
	if len(cardIDs) > 0 {
		s.Indicator = cardIDs[0]
	}
	return s
}

func (m *model) now() time.Time {
	if m.opts.Now != nil {
		return m.opts.Now()
	}
	return time.Now()
}

// State returns the shared screen state.
func (m Model) State() State {
	if m.m == nil {
		return State{}
	}
	return m.m.state
}

func (m Model) Init() tea.Cmd {
	if m.m == nil {
		return nil
	}
	var cmds []tea.Cmd
	if m.m.opts.IdleTimeout > 0 {
		cmds = append(cmds, m.m.tick())
	}
	if m.m.opts.Tour > 0 && m.m.storyOn() {
		cmds = append(cmds, m.m.tourTick())
	}
	return tea.Batch(cmds...)
}

func (m *model) tick() tea.Cmd {
	d := m.opts.IdleTimeout / 4
	if d > time.Second {
		d = time.Second
	}
	if d < 10*time.Millisecond {
		d = 10 * time.Millisecond
	}
	return tea.Tick(d, func(time.Time) tea.Msg { return tickMsg{} })
}

func (m Model) View() string {
	if m.m == nil || !m.m.sized {
		return ""
	}
	return m.m.frame
}

func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.m == nil {
		return m, nil
	}
	cmd := m.m.update(msg)
	return m, cmd
}

func (m *model) update(msg tea.Msg) tea.Cmd {
	if m.shutdown != "" {
		if _, ok := msg.(quitMsg); ok {
			return m.quit()
		}
		if k, ok := msg.(tea.KeyMsg); ok && k.String() == "ctrl+c" {
			return m.quit()
		}
		if ws, ok := msg.(tea.WindowSizeMsg); ok {
			m.resize(ws)
			m.render()
		}
		return nil
	}
	before := m.state
	var cmd tea.Cmd
	publish := true
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg)
	case tea.KeyMsg:
		m.lastInput, m.tourInput = m.now(), true
		m.countdown = CountdownMsg{}
		cmd = m.key(msg)
	case tea.MouseMsg:
		m.lastInput, m.tourInput = m.now(), true
		if msg.Action == tea.MouseActionMotion && !m.dragging {
			return nil // pointer moves change nothing on screen: keep the frame
		}
		m.countdown = CountdownMsg{}
		if m.following() {
			// The attached frame has no zones (render), so a click or the
			// wheel does not act on what is under the pointer: like a
			// navigation key, a press only detaches; the frame drawn next
			// has zones, and the next click acts.
			m.dragging = false
			if msg.Action != tea.MouseActionPress || m.showHelp {
				return nil
			}
			m.attached = false
			break
		}
		m.mouse(msg)
	case RoleMsg:
		m.setRole(msg)
		publish = false
	case FollowMsg:
		m.lastFollow, m.hasFollow = msg.State, true
		if m.role == RoleFollower && m.attached {
			m.state = m.sanitize(msg.State)
		}
		publish = false
	case DatasetMsg:
		if msg.Dataset != nil && m.opts.Story != nil {
			m.opts.Story = msg.Story
			if !m.storyOn() {
				m.state.Stop = 0
			}
		}
		m.setDataset(msg.Dataset)
	case BannerMsg:
		m.banner = firstLine(msg.Text)
	case CountdownMsg:
		was := !m.countdown.At.IsZero()
		m.countdown = msg
		if !was && !msg.At.IsZero() {
			cmd = countdownCmd()
		}
	case countdownTick:
		if m.countdown.At.IsZero() {
			return nil
		}
		cmd = countdownCmd()
	case ShutdownMsg:
		m.shutdown = firstLine(msg.Text)
		if m.shutdown == "" {
			m.shutdown = m.tr.briefingEnded
		}
		m.render()
		return tea.Tick(time.Second, func(time.Time) tea.Msg { return quitMsg{} })
	case tourMsg:
		if !m.onTour() {
			return nil
		}
		cmd = m.tourTick()
	case tickMsg:
		if m.opts.IdleTimeout > 0 {
			if m.now().Sub(m.lastInput) >= m.opts.IdleTimeout {
				m.shutdown = fmt.Sprintf(m.tr.closedIdle, HumanDuration(m.opts.IdleTimeout, m.opts.Lang))
				m.render()
				return m.quit()
			}
			return m.tick()
		}
		return nil
	default:
		return nil
	}
	if m.state != before && publish && m.opts.OnState != nil {
		m.opts.OnState(m.state)
	}
	if following := m.role == RoleFollower && m.attached; following != m.told && m.opts.OnFollow != nil {
		m.told = following
		m.opts.OnFollow(following)
	}
	m.render()
	return cmd
}

// follow is f (or a click on the status line of a viewer looking around).
// A follower follows the presenter again: without a presenter yet it still
// attaches, and follows as soon as one arrives (the status line says it
// waits). A presenter (or one screen) that looked around goes back to the
// story's stop.
func (m *model) follow() {
	if m.role == RoleFollower {
		m.attached, m.dragging = true, false
		if m.hasFollow {
			m.state = m.sanitize(m.lastFollow)
		}
	} else if m.storyOn() && m.state.Stop > 0 {
		m.apply(Action{Kind: ActStoryStop, N: m.state.Stop})
	}
}

// countdownCmd redraws the countdown in a second.
func countdownCmd() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return countdownTick{} })
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

func (m *model) resize(ws tea.WindowSizeMsg) {
	if ws.Width < 0 || ws.Height < 0 {
		return
	}
	m.w, m.h = ws.Width, ws.Height
	m.sized = true
}

func (m *model) setRole(r RoleMsg) {
	prev := m.role
	m.role, m.presenter, m.audience, m.unreachable = r.Role, r.Presenter, r.Audience, r.Unreachable
	switch r.Role {
	case RoleFollower:
		// Following is where a viewer starts, whether or not a presenter
		// is there yet; only the viewer's own navigation detaches, so a
		// presenter who leaves and returns (or arrives late) leads the
		// same followers.
		if prev != RoleFollower {
			m.attached = true
			if m.hasFollow {
				m.state = m.sanitize(m.lastFollow)
			}
		}
	default:
		m.attached = false
	}
}

func (m *model) setDataset(ds *data.Dataset) {
	if ds == nil {
		return
	}
	m.dv = m.opts.Frames.view(ds, m.opts.Lang)
	m.cache = renderCache{}
	m.state = m.sanitize(m.state)
	if m.hasFollow {
		m.lastFollow = m.sanitize(m.lastFollow)
	}
}

// sanitize keeps a state usable with the current dataset: an unknown
// indicator falls back to the first one (and a detail view to the overview).
func (m *model) sanitize(s State) State {
	if _, i := m.dv.indicator(s.Indicator); i < 0 {
		d := defaultState(m.dv)
		s.Indicator = d.Indicator
		s.From, s.To = 0, 0
		s.Log = false
		if s.View == ViewDetail {
			s.View = ViewOverview
		}
	}
	if !validView(s.View) {
		s.View = ViewOverview
	}
	if !validView(s.Prev) {
		s.Prev = ViewOverview
	}
	if s.SortCol < 0 || s.SortCol >= numCols {
		s.SortCol = 0
	}
	if s.Mode < 0 || s.Mode >= numModes {
		s.Mode = ModeLine
	}
	s.Card = clamp(s.Card, 0, len(m.dv.cards)-1)
	s.Source = clamp(s.Source, 0, len(m.dv.ds.Sources)-1)
	s.Event = clamp(s.Event, 0, len(m.dv.ds.Events)-1)
	if s.Row < 0 {
		s.Row = 0
	}
	if s.Pick < 0 {
		s.Pick = 0
	}
	if s.SourceRow < 0 {
		s.SourceRow = 0
	}
	if s.Scroll < 0 {
		s.Scroll = 0
	}
	if s.Stop < 0 || !m.storyOn() || s.Stop > len(m.opts.Story.Stops) {
		s.Stop = 0
	}
	s.MapSel = clamp(s.MapSel, 0, len(m.mapOf().items)-1)
	s.MapZoom = clamp(s.MapZoom, mapZoomMin, mapZoomMax)
	return s
}

// apply runs the reducer for one action, with the follower rules.
func (m *model) apply(a Action) {
	if a.Kind == ActNone {
		return
	}
	if m.role == RoleFollower && m.attached {
		m.attached = false
	}
	c := m.reduceCtx()
	if m.state.View == ViewCharts && m.state.From == 0 && m.state.To == 0 && m.state.Mode == ModeLine &&
		(a.Kind == ActLeft || a.Kind == ActRight || a.Kind == ActPan) {
		m.notice = m.tr.wholeRange
	}
	if a.Kind == ActLog && m.state.View == ViewCharts && !m.state.Log {
		if !c.LogAllowed {
			m.notice = m.tr.logNeedsPositive
		} else if m.state.Relative {
			m.notice = m.tr.logAbs
		}
	}
	if a.Kind == ActEnter && m.state.View == ViewEvents && c.Events > 0 && c.EventSource < 0 && c.EventIndicator == "" {
		m.notice = m.tr.eventNoSource
		if ev := &m.dv.ds.Events[clamp(m.state.Event, 0, len(m.dv.ds.Events)-1)]; ev.Source >= 0 {
			m.notice = m.tr.eventNoFigures
		}
	}
	m.state = Reduce(m.state, a, c)
}

// keyRunes takes several typed characters that arrived together as one
// message, each as its own key. Bubble Tea v1 reads the input in chunks
// and makes one message of the printable runes of a chunk: a viewer who
// holds j over SSH, or types fast, sends "jjj" in one read, which as one
// key matches no binding and did nothing. In the filter the runes are text
// either way; a key that quits ends the run (the rest is not acted on).
// A bracketed paste (k.Paste) is not split: pasted text is never taken as
// commands.
func (m *model) keyRunes(k tea.KeyMsg) tea.Cmd {
	var cmds []tea.Cmd
	for i, r := range k.Runes {
		if m.state.Typing {
			// The rest is filter text: one action, as the filter takes it.
			rest := k
			rest.Runes = k.Runes[i:]
			cmds = append(cmds, m.key(rest))
			break
		}
		one := k
		one.Runes = []rune{r}
		cmd := m.key(one)
		cmds = append(cmds, cmd)
		if m.quitting {
			break
		}
	}
	return tea.Batch(cmds...)
}

func (m *model) key(k tea.KeyMsg) tea.Cmd {
	if k.Type == tea.KeyRunes && len(k.Runes) > 1 && !k.Paste && !m.state.Typing {
		return m.keyRunes(k)
	}
	km := m.keys
	s := k.String()
	m.notice = ""
	if s == "ctrl+c" {
		return m.quit()
	}
	if s == snapshotKey {
		m.snapshot()
		return nil
	}
	if m.state.Typing {
		switch k.Type {
		case tea.KeyEnter:
			m.apply(Action{Kind: ActFilterDone})
		case tea.KeyEsc:
			m.apply(Action{Kind: ActFilterCancel})
		case tea.KeyBackspace:
			m.apply(Action{Kind: ActFilterBackspace})
		case tea.KeyRunes, tea.KeySpace:
			m.apply(Action{Kind: ActFilterInput, S: string(k.Runes)})
		case tea.KeyUp, tea.KeyDown:
			m.apply(Action{Kind: ActFilterDone})
			return m.key(k)
		}
		return nil
	}
	if m.showHelp {
		switch {
		case key.Matches(k, km.Quit):
			return m.quit()
		case key.Matches(k, km.Help), key.Matches(k, km.Back):
			m.showHelp = false
		}
		return nil
	}
	switch {
	case key.Matches(k, km.Quit):
		return m.quit()
	case key.Matches(k, km.Help):
		m.showHelp = true
		return nil
	case key.Matches(k, km.Follow):
		m.follow()
		return nil
	case key.Matches(k, km.Tabs):
		if n := int(k.Runes[0] - '1'); n >= 0 && n < len(views) {
			m.apply(Action{Kind: ActView, View: views[n].v})
		}
		return nil
	case key.Matches(k, km.NextTab):
		m.apply(Action{Kind: ActNextView})
		return nil
	case key.Matches(k, km.PrevTab):
		m.apply(Action{Kind: ActPrevView})
		return nil
	case key.Matches(k, km.Filter):
		m.apply(Action{Kind: ActFilterStart})
		return nil
	case m.storyOn() && key.Matches(k, km.StoryNext):
		m.apply(Action{Kind: ActStoryNext})
		m.tourNext = m.now().Add(m.opts.Tour)
		return nil
	case m.storyOn() && key.Matches(k, km.StoryPrev):
		m.apply(Action{Kind: ActStoryPrev})
		m.tourNext = m.now().Add(m.opts.Tour)
		return nil
	}
	for _, b := range m.keyActions() {
		if key.Matches(k, b.key) {
			m.apply(b.act)
			return nil
		}
	}
	return nil
}

type keyAction struct {
	key key.Binding
	act Action
}

// keyActions are the keys of the active view that map to one action each,
// view-specific ones first.
func (m *model) keyActions() []keyAction {
	km := m.keys
	var ks []keyAction
	if d := viewOf(m.state.View); d != nil && d.keys != nil {
		ks = d.keys(km)
	}
	return append(ks,
		keyAction{km.Up, Action{Kind: ActUp}},
		keyAction{km.Down, Action{Kind: ActDown}},
		keyAction{km.Left, Action{Kind: ActLeft}},
		keyAction{km.Right, Action{Kind: ActRight}},
		keyAction{km.PageUp, Action{Kind: ActPageUp}},
		keyAction{km.PageDown, Action{Kind: ActPageDown}},
		keyAction{km.Home, Action{Kind: ActHome}},
		keyAction{km.End, Action{Kind: ActEnd}},
		keyAction{km.Enter, Action{Kind: ActEnter}},
		keyAction{km.Back, Action{Kind: ActBack}})
}

// reduceCtx describes the current screen for the reducer.
func (m *model) reduceCtx() ReduceCtx {
	dv := m.dv
	s := m.state
	c := ReduceCtx{
		Cards:   dv.cardIDs,
		Grid:    m.grid(),
		Picker:  m.picker(),
		Sources: len(dv.ds.Sources),
		Events:  len(dv.ds.Events),
		Page:    m.pageSize(),
		Stops:   m.stops(),
	}
	if _, i := dv.indicator(s.Indicator); i >= 0 {
		c.LogAllowed = dv.logOK[i]
		c.ExtentFrom, c.ExtentTo = dv.extent(i)
		c.MinSpan = dv.minSpan[i]
	}
	if s.View == ViewTable {
		rows := m.tableRows()
		c.TableRows = len(rows)
		for col, w := range tableCols(m.w, m.tr.periodW, m.dv.unitW) {
			c.HiddenCols[col] = w <= 0
		}
		if s.Row >= 0 && s.Row < len(rows) {
			c.TableRowIndicator = dv.ds.Indicators[rows[s.Row].I].ID
		}
	}
	if s.View == ViewSources && s.Source >= 0 && s.Source < len(dv.bySource) {
		pts := dv.bySource[s.Source]
		c.SourcePoints = len(pts)
		if s.SourceOpen && s.SourceRow >= 0 && s.SourceRow < len(pts) {
			c.SourcePointIndicator = dv.ds.Indicators[pts[s.SourceRow].I].ID
		}
	}
	c.EventSource = -1
	if s.View == ViewEvents && s.Event >= 0 && s.Event < len(dv.ds.Events) {
		c.EventSource, c.EventIndicator = dv.eventTarget(&dv.ds.Events[s.Event])
	}
	if s.View == ViewDetail {
		c.DetailLines = len(m.detailLines())
		c.Page = m.detailPage()
	}
	if s.View == ViewMap {
		m.mapCtx(&c)
	}
	return c
}

func (m *model) pageSize() int {
	p := m.bodyHeight() - 3
	if p < 1 {
		p = 1
	}
	return p
}
