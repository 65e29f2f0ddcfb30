package ui

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui/geo"
)

// The map view: the region's country outlines in braille (ui/geo), the
// dataset's lines (entities with a path) drawn along their nodes and its
// points (entities with lat/lon) with labels that never overlap, and a
// side panel with the selected line's or point's figures. Everything on it
// comes from the dataset; the outlines are the only built-in part.
//
// Its State: MapSel (the selected item: lines first, then points),
// MapZoom (steps of 1.5 from the whole map), and the centre MapLon, MapLat
// (hundredths of a degree) once MapMoved.

const (
	mapZoomStep = 1.5
	mapZoomMax  = 8
	mapZoomMin  = -4 // out from the opening view, to the rest of the region
	mapMargin   = 4  // dots around the data when the map fits it
)

// mapTexts are the map's words in one language (i18n.go).
type mapTexts struct {
	inOperation, underConstruction, planned string
	members, observers, nodes               string
	membersASCII, observersASCII            string // --glyphs ascii: the capital and the border
	noPlaces, offMap, lineThrough, enter    string
	path                                    string
}

// mapItem is a line or a point of the map.
type mapItem struct {
	ent    int          // entity index
	line   bool         // a path (else a point)
	pts    [][2]float64 // lon, lat of its nodes (a point: one)
	status data.LineStatus
	name   string
	short  string
	prio   int
	inds   []int // indicators with a series for the entity
	lines  []int // a point: the items of the lines through it
}

// mapData is what the map draws of one dataset, built once per dataset
// (mapOf).
type mapData struct {
	items   []mapItem
	fit     geo.Box // the data's points in the region
	hasFit  bool
	layerOf map[string]geo.Layer // country outline style by ISO alpha-2
	centres [][2]float64         // each item's centre (ReduceCtx.MapPos)
}

// mapRegion is the box the embedded outlines cover (tools/genmap -bbox).
var mapRegion = geo.Box{West: 20, South: 30, East: 125, North: 72}

func inRegion(lon, lat float64) bool {
	return lon >= mapRegion.West && lon <= mapRegion.East && lat >= mapRegion.South && lat <= mapRegion.North
}

func newMapData(dv *dsView) *mapData {
	ds := dv.ds
	md := &mapData{layerOf: map[string]geo.Layer{}}
	byEnt := make([][]int, len(ds.Entities))
	for i := range ds.Indicators {
		for _, s := range ds.Indicators[i].Series {
			if s.EntityIdx >= 0 && s.EntityIdx < len(byEnt) {
				byEnt[s.EntityIdx] = append(byEnt[s.EntityIdx], i)
			}
		}
	}
	for i := range ds.Entities {
		e := &ds.Entities[i]
		switch e.Kind {
		case data.KindMember:
			md.layerOf[e.ID] = geo.LayerMember
		case data.KindObserver:
			md.layerOf[e.ID] = geo.LayerObserver
		}
	}
	// Lines first, in dataset order.
	pointLines := map[string][]int{}
	for i := range ds.Entities {
		e := &ds.Entities[i]
		if len(e.Path) < 2 {
			continue
		}
		it := mapItem{ent: i, line: true, status: e.Status, name: dv.entName[i], prio: 3, inds: byEnt[i]}
		for _, id := range e.Path {
			if n, ok := ds.Entity(id); ok && n.HasLatLon {
				it.pts = append(it.pts, [2]float64{n.Lon, n.Lat})
			}
		}
		if len(it.pts) < 2 {
			continue
		}
		for _, id := range e.Path {
			pointLines[id] = append(pointLines[id], len(md.items))
		}
		md.items = append(md.items, it)
	}
	// Then points: members and observers, other countries, nodes.
	for _, pass := range []int{0, 1, 2} {
		for i := range ds.Entities {
			e := &ds.Entities[i]
			if !e.HasLatLon || len(e.Path) > 0 {
				continue
			}
			p := 2
			switch e.Kind {
			case data.KindMember, data.KindObserver:
				p = 0
			case data.KindCountry, data.KindUnion:
				p = 1
			}
			if p != pass {
				continue
			}
			it := mapItem{ent: i, pts: [][2]float64{{e.Lon, e.Lat}}, name: dv.entName[i], prio: 6 - 2*p, inds: byEnt[i], lines: pointLines[e.ID]}
			if p < 2 {
				it.short = e.ID
			} else if r := []rune(it.name); len(r) > 6 {
				it.short = string(r[:5]) + "."
			}
			md.items = append(md.items, it)
		}
	}
	for i := range md.items {
		lon, lat := md.items[i].centre()
		md.centres = append(md.centres, [2]float64{lon, lat})
	}
	// The map opens on the lines and the union's members and observers
	// (zooming out shows the rest); without those, on every point.
	for pass := 0; pass < 2 && !md.hasFit; pass++ {
		for _, it := range md.items {
			k := ds.Entities[it.ent].Kind
			if pass == 0 && !it.line && k != data.KindMember && k != data.KindObserver {
				continue
			}
			for _, p := range it.pts {
				if inRegion(p[0], p[1]) {
					md.fit, md.hasFit = md.fit.Extend(p[0], p[1]), true
				}
			}
		}
	}
	return md
}

