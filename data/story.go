package data

import (
	"embed"
	"strconv"
	"strings"
	"unicode/utf8"
)

// StoryFormatV1 is the only storyboard format this version reads.
const StoryFormatV1 = "eaeu-story/1"

// Story is a briefing: stops shown in order, each a screen and a caption.
// It is checked against one dataset (its references and captions), and is
// immutable once loaded.
type Story struct {
	Title Text
	Stops []Stop
	File  string
}

// Stop is one step of a story: what the screen shows and what it says.
type Stop struct {
	View      string // a view name (StoryOptions.Views)
	Indicator string // "" for none
	Entity    string // "" for none
	Event     int    // index into Dataset.Events, -1 for none
	Chart     ChartStop
	Table     TableStop
	Map       MapStop
	Caption   Text
	// Refs are the points the caption names, by the placeholder's text
	// (what is between the braces).
	Refs map[string]CaptionRef
}

// ChartStop is the chart's range and mode at a stop. A zero From and To
// is the indicator's whole extent.
type ChartStop struct {
	From, To Period
	Mode     string // line, bars or progress; "" keeps the default (line)
	Relative bool
	Log      bool

	toOff int // where "to" is, for messages
}

// TableStop is the table's filter and sort at a stop.
type TableStop struct {
	Filter string
	Sort   string // a column (storySortList); "" keeps the default
	Desc   bool
}

// MapStop is the map's focus at a stop: an entity and a zoom (1 is the
// whole region; 0 means the default).
type MapStop struct {
	Focus string
	Zoom  float64
}

// CaptionRef is a point a caption names; Number asks for the number alone
// (no unit), as in "from {a|n} to {b}".
type CaptionRef struct {
	Ref    PointRef
	Number bool
}

// StoryOptions say what a story may name besides the dataset.
type StoryOptions struct {
	// Views are the view names a stop may show (the dashboard's tabs).
	Views []string
	Options
}

// Field lists of the storyboard format (see fields.go).
const (
	storyFields     = "$schema format title stops"
	stopFields      = "view indicator entity event chart table map caption"
	chartStopFields = "from to mode relative log"
	tableStopFields = "filter sort desc"
	mapStopFields   = "focus zoom"

	storyModeList = "line bars progress"
	storySortList = "indicator entity period value unit status source"

	// captionLineMax bounds a caption line, in characters, before its
	// figures are filled in: the caption bar is one or two lines.
	captionLineMax = 160
	mapZoomMax     = 64
)

// StorySortColumns are the table columns a stop may sort by, in the
// table's order.
func StorySortColumns() []string { return strings.Fields(storySortList) }

// StoryModes are the chart modes a stop may ask for.
func StoryModes() []string { return strings.Fields(storyModeList) }

//go:embed schema/eaeu-story-1.schema.json
var storySchemaJSON []byte

// StorySchema returns the JSON Schema (draft 2020-12) of eaeu-story/1. The
// loader also checks what it cannot: that ids, events and caption
// references exist in the dataset. The result is a copy.
func StorySchema() []byte { return append([]byte(nil), storySchemaJSON...) }

//go:embed stories
var storiesFS embed.FS

// DefaultStory is the embedded storyboard (the council of 13 December 2024)
// checked against ds. It names the embedded dataset's ids, so another
// dataset usually fails it, with positioned problems like any story.
func DefaultStory(ds *Dataset, opts StoryOptions) (*Story, error) {
	const name = "stories/council-2024-12-13.json"
	b, err := storiesFS.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return LoadStoryBytes(name, b, ds, opts)
}

// LoadStoryBytes reads a storyboard held in memory against ds; name is
// used in messages. Problems are Errors, FILE:LINE:COL like the data's.
func LoadStoryBytes(name string, b []byte, ds *Dataset, opts StoryOptions) (st *Story, err error) {
	defer recoverInternal(name, &err)
	l := newLoader(opts.Options)
	l.names = append(l.names, name)
	l.bufs = append(l.bufs, b)
	st = &Story{File: name}
	if int64(len(b)) > l.opts.MaxFileSize {
		l.tooBig(0, int64(len(b)))
	} else {
		d := &decoder{l: l, buf: b, path: make([]seg, 0, 8)}
		sd := storyDecoder{d: d, ds: ds, views: strings.Join(opts.Views, " ")}
		func() {
			defer func() {
				if r := recover(); r != nil {
					if _, ok := r.(abortFile); !ok {
						panic(r)
					}
				}
			}()
			sd.document(st)
		}()
	}
	if len(l.problems) > 0 {
		return nil, finishProblems(l.problems, l.names, l.bufs, l.dropped)
	}
	return st, nil
}

