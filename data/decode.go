package data

import (
	"strconv"
)

// document decodes one whole file into the loader's dataset.
func (d *decoder) document() {
	if len(d.buf) >= 3 && d.buf[0] == 0xEF && d.buf[1] == 0xBB && d.buf[2] == 0xBF {
		d.pos = 3 // a UTF-8 byte order mark
	}
	d.ws()
	switch d.peek() {
	case '{':
	case '[':
		d.syntax(d.pos, "the document is an array; want an object {\"format\": \""+FormatV1+"\", \"title\": ..., \"indicators\": [...]}")
	case 0:
		if d.pos >= len(d.buf) {
			d.syntax(d.pos, "the file is empty; want an object {\"format\": \""+FormatV1+"\", ...}")
		}
		d.unexpected("an object")
	default:
		d.checkValueStart()
		d.syntax(d.pos, "the document is "+d.kindName()+"; want an object {\"format\": \""+FormatV1+"\", ...}")
	}
	off, _ := d.objStart("")
	var f fieldSet
	ds := d.l.ds
	d.members(&f, documentFields, func(name string, koff int) {
		switch name {
		case "$schema":
			d.str("$schema")
		case "format":
			s, soff, ok := d.str("format")
			if ok && string(s) != FormatV1 {
				d.errAt(soff, "format", quote(string(s))+" is not a format this version reads (want \""+FormatV1+"\")")
			}
		case "title":
			if t, _ := d.text("title"); ds.Title == nil {
				ds.Title = t
			}
		case "description":
			if t, _ := d.text("description"); ds.Description == nil {
				ds.Description = t
			}
		case "updated":
			if p, ok := d.date("updated"); ok && p > ds.Updated {
				ds.Updated = p
			}
		case "sources":
			d.array("sources", d.source)
		case "entities":
			d.array("entities", d.entity)
		case "indicators":
			if d.array("indicators", d.indicator) == 0 {
				d.errAt(koff, "indicators", "no indicators (a file needs at least one)")
			}
		case "events":
			d.array("events", d.event)
		}
	})
	d.required(&f, off, documentFields, 1, 2, 5, 6, 7)
	d.ws()
	if d.pos < len(d.buf) {
		d.syntax(d.pos, "unexpected content after the end of the document (a file holds one JSON object)")
	}
}

// array decodes an array whose elements elem reads; it returns the number
// of elements (-1 when the value is not an array).
func (d *decoder) array(field string, elem func(i int)) int {
	if _, ok := d.arrStart(field); !ok {
		return -1
	}
	d.push(field)
	d.pushIdx(0)
	n := 0
	for ; d.nextElem(n, true); n++ {
		d.setIdx(n)
		d.ws()
		elem(n)
	}
	d.pop()
	d.pop()
	return n
}

// define records the definition of an id at idOff (-1 when the object has
// no usable id, which then stands at objOff); an id that is already
// defined is reported with the first definition's position.
func (d *decoder) define(kind string, idx map[string]int, defs *[]defPos, id string, idOff, objOff, n int) {
	if idOff < 0 {
		*defs = append(*defs, defPos{d.file, objOff})
		return
	}
	if i, dup := idx[id]; dup {
		first := (*defs)[i]
		d.errRef(idOff, "id", kind+" id "+quote(id)+" is already defined at ", first.file, first.off, " (ids must be unique; rename or remove one)")
	} else {
		idx[id] = n
	}
	*defs = append(*defs, defPos{d.file, idOff})
}

// refer records a reference r to a name at off, checked once every file
// is read.
func (d *decoder) refer(r ref, off int, field string) {
	r.file, r.off, r.path = d.file, off, d.pathString(field)
	d.l.refs = append(d.l.refs, r)
}

func (d *decoder) source(int) {
	off, ok := d.objStart("")
	if !ok {
		return
	}
	var f fieldSet
	var s Source
	idOff := -1
	d.members(&f, sourceFields, func(name string, koff int) {
		switch name {
		case "id":
			s.ID, idOff, _ = d.id("source", isSlug, slugRule)
		case "title":
			s.Title, _ = d.text("title")
		case "publisher":
			s.Publisher = d.optStr("publisher")
		case "date":
			s.Date, _ = d.date("date")
		case "url":
			s.URL = d.optStr("url")
		case "note":
			s.Note, _ = d.text("note")
		}
	})
	d.required(&f, off, sourceFields, 0, 1, 2)
	ds := d.l.ds
	d.define("source", ds.sourceIdx, &d.l.srcDef, s.ID, idOff, off, len(ds.Sources))
	ds.Sources = append(ds.Sources, s)
}