// mapOf is the map data of the current dataset, built once per dataset.
func (m *model) mapOf() *mapData {
	if m.mapFor != m.dv || m.mapCache == nil {
		m.mapFor, m.mapCache = m.dv, newMapData(m.dv)
	}
	return m.mapCache
}

// mapLayout is where the map goes in a body of w x h: the map area, and
// the side panel's width (0: none); the legend takes the last line or two
// under the map (mapLegend).
func (m *model) mapLayout(w, h int) (mapW, mapH, panelW int) {
	panelW = 0
	if w >= 70 {
		panelW = clamp(w/3, 26, 48)
	}
	mapW = w - panelW
	return mapW, max(h-len(m.mapLegend(mapW)), 1), panelW
}

// mapProjection is the projection of the map area in state s.
func (md *mapData) projection(s State, w, h int) geo.Projection {
	box := md.fit
	if !md.hasFit {
		box = mapRegion
	}
	p := geo.Fit(w, h, box, mapMargin)
	scale := p.Scale * math.Pow(mapZoomStep, float64(clamp(s.MapZoom, mapZoomMin, mapZoomMax)))
	lon, lat := p.Lon, p.Lat
	if s.MapMoved {
		lon, lat = float64(s.MapLon)/100, float64(s.MapLat)/100
	}
	return geo.New(w, h, lon, lat, scale)
}

// mapBase is the outlines of the map area, rasterised once per size and
// view (the projection) and copied for each frame.
type mapBase struct {
	proj   geo.Projection
	canvas *geo.Canvas
	md     *mapData
}

func (m *model) mapCanvas(md *mapData, p geo.Projection) *geo.Canvas {
	if m.mapBase.canvas == nil || m.mapBase.proj != p || m.mapBase.md != md {
		m.mapBase = mapBase{proj: p, md: md, canvas: geo.Outlines(p, geo.Countries(), func(c geo.Country) geo.Layer {
			if l, ok := md.layerOf[c.ISO2]; ok {
				return l
			}
			return geo.LayerOutline
		})}
	}
	m.mapDraw.CopyFrom(m.mapBase.canvas)
	return &m.mapDraw
}

// lineLayer keeps a line's status in its cells, for --glyphs ascii (where
// a cell is one character and the dashes do not show).
func lineLayer(s data.LineStatus) geo.Layer {
	switch s {
	case data.UnderConstruction:
		return geo.LayerLineBuilding
	case data.Planned:
		return geo.LayerLinePlanned
	}
	return geo.LayerLine
}

// asciiCell is a map cell in --glyphs ascii: borders . : # by country
// (other, observer, member), lines = ~ - by status; the grain of a
// member's territory is left out.
func asciiCell(l geo.Layer) string {
	switch l {
	case geo.LayerOutline:
		return "."
	case geo.LayerObserver:
		return ":"
	case geo.LayerMember:
		return "#"
	case geo.LayerLine:
		return "="
	case geo.LayerLineBuilding:
		return "~"
	case geo.LayerLinePlanned:
		return "-"
	case geo.LayerSelected:
		return "@"
	}
	return " "
}