// storyDecoder reads a storyboard with the data's positioned decoder.
type storyDecoder struct {
	d     *decoder
	ds    *Dataset
	views string // space-separated
}

func (s *storyDecoder) document(st *Story) {
	d := s.d
	if len(d.buf) >= 3 && d.buf[0] == 0xEF && d.buf[1] == 0xBB && d.buf[2] == 0xBF {
		d.pos = 3
	}
	d.ws()
	switch d.peek() {
	case '{':
	case 0:
		if d.pos >= len(d.buf) {
			d.syntax(d.pos, "the file is empty; want an object {\"format\": \""+StoryFormatV1+"\", \"stops\": [...]}")
		}
		d.unexpected("an object")
	default:
		d.checkValueStart()
		d.syntax(d.pos, "the document is "+d.kindName()+"; want an object {\"format\": \""+StoryFormatV1+"\", \"stops\": [...]}")
	}
	off, _ := d.objStart("")
	var f fieldSet
	d.members(&f, storyFields, func(name string, koff int) {
		switch name {
		case "$schema":
			d.str("$schema")
		case "format":
			b, boff, ok := d.str("format")
			if ok && string(b) != StoryFormatV1 {
				msg := quote(string(b)) + " is not a storyboard format this version reads (want \"" + StoryFormatV1 + "\")"
				if string(b) == FormatV1 {
					msg += "; this is a data file: give it with --data, and a storyboard with --story"
				}
				d.errAt(boff, "format", msg)
			}
		case "title":
			st.Title, _ = d.text("title")
		case "stops":
			if d.array("stops", func(int) { s.stop(st) }) == 0 {
				d.errAt(koff, "stops", "no stops (a story needs at least one)")
			}
		}
	})
	d.required(&f, off, storyFields, 1, 3)
	d.ws()
	if d.pos < len(d.buf) {
		d.syntax(d.pos, "unexpected content after the end of the document (a file holds one JSON object)")
	}
}

func (s *storyDecoder) stop(st *Story) {
	d := s.d
	off, ok := d.objStart("")
	if !ok {
		return
	}
	var f fieldSet
	p := Stop{Event: -1}
	var indOff, entOff, capOff int
	d.members(&f, stopFields, func(name string, koff int) {
		switch name {
		case "view":
			if b, boff, ok := d.str("view"); ok {
				if !inList(bstr(b), s.views) {
					d.errAt(boff, "view", quote(string(b))+" is not a view (want "+orList(s.views)+")")
				} else {
					p.View = string(b)
				}
			}
		case "indicator":
			var b []byte
			b, indOff, _ = d.nonEmptyStr("indicator")
			if b != nil {
				p.Indicator = string(b)
				if _, ok := s.ds.Indicator(p.Indicator); !ok {
					d.errAt(indOff, "indicator", quote(p.Indicator)+" is not an indicator of the dataset"+s.suggestIndicator(p.Indicator))
					p.Indicator = ""
				}
			}
		case "entity":
			var b []byte
			b, entOff, _ = d.nonEmptyStr("entity")
			if b != nil {
				p.Entity = string(b)
				if _, ok := s.ds.Entity(p.Entity); !ok {
					d.errAt(entOff, "entity", quote(p.Entity)+" is not an entity of the dataset")
					p.Entity = ""
				}
			}
		case "event":
			voff := d.pos
			if date, ok := d.date("event"); ok {
				for i, e := range s.ds.Events {
					if e.Date == date {
						p.Event = i
						break
					}
				}
				if p.Event < 0 {
					d.errAt(voff, "event", "no event of the dataset is dated "+date.String())
				}
			}
		case "chart":
			s.chart(&p.Chart)
		case "table":
			s.table(&p.Table)
		case "map":
			s.mapStop(&p.Map)
		case "caption":
			capOff = d.pos
			p.Caption, _ = d.text("caption")
		}
	})
	d.required(&f, off, stopFields, 0, 7)
	if p.Indicator != "" && p.Entity != "" {
		ind, _ := s.ds.Indicator(p.Indicator)
		if seriesOf(ind, p.Entity) < 0 {
			d.errAt(entOff, "entity", "indicator "+quote(p.Indicator)+" has no series for "+quote(p.Entity))
		}
	}
	if c := p.Chart; c.From != 0 && c.To != 0 && c.To < c.From {
		d.errAt(c.toOff, "chart.to", "the range ends ("+c.To.String()+") before it starts ("+c.From.String()+")")
	}
	if p.Caption != nil {
		p.Refs = s.caption(p.Caption, capOff)
	}
	st.Stops = append(st.Stops, p)
}