func (d *decoder) entity(int) {
	off, ok := d.objStart("")
	if !ok {
		return
	}
	var f fieldSet
	var e Entity
	idOff, kindOff := -1, -1
	goodID, hasLat, hasLon := false, false, false
	d.members(&f, entityFields, func(name string, koff int) {
		switch name {
		case "id":
			e.ID, idOff, goodID = d.id("entity", isEntityID, entityIDRule)
		case "name":
			e.Name, _ = d.text("name")
		case "kind":
			if k, at, ok := d.enum("kind", kindList, "an entity kind"); ok {
				e.Kind, kindOff = EntityKind(k), at
			}
		case "members":
			e.Members = d.idList("members", refMember)
		case "lat":
			e.Lat, hasLat = d.coord("lat", "latitude", 90)
		case "lon":
			e.Lon, hasLon = d.coord("lon", "longitude", 180)
		case "path":
			e.Path = d.idList("path", refPathNode)
		case "note":
			e.Note, _ = d.text("note")
		case "status":
			if s, _, ok := d.enum("status", lineList, "a line status"); ok {
				e.Status = LineStatus(s)
			}
		}
	})
	d.required(&f, off, entityFields, 0, 1, 2)
	if f.has(4) != f.has(5) {
		missing := "lon"
		if !f.has(4) {
			missing = "lat"
		}
		d.errAt(off, "", "missing field \""+missing+"\" (give both lat and lon, or neither)")
	}
	e.HasLatLon = hasLat && hasLon
	if goodID && kindOff >= 0 {
		switch e.Kind {
		case KindMember, KindObserver, KindCountry:
			if !isCountryCode(e.ID) {
				d.errAt(idOff, "id", quote(e.ID)+" is not an ISO 3166-1 alpha-2 code (a "+string(e.Kind)+" id is two capital letters, e.g. \"KZ\")")
			}
		}
	}
	ds := d.l.ds
	d.define("entity", ds.entityIdx, &d.l.entDef, e.ID, idOff, off, len(ds.Entities))
	ds.Entities = append(ds.Entities, e)
}

// idList reads an array of entity ids whose references are checked once
// every file is read.
func (d *decoder) idList(field string, target refTarget) []string {
	var ids []string
	d.array(field, func(int) {
		if b, boff, ok := d.str(""); ok {
			ids = append(ids, string(b))
			d.refer(ref{target: target, name: string(b), a: -1}, boff, "")
		}
	})
	return ids
}

func (d *decoder) indicator(int) {
	off, ok := d.objStart("")
	if !ok {
		return
	}
	ds := d.l.ds
	gi := len(ds.Indicators)
	ds.Indicators = append(ds.Indicators, Indicator{HigherIsBetter: true})
	var f fieldSet
	ind := Indicator{HigherIsBetter: true}
	idOff := -1
	maxDec := 0
	d.members(&f, indicatorFields, func(name string, koff int) {
		switch name {
		case "id":
			ind.ID, idOff, _ = d.id("indicator", isSlug, slugRule)
		case "name":
			ind.Name, _ = d.text("name")
		case "topic":
			if t, _, ok := d.enum("topic", topicList, "a topic"); ok {
				ind.Topic = Topic(t)
			}
		case "unit":
			ind.Unit, _ = d.text("unit")
		case "description":
			ind.Description, _ = d.text("description")
		case "decimals":
			if v, _, voff, ok := d.num("decimals"); ok {
				if v != float64(int(v)) || v < 0 || v > 6 {
					d.errAt(voff, "decimals", "decimals must be a whole number from 0 to 6, not "+string(d.buf[voff:d.pos]))
				} else {
					ind.Decimals, ind.DecimalsSet = int(v), true
				}
			}
		case "higher_is_better":
			ind.HigherIsBetter, _ = d.boolean("higher_is_better")
		case "series":
			var entOffs []int
			cnt := d.array("series", func(int) {
				d.series(gi, &ind, &entOffs, &maxDec)
			})
			if cnt == 0 {
				d.errAt(koff, "series", "no series (an indicator needs at least one)")
			}
		}
	})
	d.required(&f, off, indicatorFields, 0, 1, 2, 3, 7)
	if !ind.DecimalsSet {
		ind.Decimals = min(maxDec, 2)
	}
	d.define("indicator", ds.indicatorIdx, &d.l.indDef, ind.ID, idOff, off, gi)
	ds.Indicators[gi] = ind
}