// asciiGlyph marks a point in --glyphs ascii.
func asciiGlyph(k data.EntityKind, selected bool) string {
	switch {
	case selected:
		return "X"
	case k == data.KindMember:
		return "O"
	case k == data.KindObserver:
		return "o"
	case k == data.KindCountry, k == data.KindUnion:
		return "+"
	}
	return "*"
}

func lineDash(s data.LineStatus) geo.Dash {
	switch s {
	case data.UnderConstruction:
		return geo.Dashed
	case data.Planned:
		return geo.Dotted
	}
	return geo.Solid
}

// pointGlyph marks a point: a member's capital, an observer's, another
// country's, a node; the selected point is ◉.
func pointGlyph(k data.EntityKind, selected bool) string {
	if selected {
		return "◉"
	}
	switch k {
	case data.KindMember:
		return "●"
	case data.KindObserver:
		return "○"
	case data.KindCountry, data.KindUnion:
		return "◦"
	}
	return "•"
}

func (m *model) renderMap(w, h int) string {
	md := m.mapOf()
	st := m.st
	tw := &m.tr.mapw
	if len(md.items) == 0 && !md.hasFit {
		return st.Muted.Render(" " + tw.noPlaces)
	}
	mw, mh, pw := m.mapLayout(w, h)
	proj := md.projection(m.state, mw, mh)
	c := m.mapCanvas(md, proj)
	ascii := m.st.look.ascii
	sel := clamp(m.state.MapSel, 0, max(len(md.items)-1, 0))
	// Lines, the selected one last (on top).
	order := make([]int, 0, len(md.items))
	for i, it := range md.items {
		if it.line && i != sel {
			order = append(order, i)
		}
	}
	if sel < len(md.items) && md.items[sel].line {
		order = append(order, sel)
	}
	for _, i := range order {
		it := &md.items[i]
		l := lineLayer(it.status)
		if i == sel {
			l = geo.LayerSelected
		}
		phase := 0
		for j := 0; j+1 < len(it.pts); j++ {
			x0, y0 := proj.Dot(it.pts[j][0], it.pts[j][1])
			x1, y1 := proj.Dot(it.pts[j+1][0], it.pts[j+1][1])
			phase = c.Line(x0, y0, x1, y1, l, lineDash(it.status), phase)
		}
	}
	// Points and labels.
	type mark struct {
		glyph string
		sel   bool
		kind  data.EntityKind
	}
	// The marks, and per cell the index+1 of its mark (0: none), in a
	// slice the model keeps from frame to frame.
	var marks []mark
	if cap(m.mapCells) < mw*mh {
		m.mapCells = make([]int16, mw*mh)
	}
	cells := m.mapCells[:mw*mh]
	clear(cells)
	var labels []geo.Label
	var labelItem []int
	for i, it := range md.items {
		if it.line {
			continue
		}
		col, row, on := proj.Cell(it.pts[0][0], it.pts[0][1])
		if !on {
			continue
		}
		e := &m.dv.ds.Entities[it.ent]
		k := row*mw + col
		if j := cells[k]; j > 0 && (marks[j-1].sel || data.KindNode == e.Kind) && i != sel {
			continue // a capital and its station share a cell: keep one mark
		}
		g := pointGlyph(e.Kind, i == sel)
		if ascii {
			g = asciiGlyph(e.Kind, i == sel)
		}
		marks = append(marks, mark{g, i == sel, e.Kind})
		cells[k] = int16(len(marks))
		prio := it.prio
		onSel := false
		if sel < len(md.items) {
			for _, li := range it.lines {
				onSel = onSel || li == sel
			}
		}
		switch {
		case i == sel:
			prio = 20
		case onSel:
			prio += 4
		}
		labels = append(labels, geo.Label{Col: col, Row: row, Text: it.name, Short: it.short, Priority: prio})
		labelItem = append(labelItem, i)
	}
	// The selected line's name at its middle node, when it has room.
	if sel < len(md.items) && md.items[sel].line {
		it := md.items[sel]
		mid := it.pts[len(it.pts)/2]
		if col, row, on := proj.Cell(mid[0], mid[1]); on {
			labels = append(labels, geo.Label{Col: col, Row: row, Text: it.name, Priority: 15})
			labelItem = append(labelItem, sel)
		}
	}
	placed := geo.PlaceLabels(mw, mh, labels, nil)
	text := make([][]rune, mh)
	textSel := make([][]bool, mh)
	for _, p := range placed {
		if text[p.Row] == nil {
			text[p.Row] = make([]rune, mw)
			textSel[p.Row] = make([]bool, mw)
		}
		x := p.Col
		for _, r := range p.Text {
			if x >= 0 && x < mw {
				text[p.Row][x] = r
				textSel[p.Row][x] = labelItem[p.Index] == sel
			}
			x++
		}
	}
	// Draw the cells in runs of one style. A style is rendered once, to
	// learn its escape sequences; runs are wrapped in them (a frame has a
	// thousand runs at 240x70, and Style.Render costs a microsecond each).
	type wrapSeq struct{ pre, post string }
	seqOf := func(s lipgloss.Style) wrapSeq {
		out := s.Render("\x00")
		i := strings.IndexByte(out, 0)
		if i < 0 {
			return wrapSeq{}
		}
		return wrapSeq{out[:i], out[i+1:]}
	}
	var seqs [110]wrapSeq
	for l, s := range map[int]lipgloss.Style{
		int(geo.LayerFill): st.Faint, int(geo.LayerOutline): st.Faint, int(geo.LayerObserver): st.Muted, int(geo.LayerMember): st.Text,
		int(geo.LayerLine): st.Accent, int(geo.LayerLineBuilding): st.Accent, int(geo.LayerLinePlanned): st.Accent, int(geo.LayerSelected): st.Warn,
		100: st.Bold, 101: st.Warn, 102: st.Title, 103: st.Muted,
	} {
		seqs[l] = seqOf(s)
	}
	rows := make([]string, 0, h)
	var b, run strings.Builder
	for row := 0; row < mh; row++ {
		b.Reset()
		cur := -1
		flush := func() {
			if run.Len() == 0 {
				return
			}
			if cur >= 0 && cur < len(seqs) {
				b.WriteString(seqs[cur].pre)
				b.WriteString(run.String())
				b.WriteString(seqs[cur].post)
			} else {
				b.WriteString(run.String())
			}
			run.Reset()
		}
		for col := 0; col < mw; col++ {
			var r string
			style := -1
			if j := cells[row*mw+col]; j > 0 {
				mk := marks[j-1]
				r = mk.glyph
				switch {
				case mk.sel:
					style = 101
				case mk.kind == data.KindNode:
					style = 100
				default:
					style = 102
				}
			} else if text[row] != nil && text[row][col] != 0 {
				r = string(text[row][col])
				style = 103
				if textSel[row][col] {
					style = 101
				}
			} else if br, l := c.At(col, row); br != 0 && !(ascii && l == geo.LayerFill) {
				r = string(br)
				if ascii {
					r = asciiCell(l)
				}
				style = int(l)
			} else {
				r = " "
			}
			if style != cur && r != " " {
				flush()
				cur = style
			}
			run.WriteString(r)
		}
		flush()
		rows = append(rows, b.String())
	}
	for _, l := range m.mapLegend(mw) {
		rows = append(rows, fit(l, mw))
	}
	m.markBody("map", 0, 0, mw, mh)
	body := strings.Join(rows, "\n")
	if pw == 0 {
		return body
	}
	return hjoin(h, []string{body, m.mapPanel(md, sel, pw-1, h)}, []int{mw, pw})
}