func (s *storyDecoder) suggestIndicator(id string) string {
	for i := range s.ds.Indicators {
		if oneEdit(id, s.ds.Indicators[i].ID) {
			return " (did you mean " + strconv.Quote(s.ds.Indicators[i].ID) + "?)"
		}
	}
	return ""
}

func seriesOf(ind *Indicator, entity string) int {
	for i := range ind.Series {
		if ind.Series[i].Entity == entity {
			return i
		}
	}
	return -1
}

func (s *storyDecoder) chart(c *ChartStop) {
	d := s.d
	d.object("chart", chartStopFields, func(name string, koff int) {
		switch name {
		case "from", "to":
			b, boff, ok := d.str(name)
			if !ok {
				return
			}
			p, ok := ParsePeriod(bstr(b))
			if !ok {
				d.errAt(boff, name, quote(string(b))+" is not a valid period (want YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD)")
				return
			}
			if name == "from" {
				c.From = p
			} else {
				c.To, c.toOff = p, boff
			}
		case "mode":
			c.Mode, _, _ = d.enum("mode", storyModeList, "a chart mode")
		case "relative":
			c.Relative, _ = d.boolean("relative")
		case "log":
			c.Log, _ = d.boolean("log")
		}
	})
}

func (s *storyDecoder) table(t *TableStop) {
	d := s.d
	d.object("table", tableStopFields, func(name string, koff int) {
		switch name {
		case "filter":
			b, _, _ := d.str("filter")
			t.Filter = string(b)
		case "sort":
			t.Sort, _, _ = d.enum("sort", storySortList, "a table column")
		case "desc":
			t.Desc, _ = d.boolean("desc")
		}
	})
}

func (s *storyDecoder) mapStop(m *MapStop) {
	d := s.d
	d.object("map", mapStopFields, func(name string, koff int) {
		switch name {
		case "focus":
			b, boff, ok := d.nonEmptyStr("focus")
			if !ok {
				return
			}
			e, found := s.ds.Entity(string(b))
			switch {
			case !found:
				d.errAt(boff, "focus", quote(string(b))+" is not an entity of the dataset")
			case !e.HasLatLon && len(e.Path) == 0:
				d.errAt(boff, "focus", "entity "+quote(string(b))+" has neither lat/lon nor a path, so the map cannot show it")
			default:
				m.Focus = string(b)
			}
		case "zoom":
			v, _, voff, ok := d.num("zoom")
			if ok && (v < 1 || v > mapZoomMax) {
				d.errAt(voff, "zoom", "zoom "+strconv.FormatFloat(v, 'f', -1, 64)+" is out of range (want 1.."+strconv.Itoa(mapZoomMax)+"; 1 is the whole region)")
				return
			}
			m.Zoom = v
		}
	})
}

// caption checks a caption's lines and resolves its placeholders
// {INDICATOR/ENTITY/PERIOD[/STATUS][|n]} against the dataset. off is where
// the caption's value starts, for messages.
func (s *storyDecoder) caption(t Text, off int) map[string]CaptionRef {
	d := s.d
	refs := map[string]CaptionRef{}
	for lang, text := range t {
		field := "caption"
		if lang != "" {
			field = "caption." + lang
		}
		at := s.textOffset(off, lang, text)
		lines := strings.Split(text, "\n")
		if len(lines) > 2 {
			d.errAt(at, field, "a caption has one or two lines, not "+strconv.Itoa(len(lines)))
		}
		for _, ln := range lines {
			if n := utf8.RuneCountInString(ln); n > captionLineMax {
				d.errAt(at, field, "a caption line is "+strconv.Itoa(n)+" characters long (at most "+strconv.Itoa(captionLineMax)+"; split it in two lines or shorten it)")
				break
			}
		}
		rest, base := text, 0
		for {
			i := strings.IndexByte(rest, '{')
			if i < 0 {
				break
			}
			j := strings.IndexByte(rest[i:], '}')
			if j < 0 {
				d.errAt(s.inString(at, text, base+i), field, "a \"{\" without its \"}\" (a figure is written {indicator/entity/period})")
				break
			}
			key := rest[i+1 : i+j]
			if _, done := refs[key]; !done {
				if r, msg := s.resolve(key); msg != "" {
					d.errAt(s.inString(at, text, base+i), field, msg)
				} else {
					refs[key] = r
				}
			}
			rest, base = rest[i+j+1:], base+i+j+1
		}
	}
	return refs
}

