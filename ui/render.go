package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/eaeu-dash/eaeu-dash/ui/internal/asciifold"
)

// Minimum sizes: below minW x minH only a message; below fullW x fullH the
// compact layout.
const (
	minW, minH   = 40, 12
	fullW, fullH = 80, 24
)

func (m *model) bannerShown() bool { return m.banner != "" || !m.countdown.At.IsZero() }

// bannerText is the line under the tabs: a countdown to the end of the
// session comes before a data banner.
func (m *model) bannerText() string {
	if c := m.countdown; !c.At.IsZero() {
		left := max(c.At.Sub(m.now()).Round(time.Second), time.Second)
		format := m.tr.countdownLimit
		if c.Idle {
			format = m.tr.countdownIdle
		}
		return fmt.Sprintf(format, HumanDuration(left, m.opts.Lang))
	}
	return m.banner
}

// bodyHeight is the number of lines between the tab bar and the status lines.
func (m *model) bodyHeight() int {
	h := m.h - 3 - m.captionRows()
	if m.bannerShown() {
		h--
	}
	if h < 1 {
		h = 1
	}
	return h
}

// mark records the click area id: w x h cells at x, y of the frame (see
// region). An attached follower's frame records none (see render).
func (m *model) mark(id string, x, y, w, h int) {
	if !m.zoned || w <= 0 || h <= 0 {
		return
	}
	m.lay.zones = append(m.lay.zones, region{id: id, x: x, y: y, w: w, h: h})
}

// markBody is mark for an area at x, y of the body (below the tab bar and
// the banner), cut at the body's last line as the body is.
func (m *model) markBody(id string, x, y, w, h int) {
	m.mark(id, x, m.lay.bodyTop+y, w, min(h, m.lay.bodyH-y))
}

// render rebuilds the frame from the State, the size and the caches. It
// is the only place that builds strings; View returns its result.
//
// An attached follower's frame has no click areas: it only shows the
// presenter's screen, and any key or click detaches it first (update),
// which renders again with them.
//
// With Options.Frames, a frame comes from the server's cache when another
// session with the same frameKey (state, size, look, language, role,
// status line...) built it, with the layout that goes with it: a follower
// shares with the other followers of its presenter, a viewer with the
// viewers who pressed the same keys.
func (m *model) render() {
	if !m.sized {
		return
	}
	m.syncLook()
	m.lay.zones = m.lay.zones[:0]
	following := m.following()
	m.zoned = !following
	w, h := m.w, m.h
	if w <= 0 || h <= 0 {
		m.frame = ""
		return
	}
	var out string
	switch {
	case m.shutdown != "":
		out = frame(centerBlock(m.st.Banner.Render(m.shutdown), w, h), w, h)
	case w < minW || h < minH:
		msg := fmt.Sprintf(m.tr.enlarge, minW, minH)
		if w < strWidth(msg) {
			msg = m.tr.enlargeShort
		}
		out = frame(m.st.Muted.Render(msg), w, h)
	case m.opts.Frames.keeps(m.dv.ds):
		m.useShared(m.opts.Frames.frame(m.frameKey(), m.buildShared))
		return
	default:
		out = m.renderFull()
	}
	if m.st.look.ascii {
		out = asciifold.String(out)
	}
	m.frame = out
}

func centerBlock(s string, w, h int) string {
	lines := make([]string, h)
	sw := ansi.StringWidth(s)
	pad := (w - sw) / 2
	if pad < 0 {
		pad = 0
	}
	lines[h/2] = strings.Repeat(" ", pad) + s
	return strings.Join(lines, "\n")
}

// renderFull is the whole frame, exactly w x h cells (see frame).
func (m *model) renderFull() string {
	w, h := m.w, m.h
	tabs := m.renderTabs()
	banner := ""
	if m.bannerShown() {
		banner = fit(m.st.Banner.Render("! "+m.bannerText()), w)
	}
	bodyH := m.bodyHeight()
	m.lay.bodyTop = 1
	if m.bannerShown() {
		m.lay.bodyTop = 2
	}
	m.lay.bodyH = bodyH
	m.lay.chartW, m.lay.chart = 0, chartKey{} // set by the charts view only: nothing stale from an earlier view
	var body string
	if m.showHelp {
		body = m.renderHelp(w, bodyH)
	} else {
		if d := viewOf(m.state.View); d != nil {
			body = d.render(m, w, bodyH)
		}
	}
	body = frame(body, w, bodyH)
	if cap := m.captionLines(w); len(cap) > 0 {
		body += "\n" + strings.Join(cap, "\n")
	}
	status := m.renderStatus()
	hm := m.st.help
	hm.Width = w
	help := fit(hm.ShortHelpView(m.viewKeys().ShortHelp()), w)

	var b strings.Builder
	b.Grow(len(tabs) + len(banner) + len(body) + len(status) + len(help) + 4)
	b.WriteString(tabs)
	b.WriteByte('\n')
	if m.bannerShown() {
		b.WriteString(banner)
		b.WriteByte('\n')
	}
	b.WriteString(body)
	b.WriteByte('\n')
	b.WriteString(status)
	b.WriteByte('\n')
	b.WriteString(help)
	out := b.String()
	// Every part is fitted to w; a stray newline in a text (a title, a
	// name) would add a line: then cut to h like any block.
	if strings.Count(out, "\n") != h-1 {
		out = frame(out, w, h)
	}
	if m.st.look.ascii {
		// Last, so that nothing of any view escapes it: every rune
		// becomes ASCII of its width (ui/internal/asciifold).
		out = asciifold.String(out)
	}
	return out
}