// mapLegend says what the marks and line styles mean, in words and
// glyphs, so that it reads without colour: one line, or two when w is too
// narrow for one.
func (m *model) mapLegend(w int) []string {
	st, tw := m.st, &m.tr.mapw
	lines := " ━ " + tw.inOperation + "  ╍ " + tw.underConstruction + "  ┈ " + tw.planned
	marks := " ● " + tw.members + "  ○ " + tw.observers + "  • " + tw.nodes
	if m.st.look.ascii {
		lines = " = " + tw.inOperation + "  ~ " + tw.underConstruction + "  - " + tw.planned
		marks = " O # " + tw.membersASCII + "  o : " + tw.observersASCII + "  * " + tw.nodes
	}
	if strWidth(lines)+1+strWidth(marks) <= w {
		return []string{st.Muted.Render(lines + " " + marks)}
	}
	if strWidth(marks) > w { // closer together before it is cut
		marks = strings.ReplaceAll(marks, "  ", " ")
		lines = strings.ReplaceAll(lines, "  ", " ")
	}
	return []string{st.Muted.Render(lines), st.Muted.Render(marks)}
}

// mapPanel lists the selected item's figures.
func (m *model) mapPanel(md *mapData, sel, w, h int) string {
	st, tw := m.st, &m.tr.mapw
	var out []string
	add := func(s string) { out = append(out, " "+s) }
	if sel >= len(md.items) {
		return ""
	}
	it := &md.items[sel]
	ds := m.dv.ds
	e := &ds.Entities[it.ent]
	add(st.Title.Render(fit(it.name, w-1)))
	kind := strings.TrimSpace(strings.TrimLeft(m.tr.kind(e.Kind), "■□◆ "))
	if kind == "" {
		kind = string(e.Kind)
	}
	if it.line {
		status := tw.inOperation
		switch e.Status {
		case data.UnderConstruction:
			status = tw.underConstruction
		case data.Planned:
			status = tw.planned
		}
		add(st.Muted.Render(fit(string(e.Kind)+" · "+status, w-1)))
		var names []string
		for _, id := range e.Path {
			if n, ok := ds.Entity(id); ok {
				names = append(names, txtOr(n.Name, m.opts.Lang, id))
			}
		}
		for _, l := range wrap(tw.path+" "+strings.Join(names, " – "), w-1) {
			add(st.Muted.Render(l))
		}
	} else {
		add(st.Muted.Render(fit(fmt.Sprintf("%s · %.2f°N %.2f°E", kind, e.Lat, e.Lon), w-1)))
		if !inRegion(e.Lon, e.Lat) {
			add(st.Warn.Render(fit(tw.offMap, w-1)))
		}
		for _, li := range it.lines {
			add(st.Muted.Render(fit(tw.lineThrough+" "+md.items[li].name, w-1)))
		}
	}
	add(st.Faint.Render(strings.Repeat("─", max(w-1, 1))))
	for _, ii := range it.inds {
		ind := &ds.Indicators[ii]
		for _, s := range ind.Series {
			if s.EntityIdx != it.ent || len(s.Points) == 0 {
				continue
			}
			add(st.Bold.Render(fit(m.dv.indName[ii], w-1)))
			first, last := s.Points[0], s.Points[len(s.Points)-1]
			line := m.tr.value(last.Value, ind.Decimals, m.dv.unit(ind)) + " " + statusGlyph(last.Status) + " " + m.tr.period(last.Period)
			if len(s.Points) > 1 {
				line = m.tr.num(first.Value, ind.Decimals) + " (" + m.tr.period(first.Period) + ") → " + line
			}
			for _, l := range wrap(line, w-3) {
				add("  " + l)
			}
		}
	}
	if len(it.inds) > 0 {
		add(st.Muted.Render(fit(tw.enter, w-1)))
	}
	if len(out) > h {
		out = out[:h]
	}
	return strings.Join(out, "\n")
}