// textOffset finds where the caption's text in lang starts (its opening
// quote), for messages; off is where the caption's value starts.
func (s *storyDecoder) textOffset(off int, lang, text string) int {
	buf := s.d.buf
	if off < 0 || off >= len(buf) || buf[off] == '"' || lang == "" {
		return off
	}
	end := s.d.pos
	if end > len(buf) {
		end = len(buf)
	}
	seg := string(buf[off:end])
	if i := strings.Index(seg, strconv.Quote(lang)); i >= 0 {
		if j := strings.IndexByte(seg[i+len(lang)+2:], '"'); j >= 0 {
			return off + i + len(lang) + 2 + j
		}
	}
	return off
}

// inString is the offset of byte i of text, whose JSON string starts at
// quote, when the string is written without escapes; else the quote.
func (s *storyDecoder) inString(quote int, text string, i int) int {
	buf := s.d.buf
	if quote >= 0 && quote+1+len(text) < len(buf) && buf[quote] == '"' && string(buf[quote+1:quote+1+len(text)]) == text {
		return quote + 1 + i
	}
	return quote
}

// resolve reads a placeholder: INDICATOR/ENTITY/PERIOD[/STATUS][|n].
func (s *storyDecoder) resolve(key string) (CaptionRef, string) {
	var r CaptionRef
	spec := key
	if k, opt, ok := strings.Cut(key, "|"); ok {
		if opt != "n" {
			return r, "{" + key + "}: unknown option " + quote(opt) + " (|n gives the number without its unit)"
		}
		spec, r.Number = k, true
	}
	parts := strings.Split(spec, "/")
	if len(parts) < 3 || len(parts) > 4 {
		return r, "{" + key + "} is not a figure (want {indicator/entity/period}, {indicator/entity/period/status}, and |n for the number alone)"
	}
	ii, ok := s.ds.indicatorIdx[parts[0]]
	if !ok {
		return r, "{" + key + "}: " + quote(parts[0]) + " is not an indicator of the dataset" + s.suggestIndicator(parts[0])
	}
	ind := &s.ds.Indicators[ii]
	si := seriesOf(ind, parts[1])
	if si < 0 {
		return r, "{" + key + "}: indicator " + quote(parts[0]) + " has no series for " + quote(parts[1])
	}
	per, ok := ParsePeriod(parts[2])
	if !ok {
		return r, "{" + key + "}: " + quote(parts[2]) + " is not a valid period (want YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD)"
	}
	var status Status
	if len(parts) == 4 {
		if status, ok = ParseStatus(parts[3]); !ok {
			return r, "{" + key + "}: " + quote(parts[3]) + " is not a status (want actual, estimate, plan or target)"
		}
	}
	var found []int
	var statuses []string
	for pi, pt := range ind.Series[si].Points {
		if pt.Period == per && (len(parts) == 3 || pt.Status == status) {
			found = append(found, pi)
			statuses = append(statuses, pt.Status.String())
		}
	}
	switch {
	case len(found) == 0:
		return r, "{" + key + "}: " + quote(parts[1]) + " has no point of " + quote(parts[0]) + " for " + parts[2]
	case len(found) > 1:
		return r, "{" + key + "}: " + strconv.Itoa(len(found)) + " points for " + parts[2] + " (" + strings.Join(statuses, ", ") + "); add the status, e.g. {" + spec + "/" + statuses[0] + "}"
	}
	r.Ref = PointRef{I: int32(ii), S: int32(si), P: int32(found[0])}
	return r, ""
}

// CaptionText is the stop's caption in lang with every figure filled in by
// format (which writes the point's value, with its unit unless number).
// "{" starts a figure; nothing else in a caption is special.
func (p *Stop) CaptionText(lang string, format func(r PointRef, number bool) string) string {
	text := p.Caption.Get(lang)
	if !strings.Contains(text, "{") {
		return text
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(text[:i])
		if r, ok := p.Refs[text[i+1:i+j]]; ok {
			b.WriteString(format(r.Ref, r.Number))
		} else {
			b.WriteString(text[i : i+j+1])
		}
		text = text[i+j+1:]
	}
	b.WriteString(text)
	return b.String()
}