func (d *decoder) series(gi int, ind *Indicator, entOffs *[]int, maxDec *int) {
	off, ok := d.objStart("")
	if !ok {
		return
	}
	si := len(ind.Series)
	ind.Series = append(ind.Series, Series{EntityIdx: -1})
	var f fieldSet
	s := Series{EntityIdx: -1}
	entOff := -1
	d.members(&f, seriesFields, func(name string, koff int) {
		switch name {
		case "entity":
			if b, boff, ok := d.str("entity"); ok {
				s.Entity, entOff = string(b), boff
			}
		case "points":
			s.Points = d.points(gi, si, maxDec, koff)
		}
	})
	d.required(&f, off, seriesFields, 0, 1)
	if entOff >= 0 {
		for i, o := range *entOffs {
			if o >= 0 && ind.Series[i].Entity == s.Entity {
				d.errRef(entOff, "entity", "a second series for entity "+quote(s.Entity)+" (the first is at ", d.file, o, "; merge the points into one series)")
				break
			}
		}
		if i, ok := d.l.ds.entityIdx[s.Entity]; ok {
			s.EntityIdx = i
		} else {
			d.refer(ref{target: refSeriesEntity, name: s.Entity, a: gi, b: si}, entOff, "entity")
		}
	}
	*entOffs = append(*entOffs, entOff)
	ind.Series[si] = s
}

// points decodes a series' points, checking their order. It is the hot
// loop of a large file.
func (d *decoder) points(gi, si int, maxDec *int, koff int) []Point {
	if _, ok := d.arrStart("points"); !ok {
		return nil
	}
	// Points collect in a scratch slice reused across series, then move
	// to a slice of the exact size: no growth garbage in a large file.
	pts := d.scratch[:0]
	d.push("points")
	d.pushIdx(0)
	ds := d.l.ds
	n := 0
	for ; d.nextElem(n, true); n++ {
		d.setIdx(n)
		d.ws()
		off, ok := d.objStart("")
		if !ok {
			continue
		}
		var f fieldSet
		p := Point{Source: -1}
		valid := true
		perOff := -1
		srcOff := -1
		var srcName []byte
		for k := 0; ; k++ {
			key, koff, more := d.nextKey(k)
			if !more {
				break
			}
			switch string(key) {
			case "period":
				if !d.field(&f, 0, "period", koff) {
					continue
				}
				b, boff, ok := d.str("period")
				if !ok {
					valid = false
					continue
				}
				per, ok := ParsePeriod(bstr(b))
				if !ok {
					d.errAt(boff, "period", quote(string(b))+" is not a valid period (want YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD)")
					valid = false
					continue
				}
				p.Period, perOff = per, boff
			case "value":
				if !d.field(&f, 1, "value", koff) {
					continue
				}
				v, dec, _, ok := d.num("value")
				if !ok {
					valid = false
					continue
				}
				p.Value = v
				if dec > *maxDec {
					*maxDec = dec
				}
			case "status":
				if !d.field(&f, 2, "status", koff) {
					continue
				}
				b, boff, ok := d.str("status")
				if !ok {
					valid = false
					continue
				}
				switch string(b) {
				case "actual":
					p.Status = Actual
				case "estimate":
					p.Status = Estimate
				case "plan":
					p.Status = Plan
				case "target":
					p.Status = Target
				default:
					d.errAt(boff, "status", quote(string(b))+" is not a status (want actual, estimate, plan or target)")
					valid = false
				}
			case "source":
				if !d.field(&f, 3, "source", koff) {
					continue
				}
				b, boff, ok := d.str("source")
				if !ok {
					continue
				}
				if d.lastSrcOK && string(b) == d.lastSrc {
					p.Source = d.lastSrcIdx // consecutive points often cite one source
				} else if i, ok := ds.sourceIdx[string(b)]; ok {
					p.Source = int32(i)
					d.lastSrc, d.lastSrcIdx, d.lastSrcOK = ds.Sources[i].ID, int32(i), true
				} else {
					srcName, srcOff = b, boff
				}
			case "note":
				if !d.field(&f, 4, "note", koff) {
					continue
				}
				if t, ok := d.text("note"); ok {
					p.Note = int32(len(ds.Notes))
					ds.Notes = append(ds.Notes, t)
				}
			default:
				d.unknownField(key, koff, pointFields)
			}
		}
		if f.mask&7 != 7 {
			d.required(&f, off, pointFields, 0, 1, 2)
			valid = false
		}
		pi := -1
		if valid {
			if m := len(pts); m > 0 {
				d.checkOrder(pts, p, perOff)
			}
			pi = len(pts)
			pts = append(pts, p)
		}
		if srcOff >= 0 {
			d.refer(ref{target: refPointSource, name: string(srcName), a: gi, b: si, c: pi}, srcOff, "source")
		}
	}
	d.pop()
	d.pop()
	if n == 0 {
		d.errAt(koff, "points", "no points (a series needs at least one)")
	}
	d.scratch = pts[:0]
	if len(pts) == 0 {
		return nil
	}
	return append([]Point(nil), pts...)
}