// mapSelIndicator is the indicator enter opens for the selected item (its
// first), "" for none.
func (m *model) mapSelIndicator(s State) string {
	md := m.mapOf()
	if s.MapSel < 0 || s.MapSel >= len(md.items) || len(md.items[s.MapSel].inds) == 0 {
		return ""
	}
	return m.dv.ds.Indicators[md.items[s.MapSel].inds[0]].ID
}

// mapCtx fills the map's part of the reducer's context.
func (m *model) mapCtx(c *ReduceCtx) {
	md := m.mapOf()
	c.MapItems = len(md.items)
	c.MapSelIndicator = m.mapSelIndicator(m.state)
	mw, mh, _ := m.mapLayout(m.w, m.bodyHeight())
	p := md.projection(m.state, mw, mh)
	b := p.Bounds()
	c.MapCenterLon, c.MapCenterLat = p.Lon, p.Lat
	c.MapDegW, c.MapDegH = (b.East-b.West)/float64(max(mw, 1)), (b.North-b.South)/float64(max(mh, 1))
	c.MapSelLon, c.MapSelLat = p.Lon, p.Lat
	c.MapW, c.MapH = mw, mh
	c.MapPos = md.centres
	if s := m.state.MapSel; s >= 0 && s < len(md.items) {
		c.MapSelLon, c.MapSelLat = md.items[s].centre()
	}
}