func (m *model) viewKeys() viewKeys {
	return viewKeys{k: *m.keys, tr: m.tr, v: m.state.View, typing: m.state.Typing,
		follow: m.role == RoleFollower && m.presenter != "", detach: !m.attached,
		story: m.storyOn(), snap: m.opts.Snapshot != nil,
		open: m.state.SourceOpen, mode: m.state.Mode, eventOpens: m.eventOpens()}
}

// eventOpens says whether enter on the selected event leads anywhere.
func (m *model) eventOpens() bool {
	evs := m.dv.ds.Events
	if m.state.View != ViewEvents || m.state.Event < 0 || m.state.Event >= len(evs) {
		return false
	}
	src, ind := m.dv.eventTarget(&evs[m.state.Event])
	return src >= 0 || ind != ""
}

func (m *model) renderTabs() string {
	w := m.w
	var parts []string
	full := w >= 72
	sep := "  "
	if !full {
		sep = " "
	}
	m.lay.tabX, m.lay.tabW = m.lay.tabX[:0], m.lay.tabW[:0]
	x := 0
	for i, d := range views {
		name := m.tr.tabs[d.v]
		active := d.v == m.state.View
		label := fmt.Sprintf("%d %s", i+1, name)
		if !full && !active {
			label = fmt.Sprintf("%d", i+1)
		}
		if active && m.st.mono {
			label = "[" + label + "]" // no colour, no underline: brackets mark it
		}
		st := m.st.Tab
		if active {
			st = m.st.TabActive
		}
		part := st.Render(label)
		pw := ansi.StringWidth(part)
		m.lay.tabX, m.lay.tabW = append(m.lay.tabX, x), append(m.lay.tabW, pw)
		x += pw + len(sep)
		parts = append(parts, part)
	}
	m.mark("tabs", 1, 0, max(x-len(sep), 1), 1)
	left := " " + strings.Join(parts, sep)
	title := m.dv.title
	room := w - ansi.StringWidth(left) - 3
	if ansi.StringWidth(title) <= room {
		pad := w - ansi.StringWidth(left) - ansi.StringWidth(title) - 1
		return fit(left+strings.Repeat(" ", pad)+m.st.Title.Render(title), w)
	}
	return fit(left, w)
}

func (m *model) renderStatus() string {
	var left []string
	switch m.role {
	case RolePresenter:
		left = append(left, m.st.Accent.Render(m.tr.presenting(m.audience)))
	case RoleFollower:
		switch {
		case m.unreachable && m.presenter != "" && m.attached:
			left = append(left, m.st.Warn.Render(fmt.Sprintf(m.tr.unreachable, m.presenter)))
		case m.unreachable && m.presenter != "":
			left = append(left, m.st.Warn.Render(m.tr.unreachableDetached))
		case m.presenter == "" && m.attached:
			left = append(left, m.st.Muted.Render(m.tr.waiting))
		case m.presenter == "":
			left = append(left, m.st.Warn.Render(m.tr.lookingAround))
		case m.attached:
			left = append(left, m.st.Accent.Render(fmt.Sprintf(m.tr.following, m.presenter)))
		default:
			left = append(left, m.st.Warn.Render(fmt.Sprintf(m.tr.detached, m.presenter)))
		}
		if !m.attached {
			// A click on "looking around: f follows …" follows again.
			m.mark("follow", 1, m.h-2, ansi.StringWidth(left[0]), 1)
		}
	}
	if m.notice != "" {
		left = append(left, m.st.Warn.Render(m.notice))
	}
	right := ""
	if !m.dv.ds.Updated.IsZero() {
		right = m.st.Muted.Render(fmt.Sprintf(m.tr.dataAsOf, m.tr.period(m.dv.ds.Updated)))
	}
	l := " " + strings.Join(left, m.st.Muted.Render(" · "))
	pad := m.w - ansi.StringWidth(l) - ansi.StringWidth(right) - 1
	if pad < 1 || right == "" {
		return fit(l, m.w)
	}
	return fit(l+strings.Repeat(" ", pad)+right, m.w)
}

func (m *model) renderHelp(w, h int) string {
	groups := m.viewKeys().FullHelp()
	titles := []string{fmt.Sprintf(m.tr.keysOf, m.tr.tabs[m.state.View]), m.tr.everywhere, m.tr.mouse}
	hm := m.st.help
	hm.Width = m.w
	var blocks []string
	for i, g := range groups {
		blk := m.st.Heading.Render(titles[i]) + "\n" + hm.FullHelpView([][]key.Binding{g})
		blocks = append(blocks, blk)
	}
	head := m.st.Title.Render(m.tr.help) + m.st.Muted.Render(m.tr.helpClose)
	if w >= 100 {
		cw := (w - 2) / 3
		body := hjoin(h-2, []string{indent(blocks[0], 1), indent(blocks[1], 1), indent(blocks[2], 1)}, []int{cw, cw, w - 2*cw})
		return head + "\n\n" + body
	}
	if w >= 60 {
		cw := w / 2
		body := hjoin(h-2, []string{indent(blocks[0], 1), indent(blocks[1]+"\n\n"+blocks[2], 1)}, []int{cw, w - cw})
		return head + "\n\n" + body
	}
	var b strings.Builder
	b.WriteString(head)
	for _, blk := range blocks {
		b.WriteString("\n\n")
		b.WriteString(indent(blk, 1))
	}
	return b.String()
}

func indent(s string, n int) string {
	p := strings.Repeat(" ", n)
	return p + strings.ReplaceAll(s, "\n", "\n"+p)
}