// checkOrder reports p when it starts before the last point, or repeats
// the period and status of an earlier point.
func (d *decoder) checkOrder(pts []Point, p Point, off int) {
	last := pts[len(pts)-1]
	start := p.Period >> 2
	if last.Period>>2 > start {
		d.errAt(off, "period", "period "+strconv.Quote(p.Period.String())+" starts before the previous point's "+strconv.Quote(last.Period.String())+" (order points by period)")
		return
	}
	for j := len(pts) - 1; j >= 0 && pts[j].Period>>2 == start; j-- {
		if pts[j].Period == p.Period && pts[j].Status == p.Status {
			d.errAt(off, "period", "a second "+strconv.Quote(p.Status.String())+" point for period "+strconv.Quote(p.Period.String())+" (two points may share a period only if their statuses differ)")
			return
		}
	}
}

func (d *decoder) event(int) {
	off, ok := d.objStart("")
	if !ok {
		return
	}
	ds := d.l.ds
	ei := len(ds.Events)
	ds.Events = append(ds.Events, Event{Source: -1})
	var f fieldSet
	e := Event{Source: -1}
	d.members(&f, eventFields, func(name string, koff int) {
		switch name {
		case "date":
			e.Date, _ = d.date("date")
		case "title":
			e.Title, _ = d.text("title")
		case "place":
			e.Place, _ = d.text("place")
		case "source":
			if b, boff, ok := d.str("source"); ok {
				d.refer(ref{target: refEventSource, name: string(b), a: ei}, boff, "source")
			}
		case "participants":
			d.array("participants", func(int) {
				if p, ok := d.participant(); ok {
					e.Participants = append(e.Participants, p)
				}
			})
		}
	})
	d.required(&f, off, eventFields, 0, 1)
	ds.Events[ei] = e
}

func (d *decoder) participant() (Participant, bool) {
	off, ok := d.objStart("")
	if !ok {
		return Participant{}, false
	}
	var f fieldSet
	var p Participant
	d.members(&f, participantFields, func(name string, koff int) {
		switch name {
		case "entity":
			if b, boff, ok := d.str("entity"); ok {
				p.Entity = string(b)
				d.refer(ref{target: refParticipant, name: p.Entity, a: -1}, boff, "entity")
			}
		case "person":
			p.Person = d.optStr("person")
		case "role":
			p.Role, _ = d.text("role")
		}
	})
	d.required(&f, off, participantFields, 0, 1)
	return p, true
}

// String is the status as written in files.
func (s Status) String() string {
	switch s {
	case Actual:
		return "actual"
	case Estimate:
		return "estimate"
	case Plan:
		return "plan"
	case Target:
		return "target"
	}
	return "status(" + strconv.Itoa(int(s)) + ")"
}

// ParseStatus reads a status as written in files.
func ParseStatus(s string) (Status, bool) {
	for st := Actual; st <= Target; st++ {
		if s == st.String() {
			return st, true
		}
	}
	return 0, false
}