// centre is the middle of the item's box.
func (it *mapItem) centre() (lon, lat float64) {
	var b geo.Box
	for _, p := range it.pts {
		b = b.Extend(p[0], p[1])
	}
	return (b.West + b.East) / 2, (b.South + b.North) / 2
}

// reduceMap: arrows select the previous or next line or point, shift+arrows
// (ActMapPan) and drags pan, +/- and the wheel zoom, 0 shows it all, enter
// opens the selected item's first indicator.
func reduceMap(s State, a Action, c ReduceCtx, page int) State {
	switch a.Kind {
	case ActUp, ActDown, ActLeft, ActRight:
		if n := nearestInDirection(c.MapPos, s.MapSel, a.Kind); n >= 0 {
			s.MapSel = n
		} else if len(c.MapPos) == 0 { // no positions: the list order
			d := 1
			if a.Kind == ActUp || a.Kind == ActLeft {
				d = -1
			}
			s.MapSel = clamp(s.MapSel+d, 0, c.MapItems-1)
		}
	case ActHome, ActEnd, ActPageUp, ActPageDown, ActSelect:
		s.MapSel = moveSel(s.MapSel, a, c.MapItems, page)
	case ActZoomIn, ActZoomOut:
		z := clamp(s.MapZoom+1, mapZoomMin, mapZoomMax)
		if a.Kind == ActZoomOut {
			z = clamp(s.MapZoom-1, mapZoomMin, mapZoomMax)
		}
		switch {
		case z == s.MapZoom:
		case a.Kind == ActZoomIn && a.N == 1 && c.MapItems > 0: // a key: zoom in on the selection
			s.MapMoved = true
			s.MapLon, s.MapLat = int(math.Round(c.MapSelLon*100)), int(math.Round(c.MapSelLat*100))
		case a.N == 2 && c.MapW > 0 && c.MapH > 0: // the wheel: around the pointer
			x, y := mapFrom(a.F)
			dx, dy := float64(x)+0.5-float64(c.MapW)/2, float64(y)+0.5-float64(c.MapH)/2
			lon, lat := c.MapCenterLon+dx*c.MapDegW, c.MapCenterLat-dy*c.MapDegH
			k := math.Pow(mapZoomStep, float64(s.MapZoom-z)) // the new degrees per cell over the old
			lon, lat = lon-dx*c.MapDegW*k, lat+dy*c.MapDegH*k
			s.MapMoved = true
			s.MapLon = int(math.Round(clampF(lon, mapRegion.West, mapRegion.East) * 100))
			s.MapLat = int(math.Round(clampF(lat, mapRegion.South, mapRegion.North) * 100))
		}
		s.MapZoom = z
	case ActReset:
		s.MapZoom, s.MapMoved, s.MapLon, s.MapLat = 0, false, 0, 0
	case ActMapPan:
		// N cells right, F cells down.
		lon := c.MapCenterLon + float64(a.N)*c.MapDegW
		lat := c.MapCenterLat - a.F*c.MapDegH
		lon = clampF(lon, mapRegion.West, mapRegion.East)
		lat = clampF(lat, mapRegion.South, mapRegion.North)
		s.MapMoved, s.MapLon, s.MapLat = true, int(math.Round(lon*100)), int(math.Round(lat*100))
	case ActEnter:
		if c.MapSelIndicator != "" {
			return openDetail(s, c.MapSelIndicator)
		}
	}
	return s
}

// mapAt packs a cell of the map area into Action.F (the wheel's zoom
// around the pointer; Action.N is taken by the kind of zoom); mapFrom
// unpacks it.
func mapAt(x, y int) float64 { return float64(clamp(x, 0, 1<<15)*65536 + clamp(y, 0, 1<<15)) }

func mapFrom(f float64) (x, y int) {
	v := int(f)
	return v / 65536, v % 65536
}

// nearestInDirection is the item an arrow moves to from item from: the
// nearest one that way, a step aside costing twice a step ahead (degrees,
// longitude shrunk by the cosine of the latitude); -1 when none lies that
// way.
func nearestInDirection(pos [][2]float64, from int, k ActionKind) int {
	if from < 0 || from >= len(pos) {
		return -1
	}
	o := pos[from]
	cos := math.Cos(o[1] * math.Pi / 180)
	best, bestD := -1, math.Inf(1)
	for i, p := range pos {
		if i == from {
			continue
		}
		dx, dy := (p[0]-o[0])*cos, p[1]-o[1]
		var ahead, aside float64
		switch k {
		case ActRight:
			ahead, aside = dx, dy
		case ActLeft:
			ahead, aside = -dx, dy
		case ActUp:
			ahead, aside = dy, dx
		case ActDown:
			ahead, aside = -dy, dx
		}
		if ahead <= 1e-9 {
			continue
		}
		if d := ahead + 2*math.Abs(aside); d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// mapHit is the item nearest to cell x, y of the map area (within three
// cells), or -1.
func (m *model) mapHit(x, y int) int {
	md := m.mapOf()
	mw, mh, _ := m.mapLayout(m.w, m.bodyHeight())
	p := md.projection(m.state, mw, mh)
	best, bestD := -1, 3.0
	for i, it := range md.items {
		for j, q := range it.pts {
			col, row, _ := p.Cell(q[0], q[1])
			d := math.Hypot(float64(col-x), float64(row-y)*2)
			if it.line && j+1 < len(it.pts) {
				// the nearest point of the segment to the next node
				c2, r2, _ := p.Cell(it.pts[j+1][0], it.pts[j+1][1])
				d = math.Min(d, segDistCells(float64(x), float64(y), float64(col), float64(row), float64(c2), float64(r2)))
			}
			if !it.line {
				d -= 0.5 // a point wins over a line through it
			}
			if d < bestD {
				best, bestD = i, d
			}
		}
	}
	return best
}

func segDistCells(px, py, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, (by-ay)*2
	l2 := dx*dx + dy*dy
	qx, qy := px-ax, (py-ay)*2
	if l2 == 0 {
		return math.Hypot(qx, qy)
	}
	t := clampF((qx*dx+qy*dy)/l2, 0, 1)
	return math.Hypot(qx-t*dx, qy-t*dy)
}

// mapStopState is the State a story's map stop shows: the focus selected,
// centred, at the zoom asked (1: the whole map).
func mapStopState(dv *dsView, s State, focus string, zoom float64) State {
	md := newMapData(dv)
	for i, it := range md.items {
		if dv.ds.Entities[it.ent].ID != focus {
			continue
		}
		s.MapSel = i
		lon, lat := it.centre()
		s.MapMoved = true
		s.MapLon, s.MapLat = int(math.Round(lon*100)), int(math.Round(lat*100))
		break
	}
	s.MapZoom = 0
	if zoom > 1 {
		s.MapZoom = clamp(int(math.Round(math.Log(zoom)/math.Log(mapZoomStep))), 0, mapZoomMax)
	}
	return s
}
